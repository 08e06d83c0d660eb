using System.Text;

namespace RailwayOps.Core.CiRunner;

/// <summary>
/// The escaping rules of the two runners' logging commands. A value that is not escaped can end the
/// command early (a newline) or be read as another command, so every piece of text goes through here.
/// </summary>
public static class WorkflowCommandEscaping
{
    /// <summary>GitHub Actions, a command's message: % CR LF (actions/toolkit's escapeData).</summary>
    public static string GitHubData(string? value) =>
        Replace(value, ("%", "%25"), ("\r", "%0D"), ("\n", "%0A"));

    /// <summary>GitHub Actions, a property value such as title=: also ':' and ',' (escapeProperty).</summary>
    public static string GitHubProperty(string? value) =>
        Replace(value, ("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"));

    /// <summary>Azure Pipelines, a command's message: % CR LF (azure-pipelines-task-lib's escapedata).</summary>
    public static string AzureData(string? value) =>
        Replace(value, ("%", "%AZP25"), ("\r", "%0D"), ("\n", "%0A"));

    /// <summary>Azure Pipelines, a property value: also ']' and ';', which end a property list.</summary>
    public static string AzureProperty(string? value) =>
        Replace(value, ("%", "%AZP25"), ("\r", "%0D"), ("\n", "%0A"), ("]", "%5D"), (";", "%3B"));

    /// <summary>
    /// A line of someone else's text (an app's log) shown raw on an Azure Pipelines log: Azure has no
    /// stop-commands, so a "##vso[" or "##[" inside it is broken up to keep it from being obeyed.
    /// </summary>
    public static string AzureInertLine(string? line) =>
        Replace(line, ("##vso[", "#\u200B#vso["), ("##[", "#\u200B#["));

    private static string Replace(string? value, params (string From, string To)[] rules)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // One pass, left to right, so a replacement is never replaced again ("%0A" stays as written).
        var text = new StringBuilder(value.Length);
        var index = 0;
        while (index < value.Length)
        {
            var matched = false;
            foreach (var (from, to) in rules)
            {
                if (string.CompareOrdinal(value, index, from, 0, from.Length) == 0)
                {
                    text.Append(to);
                    index += from.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                text.Append(value[index]);
                index++;
            }
        }

        return text.ToString();
    }
}
