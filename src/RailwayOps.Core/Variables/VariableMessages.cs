namespace RailwayOps.Core.Variables;

/// <summary>
/// Every user-facing text about variables. None of them ever receives a variable's value: only names,
/// line numbers and counts, so a message can never leak a secret even before redaction.
/// </summary>
public static class VariableMessages
{
    /// <summary>{0} file, {1} line number, {2} reason.</summary>
    public const string DotEnvLine = "{0} line {1}: {2}";

    public const string DotEnvMissingEquals = "expected NAME=value (no '=' found)";

    public const string DotEnvInvalidName = "the name before '=' is not a valid variable name (letters, digits and underscores, not starting with a digit)";

    /// <summary>{0} quote character.</summary>
    public const string DotEnvUnterminatedQuote = "the value opened with {0} is never closed";

    /// <summary>{0} quote character.</summary>
    public const string DotEnvTextAfterQuote = "unexpected text after the closing {0} (only a # comment may follow)";

    public const string DotEnvNulInValue = "the value holds a NUL character, which no process environment can hold";

    public const string DotEnvSource = "the .env text";

    /// <summary>{0} names.</summary>
    public const string NotApplied = "Railway accepted the change but reading the variables back shows it was not applied to: {0}.";

    /// <summary>{0} names.</summary>
    public const string StillPresent = "Railway accepted the removal but reading the variables back still shows: {0}.";

    /// <summary>{0} operation name.</summary>
    public const string Rejected = "Railway answered false to {0}; nothing was changed.";

    public const string NoChangeNeeded = "Every variable already has the requested value; nothing to write.";

    /// <summary>{0} count, {1} target.</summary>
    public const string Writing = "Writing {0} variable(s) to {1} in one request.";

    /// <summary>{0} new, {1} changed, {2} unchanged, {3} removed.</summary>
    public const string Plan = "{0} new, {1} changed, {2} unchanged, {3} removed";

    /// <summary>{0} environment.</summary>
    public const string SharedTarget = "the shared variables of environment {0}";

    /// <summary>{0} service, {1} environment.</summary>
    public const string ServiceTarget = "service {0} in environment {1}";

    public static string Format(string format, params object?[] arguments) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arguments);
}
