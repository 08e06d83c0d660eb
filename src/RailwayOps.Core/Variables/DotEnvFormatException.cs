namespace RailwayOps.Core.Variables;

/// <summary>
/// A .env file has a line that cannot be read. The message names the file and line and says what is
/// wrong, but never quotes the line: it may hold a secret.
/// </summary>
public sealed class DotEnvFormatException : FormatException
{
    public DotEnvFormatException(string filePath, int lineNumber, string reason)
        : base(VariableMessages.Format(VariableMessages.DotEnvLine, filePath, lineNumber, reason))
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The file (or "the .env text") the line came from.</summary>
    public string FilePath { get; }

    /// <summary>1-based number of the offending line (for an unclosed quote, the line that opened it).</summary>
    public int LineNumber { get; }

    public string Reason { get; }
}
