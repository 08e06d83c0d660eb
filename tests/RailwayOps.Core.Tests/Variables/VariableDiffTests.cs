using RailwayOps.Core.Variables;
using Xunit;

namespace RailwayOps.Core.Tests.Variables;

public sealed class VariableDiffTests
{
    private static readonly Dictionary<string, string?> Current = new()
    {
        ["SAME"] = "1",
        ["CHANGED"] = "old",
        ["EXTRA"] = "x",
        ["case"] = "lower",
    };

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);

    [Fact]
    public void ClassifiesEachDesiredNameInOrder()
    {
        var changes = VariableDiff.Compare(Current, new[] { Pair("NEW", "n"), Pair("SAME", "1"), Pair("CHANGED", "new"), Pair("CASE", "lower") }, replace: false);

        Assert.Equal(new[]
        {
            new VariableChange("NEW", VariableChangeKind.New),
            new VariableChange("SAME", VariableChangeKind.Unchanged),
            new VariableChange("CHANGED", VariableChangeKind.Changed),
            new VariableChange("CASE", VariableChangeKind.New),
        }, changes);
        Assert.True(VariableDiff.RequiresWrite(changes));
    }

    [Fact]
    public void ComparesValuesExactly()
    {
        var changes = VariableDiff.Compare(new Dictionary<string, string?> { ["A"] = "x", ["B"] = null }, new[] { Pair("A", "x "), Pair("B", "") }, replace: false);

        Assert.All(changes, change => Assert.Equal(VariableChangeKind.Changed, change.Kind));
    }

    [Fact]
    public void ListsRemovedNamesOnlyWhenReplacing()
    {
        var keep = VariableDiff.Compare(Current, new[] { Pair("SAME", "1") }, replace: false);
        var replace = VariableDiff.Compare(Current, new[] { Pair("SAME", "1") }, replace: true);

        Assert.DoesNotContain(keep, change => change.Kind == VariableChangeKind.Removed);
        Assert.False(VariableDiff.RequiresWrite(keep));
        Assert.Equal(new[] { "CHANGED", "EXTRA", "case" }, replace.Where(c => c.Kind == VariableChangeKind.Removed).Select(c => c.Name));
        Assert.True(VariableDiff.RequiresWrite(replace));
    }

    [Fact]
    public void FindsWritesThatDidNotTakeEffect()
    {
        var readBack = new Dictionary<string, string?> { ["A"] = "new", ["B"] = "old" };

        var missing = VariableDiff.FindNotApplied(readBack, new[] { Pair("A", "new"), Pair("B", "new"), Pair("C", "c") });

        Assert.Equal(new[] { "B", "C" }, missing);
    }

    [Fact]
    public void FindsNamesStillPresentAfterRemoval()
    {
        Assert.Equal(new[] { "B" }, VariableDiff.FindStillPresent(new Dictionary<string, string?> { ["B"] = "1" }, new[] { "A", "B" }));
    }
}
