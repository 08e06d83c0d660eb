using System.Globalization;
using System.Text;

namespace RailwayOps.Core.CiRunner;

/// <summary>
/// Builds the Markdown of a job summary section: a heading, a two-column facts table, an optional stages
/// table and log tails in collapsed fenced blocks. Cell text is escaped so a '|' or a newline in a
/// commit message cannot break the table, and a fence is always longer than any backtick run inside it.
/// </summary>
public sealed class CiSummaryBuilder
{
    private readonly StringBuilder markdown = new();
    private bool factsOpen;

    public CiSummaryBuilder(string heading)
    {
        markdown.Append("### ").AppendLine(Inline(heading)).AppendLine();
    }

    /// <summary>A row of the facts table; rows with no value are left out.</summary>
    public CiSummaryBuilder Fact(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }

        if (!factsOpen)
        {
            markdown.AppendLine("| | |").AppendLine("|---|---|");
            factsOpen = true;
        }

        markdown.Append("| **").Append(Cell(name)).Append("** | ").Append(Cell(value)).AppendLine(" |");
        return this;
    }

    /// <summary>A table with a header row; each row has as many cells as the header.</summary>
    public CiSummaryBuilder Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        CloseFacts();
        markdown.Append("| ").AppendJoin(" | ", header.Select(Cell)).AppendLine(" |");
        markdown.Append('|').AppendJoin('|', header.Select(_ => "---")).AppendLine("|");
        foreach (var row in rows)
        {
            markdown.Append("| ").AppendJoin(" | ", row.Select(c => Cell(c ?? string.Empty))).AppendLine(" |");
        }

        markdown.AppendLine();
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public CiSummaryBuilder Paragraph(string text)
    {
        CloseFacts();
        markdown.AppendLine(Inline(text)).AppendLine();
        return this;
    }

    /// <summary>A command to run, as inline code.</summary>
    public CiSummaryBuilder Command(string label, string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return this;
        }

        CloseFacts();
        var fence = new string('`', LongestBacktickRun(command) + 1);
        var pad = command.StartsWith('`') || command.EndsWith('`') ? " " : string.Empty;
        markdown.Append(Inline(label)).Append(' ').Append(fence).Append(pad).Append(command.ReplaceLineEndings(" ")).Append(pad).Append(fence).AppendLine().AppendLine();
        return this;
    }

    /// <summary>Lines in a collapsed block (<c>&lt;details&gt;</c>) with a fenced text body; nothing when empty.</summary>
    public CiSummaryBuilder Details(string summary, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return this;
        }

        CloseFacts();
        var fence = new string('`', Math.Max(3, lines.Select(LongestBacktickRun).DefaultIfEmpty(0).Max() + 1));
        markdown.Append("<details><summary>").Append(System.Net.WebUtility.HtmlEncode(summary)).AppendLine("</summary>").AppendLine();
        markdown.Append(fence).AppendLine("text");
        foreach (var line in lines)
        {
            markdown.AppendLine(line.TrimEnd('\r', '\n'));
        }

        markdown.AppendLine(fence).AppendLine().AppendLine("</details>").AppendLine();
        return this;
    }

    public string Build()
    {
        CloseFacts();
        return markdown.ToString();
    }

    public override string ToString() => Build();

    /// <summary>Seconds with one decimal, or minutes and seconds past a minute.</summary>
    public static string Duration(TimeSpan duration) => duration.TotalSeconds < 60
        ? string.Format(CultureInfo.InvariantCulture, "{0:0.0} s", duration.TotalSeconds)
        : string.Format(CultureInfo.InvariantCulture, "{0} min {1:00} s", (int)duration.TotalMinutes, duration.Seconds);

    private void CloseFacts()
    {
        if (factsOpen)
        {
            markdown.AppendLine();
            factsOpen = false;
        }
    }

    private static string Inline(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Cell(string text) => System.Net.WebUtility.HtmlEncode(Inline(text)).Replace("|", "\\|", StringComparison.Ordinal);

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
