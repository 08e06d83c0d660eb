using RailwayOps.Core.Variables;
using Xunit;

namespace RailwayOps.Core.Tests.Variables;

public sealed class DotEnvParserTests
{
    private static Dictionary<string, string> Parse(string text) =>
        DotEnvParser.Parse(text).ToDictionary(entry => entry.Name, entry => entry.Value);

    [Fact]
    public void SkipsCommentsAndBlankLinesAndReadsPlainValues()
    {
        var values = Parse("# comment\n\n   \n  # indented comment\nNAME=value\nOTHER=two words\n");

        Assert.Equal(new Dictionary<string, string> { ["NAME"] = "value", ["OTHER"] = "two words" }, values);
    }

    [Fact]
    public void IgnoresExportPrefixButNotANameStartingWithExport()
    {
        var values = Parse("export A=1\nexport\tB=2\nEXPORTED=3\nexporter=4");

        Assert.Equal("1", values["A"]);
        Assert.Equal("2", values["B"]);
        Assert.Equal("3", values["EXPORTED"]);
        Assert.Equal("4", values["exporter"]);
    }

    [Theory]
    [InlineData("A=a=b=c", "a=b=c")]
    [InlineData("A=", "")]
    [InlineData("A =  spaced  ", "spaced")]
    [InlineData("A=kept # comment", "kept")]
    [InlineData("A=abc#def", "abc#def")]
    [InlineData("A=#not-a-comment", "#not-a-comment")]
    [InlineData("A=''", "")]
    [InlineData("A=\"\"", "")]
    [InlineData("A=\"x\" # trailing comment", "x")]
    [InlineData("A='x # not a comment'", "x # not a comment")]
    public void ReadsValues(string line, string expected)
    {
        Assert.Equal(expected, Parse(line)["A"]);
    }

    [Fact]
    public void TakesSingleQuotedValuesLiterally()
    {
        Assert.Equal(@"a\nb \t ${X} ""q""", Parse(@"A='a\nb \t ${X} ""q""'")["A"]);
    }

    [Fact]
    public void UnderstandsEscapesInDoubleQuotes()
    {
        Assert.Equal("a\nb\tc\rd\"e\\f$g\\h", Parse(@"A=""a\nb\tc\rd\""e\\f\$g\h""")["A"]);
    }

    [Fact]
    public void NeverExpandsReferences()
    {
        var values = Parse("A=\"${HOME}/x\"\nB=${{Postgres.DATABASE_URL}}\nC=$OTHER");

        Assert.Equal("${HOME}/x", values["A"]);
        Assert.Equal("${{Postgres.DATABASE_URL}}", values["B"]);
        Assert.Equal("$OTHER", values["C"]);
    }

    [Fact]
    public void ReadsMultiLineQuotedValuesAndGoesOnAfterThem()
    {
        var entries = DotEnvParser.Parse("KEY=\"-----BEGIN KEY-----\nline = two\n# not a comment\n-----END KEY-----\"\nNEXT=after\nS='one\ntwo'");

        Assert.Equal("-----BEGIN KEY-----\nline = two\n# not a comment\n-----END KEY-----", entries[0].Value);
        Assert.Equal(1, entries[0].LineNumber);
        Assert.Equal(("NEXT", "after", 5), (entries[1].Name, entries[1].Value, entries[1].LineNumber));
        Assert.Equal("one\ntwo", entries[2].Value);
    }

    [Fact]
    public void HandlesWindowsLineEndings()
    {
        var values = Parse("A=1\r\nB=\"x\r\ny\"\r\n");

        Assert.Equal("1", values["A"]);
        Assert.Equal("x\ny", values["B"]);
    }

    [Fact]
    public void KeepsTheLastValueOfADuplicateName()
    {
        var entries = DotEnvParser.Parse("A=first\nB=b\nA=second");

        Assert.Equal(new[] { "B", "A" }, entries.Select(e => e.Name));
        Assert.Equal("second", entries.Single(e => e.Name == "A").Value);
    }

    [Theory]
    [InlineData("A=1\nB=\"unclosed secret-value\nC=3", 2, "never closed")]
    [InlineData("A='unclosed secret-value", 1, "never closed")]
    [InlineData("A=1\nthis is secret-value text", 2, "no '=' found")]
    [InlineData("1A=secret-value", 1, "not a valid variable name")]
    [InlineData("MY-NAME=secret-value", 1, "not a valid variable name")]
    [InlineData("=secret-value", 1, "not a valid variable name")]
    [InlineData("A=\"secret-value\" trailing", 1, "unexpected text after the closing")]
    public void ReportsTheLineAndTheReasonButNeverTheValue(string text, int line, string reason)
    {
        var error = Assert.Throws<DotEnvFormatException>(() => DotEnvParser.Parse(text, "app.env"));

        Assert.Equal(line, error.LineNumber);
        Assert.Equal("app.env", error.FilePath);
        Assert.Contains($"app.env line {line}", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeverPrintsAValueThroughToString()
    {
        var entry = DotEnvParser.Parse("A=secret-value")[0];

        Assert.DoesNotContain("secret-value", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsLoneCarriageReturnsAsLineEndings()
    {
        var values = Parse("A=1\rB=two\r# comment\rC=\"multi\rline\"\r");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two", ["C"] = "multi\nline" }, values);
    }

    [Fact]
    public void ReadsMixedLineEndingsLineByLine()
    {
        var entries = DotEnvParser.Parse("A=1\r\nB=2\rC=3\nD=4");

        Assert.Equal(new[] { ("A", "1", 1), ("B", "2", 2), ("C", "3", 3), ("D", "4", 4) }, entries.Select(e => (e.Name, e.Value, e.LineNumber)));
    }

    [Theory]
    [InlineData("A=ok\nB=secret\0value", 2)]
    [InlineData("A='secret\0value'", 1)]
    [InlineData("A=\"secret\0value\"", 1)]
    public void RefusesANulInAValueWithoutQuotingIt(string text, int line)
    {
        var error = Assert.Throws<DotEnvFormatException>(() => DotEnvParser.Parse(text, "app.env"));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
