using System.Globalization;
using System.Management.Automation;
using System.Security;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Commands;

/// <summary>Turns what a user passes as a value (string, SecureString, number...) into text, and text into a SecureString.</summary>
internal static class VariableValue
{
    /// <summary>The plain text of a value, registered for redaction before anything can print it.</summary>
    /// <exception cref="InvalidVariableValueException">The value is null, not a string, SecureString or scalar, or holds a NUL character.</exception>
    public static string ToPlain(object? value, string name)
    {
        var unwrapped = value is PSObject wrapper ? wrapper.BaseObject : value;
        var text = unwrapped switch
        {
            null => throw new InvalidVariableValueException(string.Format(CultureInfo.InvariantCulture, CmdletText.InvalidVariableValue, name)),
            SecureString secure => SecureText.ToPlain(secure),
            string plain => plain,
            IConvertible convertible => convertible.ToString(CultureInfo.InvariantCulture),
            _ => throw new InvalidVariableValueException(string.Format(CultureInfo.InvariantCulture, CmdletText.UnsupportedVariableValue, name, unwrapped.GetType().Name)),
        };
        Redactor.Global.RegisterValue(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidVariableValueException(string.Format(CultureInfo.InvariantCulture, CmdletText.VariableValueHasNul, name));
        }

        return text;
    }

    public static SecureString ToSecureString(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
