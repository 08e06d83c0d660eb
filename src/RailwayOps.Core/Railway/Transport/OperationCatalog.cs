using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>
/// The GraphQL documents embedded from Railway/&lt;Area&gt;/ beside the area clients: one operation per *.graphql
/// file, named like the file, and the selections several operations share in Railway/Fragments, one fragment
/// per file, named like the file. The document sent for an operation is its file followed by every
/// fragment it spreads, directly or through another fragment, each once. Spreads are found by GraphQL.NET's
/// own parser (GraphQL-Parser), so comments, strings and inline fragments are what the GraphQL grammar says
/// they are. Each document is composed on first use and cached; a spread of a fragment no file defines, or a
/// file that is not GraphQL, fails then, before anything is sent.
/// </summary>
public static class OperationCatalog
{
    private const string OperationPrefix = "RailwayOps.Core.Operations.";
    private const string FragmentPrefix = "RailwayOps.Core.Fragments.";
    private const string ResourceSuffix = ".graphql";

    // Locations and comments are never read here: skipping them keeps the parse to the names and selections.
    private static readonly ParserOptions Options = new() { Ignore = IgnoreOptions.All };

    /// <summary>The names of every embedded operation (the file names without extension).</summary>
    public static IReadOnlyList<string> Names { get; } = ResourceNames(OperationPrefix);

    /// <summary>The names of every embedded shared fragment (the file names under Railway/Fragments without extension).</summary>
    public static IReadOnlyList<string> FragmentNames { get; } = ResourceNames(FragmentPrefix);

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Fragments = new(LoadFragments);

    private static readonly IReadOnlyDictionary<string, Lazy<string>> Documents = Names.ToDictionary(
        name => name,
        name => new Lazy<string>(() => Compose(name, Source(name), Fragments.Value)),
        StringComparer.Ordinal);

    /// <summary>The complete document sent for an operation: the operation and the fragments it needs.</summary>
    public static string Get(string operationName) =>
        Documents.TryGetValue(operationName, out var document)
            ? document.Value
            : throw new InvalidOperationException($"The GraphQL operation '{operationName}' is not embedded in RailwayOps.Core.");

    /// <summary>The operation's file as written, without the fragments it spreads.</summary>
    internal static string Source(string operationName) => Read(OperationPrefix, operationName, "operation");

    /// <summary>A shared fragment's file as written.</summary>
    internal static string FragmentSource(string fragmentName) => Read(FragmentPrefix, fragmentName, "fragment");

    /// <summary>
    /// Appends to <paramref name="operation"/> every fragment it spreads, transitively, each once, in the
    /// order first spread. The operation must not define fragments itself: shared ones live in one place.
    /// </summary>
    internal static string Compose(string operationName, string operation, IReadOnlyDictionary<string, string> fragments)
    {
        var document = Parse(operation, $"operation '{operationName}'");
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            throw new InvalidOperationException(
                $"The GraphQL operation '{operationName}' defines fragment '{fragment.FragmentName.Name.StringValue}' itself; shared fragments belong in Railway/Fragments/{fragment.FragmentName.Name.StringValue}.graphql.");
        }

        var needed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Name, string? Through)>();
        PushSpreads(document, null);
        while (pending.Count > 0)
        {
            var (name, through) = pending.Pop();
            if (!seen.Add(name))
            {
                continue;
            }

            if (!fragments.TryGetValue(name, out var fragment))
            {
                var path = through is null ? string.Empty : $" (through fragment '{through}')";
                throw new InvalidOperationException(
                    $"The GraphQL operation '{operationName}' spreads '...{name}'{path}, but no fragment of that name is embedded: add Railway/Fragments/{name}.graphql or fix the spread.");
            }

            needed.Add(name);
            PushSpreads(Parse(fragment, $"fragment '{name}'"), name);
        }

        if (needed.Count == 0)
        {
            return operation;
        }

        var composed = new StringBuilder(operation.TrimEnd()).Append('\n');
        foreach (var name in needed)
        {
            composed.Append('\n').Append(fragments[name].Trim()).Append('\n');
        }

        return composed.ToString();

        // Pushed in reverse so they pop in document order: fragments are appended in the order first spread.
        void PushSpreads(GraphQLDocument text, string? owner)
        {
            var spreads = Spreads(text);
            for (var i = spreads.Count - 1; i >= 0; i--)
            {
                pending.Push((spreads[i], owner));
            }
        }
    }

    /// <summary>The names of the named fragments a document spreads, in document order (<c>...Name</c>, not the inline <c>... on Type</c>).</summary>
    private static List<string> Spreads(GraphQLDocument document)
    {
        var names = new List<string>();
        foreach (var definition in document.Definitions)
        {
            Collect(definition switch
            {
                GraphQLOperationDefinition operation => operation.SelectionSet,
                GraphQLFragmentDefinition fragment => fragment.SelectionSet,
                _ => null,
            });
        }

        return names;

        void Collect(GraphQLSelectionSet? selections)
        {
            foreach (var selection in selections?.Selections ?? [])
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

    private static GraphQLDocument Parse(string text, string what)
    {
        try
        {
            return Parser.Parse(text, Options);
        }
        catch (GraphQLSyntaxErrorException exception)
        {
            throw new InvalidOperationException($"The GraphQL {what} embedded in RailwayOps.Core is not valid GraphQL: {exception.Message}", exception);
        }
    }

    private static IReadOnlyDictionary<string, string> LoadFragments()
    {
        var fragments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in FragmentNames)
        {
            var text = FragmentSource(name);
            var definitions = Parse(text, $"fragment '{name}'").Definitions;
            if (definitions is not [GraphQLFragmentDefinition only] || only.FragmentName.Name.StringValue != name)
            {
                var found = definitions.Count == 0 ? "nothing" : string.Join(", ", definitions.Select(Describe));
                throw new InvalidOperationException(
                    $"Railway/Fragments/{name}.graphql must define exactly one fragment, named '{name}'; it defines {found}.");
            }

            fragments.Add(name, text);
        }

        return fragments;
    }

    private static string Describe(ASTNode definition) => definition switch
    {
        GraphQLFragmentDefinition fragment => $"fragment {fragment.FragmentName.Name.StringValue}",
        GraphQLOperationDefinition operation => $"{operation.Operation.ToString().ToLowerInvariant()} {operation.Name?.StringValue}".TrimEnd(),
        _ => definition.Kind.ToString(),
    };

    private static IReadOnlyList<string> ResourceNames(string prefix) => typeof(OperationCatalog).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(name => name[prefix.Length..^ResourceSuffix.Length])
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();

    private static string Read(string prefix, string name, string kind)
    {
        using var stream = typeof(OperationCatalog).Assembly.GetManifestResourceStream(prefix + name + ResourceSuffix)
            ?? throw new InvalidOperationException($"The GraphQL {kind} '{name}' is not embedded in RailwayOps.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
