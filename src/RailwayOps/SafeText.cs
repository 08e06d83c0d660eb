using RailwayOps.Core.Secrets;
using RailwayOps.Core.Text;

namespace RailwayOps;

/// <summary>
/// The one way text reaches the user's terminal from the cmdlet layer: secrets redacted, and control
/// characters (ESC sequences from names or log lines) made visible instead of obeyed.
/// </summary>
internal static class SafeText
{
    public static string Of(string? text) => TerminalText.Message(Redactor.Global.Redact(text ?? string.Empty));
}
