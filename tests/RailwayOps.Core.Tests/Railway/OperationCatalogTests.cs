using GraphQLParser.AST;
using RailwayOps.Core.Railway.Transport;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>
/// Shared selections live once, in Railway/Fragments; the catalog appends what each operation
/// spreads. These hold the composed documents complete and free of duplicates, and make a bad spread fail
/// in the catalog rather than as a GraphQL error from Railway.
/// </summary>
public sealed class OperationCatalogTests
{
    private static readonly Dictionary<string, string> SampleFragments = new(StringComparer.Ordinal)
    {
        ["A"] = "fragment A on T {\n  a\n  ...B\n  ...C\n}\n",
        ["B"] = "fragment B on T {\n  b\n  ...C\n}\n",
        ["C"] = "fragment C on T {\n  c\n}\n",
        ["Unused"] = "fragment Unused on T {\n  u\n}\n",
    };

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var name in OperationCatalog.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void EachComposedDocumentDefinesEveryFragmentItSpreadsExactlyOnceAndNoOther(string name)
    {
        var document = GraphQLParser.Parser.Parse(OperationCatalog.Get(name));

        var defined = document.Definitions.OfType<GraphQLFragmentDefinition>().Select(each => each.FragmentName.Name.StringValue).ToList();
        Assert.Equal(defined.Distinct().Count(), defined.Count);
        Assert.Equal(SpreadNames(document).OrderBy(each => each, StringComparer.Ordinal), defined.OrderBy(each => each, StringComparer.Ordinal));
        Assert.Single(document.Definitions.OfType<GraphQLOperationDefinition>());
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("Deployments")]
    [InlineData("DeploymentRedeploy")]
    [InlineData("LatestDeployment")]
    [InlineData("DeploymentUpdates")]
    public void EveryDeploymentReadCarriesTheOneDeploymentFragmentOnce(string name)
    {
        var document = OperationCatalog.Get(name);

        Assert.Equal(1, Occurrences(document, "fragment DeploymentFields on Deployment"));
        Assert.DoesNotContain("fragment", OperationCatalog.Source(name), StringComparison.Ordinal);
    }

    [Fact]
    public void AFragmentNeededTwiceDirectlyAndThroughAnotherIsAppendedOnceInTheOrderFirstSpread()
    {
        var composed = OperationCatalog.Compose("Q", "query Q {\n  t {\n    ...A\n    ...C\n  }\n  u {\n    ...A\n  }\n}\n", SampleFragments);

        Assert.Equal(
            "query Q {\n  t {\n    ...A\n    ...C\n  }\n  u {\n    ...A\n  }\n}\n\n"
            + "fragment A on T {\n  a\n  ...B\n  ...C\n}\n\n"
            + "fragment B on T {\n  b\n  ...C\n}\n\n"
            + "fragment C on T {\n  c\n}\n",
            composed);
        Assert.DoesNotContain("Unused", composed, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperationWithoutSpreadsIsSentAsWritten()
    {
        const string text = "mutation M($id: String!) {\n  m(id: $id)\n}\n";

        Assert.Same(text, OperationCatalog.Compose("M", text, SampleFragments));
        Assert.Equal(OperationCatalog.Source("DeploymentRestart"), OperationCatalog.Get("DeploymentRestart"));
    }

    [Fact]
    public void InlineFragmentsAndDotsInCommentsOrStringsAreNotSpreads()
    {
        const string text = "# ...Commented\nquery Q {\n  t(filter: \"...Quoted\", note: \"\"\"...Block \\\"\"\" ...Escaped\"\"\") {\n    ... on T {\n      a\n    }\n    ... @include(if: true) {\n      b\n    }\n  }\n}\n";

        Assert.Same(text, OperationCatalog.Compose("Q", text, SampleFragments));
    }

    [Fact]
    public void SpreadingAnUnknownFragmentFailsAtComposeTimeNamingTheOperationAndTheFragment()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            OperationCatalog.Compose("Q", "query Q {\n  t {\n    ...A\n    ...Missing\n  }\n}\n", SampleFragments));

        Assert.Contains("'Q'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("...Missing", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Fragments/Missing.graphql", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFragmentSpreadingAnUnknownFragmentFailsNamingWhichFragmentSpreadIt()
    {
        var fragments = new Dictionary<string, string>(SampleFragments, StringComparer.Ordinal)
        {
            ["B"] = "fragment B on T {\n  b\n  ...Gone\n}\n",
        };

        var exception = Assert.Throws<InvalidOperationException>(() => OperationCatalog.Compose("Q", "query Q {\n  t {\n    ...A\n  }\n}\n", fragments));

        Assert.Contains("...Gone", exception.Message, StringComparison.Ordinal);
        Assert.Contains("through fragment 'B'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperationDefiningAFragmentOfItsOwnIsRefused()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            OperationCatalog.Compose("Q", "query Q {\n  t {\n    ...C\n  }\n}\n\nfragment C on T {\n  c\n}\n", SampleFragments));

        Assert.Contains("defines fragment 'C'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFragmentFileIsSpreadBySomeOperation()
    {
        var used = OperationCatalog.Names
            .SelectMany(name => GraphQLParser.Parser.Parse(OperationCatalog.Get(name)).Definitions.OfType<GraphQLFragmentDefinition>())
            .Select(fragment => fragment.FragmentName.Name.StringValue)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var name in OperationCatalog.FragmentNames)
        {
            Assert.True(used.Contains(name), $"Railway/Fragments/{name}.graphql is spread by no operation.");
        }
    }

    [Fact]
    public void EachDocumentIsComposedOnceAndCached()
    {
        Assert.Same(OperationCatalog.Get("Deployments"), OperationCatalog.Get("Deployments"));
        Assert.Same(OperationCatalog.Get("ProjectOutline"), OperationCatalog.Get("ProjectOutline"));
    }

    [Fact]
    public void AnOperationThatIsNotEmbeddedFailsClearly()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => OperationCatalog.Get("NoSuchOperation"));

        Assert.Contains("'NoSuchOperation' is not embedded", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FragmentsAreNotListedAsOperations()
    {
        Assert.Empty(OperationCatalog.FragmentNames.Intersect(OperationCatalog.Names));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Every named fragment spread anywhere in the document, by the real parser.</summary>
    private static HashSet<string> SpreadNames(GraphQLDocument document)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLOperationDefinition operation:
                    Collect(operation.SelectionSet);
                    break;
                case GraphQLFragmentDefinition fragment:
                    Collect(fragment.SelectionSet);
                    break;
            }
        }

        return names;

        void Collect(GraphQLSelectionSet? set)
        {
            foreach (var selection in set?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLFragmentSpread spread:
                        names.Add(spread.FragmentName.Name.StringValue);
                        break;
                    case GraphQLField field:
                        Collect(field.SelectionSet);
                        break;
                    case GraphQLInlineFragment inline:
                        Collect(inline.SelectionSet);
                        break;
                }
            }
        }
    }
}
