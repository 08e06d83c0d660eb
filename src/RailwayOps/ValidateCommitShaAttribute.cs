using System.Management.Automation;

namespace RailwayOps;

/// <summary>A commit hash or an unambiguous prefix: 7 to 40 hexadecimal characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateCommitShaAttribute : ValidateArgumentsAttribute
{
    public const int MinimumLength = 7;
    public const int MaximumLength = 40;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is not string sha || !IsCommitSha(sha))
        {
            throw new ValidationMetadataException(string.Format(System.Globalization.CultureInfo.InvariantCulture, CmdletText.InvalidCommitSha, arguments));
        }
    }

    public static bool IsCommitSha(string value) =>
        value.Length is >= MinimumLength and <= MaximumLength && value.All(Uri.IsHexDigit);
}
