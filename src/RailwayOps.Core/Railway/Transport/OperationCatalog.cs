using System.Text;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>
/// The GraphQL documents embedded from Railway/<Area>/ beside the area clients: one operation per *.graphql file, named like
/// the file, and the selections several operations share in Railway/Fragments, one fragment
/// per file, named like the file. The document sent for an operation is its file followed by every
/// fragment it spreads, directly or through another fragment, each once. Each document is composed on
/// first use and cached; a spread of a fragment no file defines fails then, before anything is sent.
/// </summary>
public static class OperationCatalog
{
    private const string OperationPrefix = "RailwayOps.Core.Operations.";
    private const string FragmentPrefix = "RailwayOps.Core.Fragments.";
    private const string ResourceSuffix = ".graphql";

    /// <summary>The names of every embedded operation (the file names without extension).</summary>
    public static IReadOnlyList<string> Names { get; } = ResourceNames(OperationPrefix);

    /// <summary>The names of every embedded shared fragment (the file names under Fragments without extension).</summary>
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
        foreach (var (keyword, name) in Definitions(operation))
        {
            if (keyword == "fragment")
            {
                throw new InvalidOperationException(
                    $"The GraphQL operation '{operationName}' defines fragment '{name}' itself; shared fragments belong in Railway/Fragments/{name}.graphql.");
            }
        }

        var needed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Name, string? Through)>();
        PushSpreads(operation, null);
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
            PushSpreads(fragment, name);
        }

        if (needed.Count == 0)
        {
            return operation;
        }

        var document = new StringBuilder(operation.TrimEnd()).Append('\n');
        foreach (var name in needed)
        {
            document.Append('\n').Append(fragments[name].Trim()).Append('\n');
        }

        return document.ToString();

        // Pushed in reverse so they pop in document order: fragments are appended in the order first spread.
        void PushSpreads(string text, string? owner)
        {
            foreach (var spread in Spreads(text).Reverse())
            {
                pending.Push((spread, owner));
            }
        }
    }

    /// <summary>The top-level definitions of a document: (query|mutation|subscription|fragment, name).</summary>
    internal static IEnumerable<(string Keyword, string Name)> Definitions(string text)
    {
        var tokens = Tokenize(text);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var (kind, value, depth) = tokens[i];
            if (depth == 0 && kind == TokenKind.Name && (value is "query" or "mutation" or "subscription" or "fragment") && tokens[i + 1].Kind == TokenKind.Name)
            {
                yield return (value, tokens[i + 1].Text);
            }
        }
    }

    /// <summary>The names of the named fragments a document spreads (<c>...Name</c>, not the inline <c>... on Type</c>).</summary>
    internal static IEnumerable<string> Spreads(string text)
    {
        var tokens = Tokenize(text);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Spread && tokens[i + 1].Kind == TokenKind.Name && tokens[i + 1].Text != "on")
            {
                yield return tokens[i + 1].Text;
            }
        }
    }

    private static IReadOnlyDictionary<string, string> LoadFragments()
    {
        var fragments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in FragmentNames)
        {
            var text = FragmentSource(name);
            var definitions = Definitions(text).ToList();
            if (definitions.Count != 1 || definitions[0] != ("fragment", name))
            {
                var found = definitions.Count == 0 ? "nothing" : string.Join(", ", definitions.Select(each => $"{each.Keyword} {each.Name}"));
                throw new InvalidOperationException(
                    $"Railway/Fragments/{name}.graphql must define exactly one fragment, named '{name}'; it defines {found}.");
            }

            fragments.Add(name, text);
        }

        return fragments;
    }

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

    private enum TokenKind
    {
        Name,
        Spread,
        Punctuator,
    }

    /// <summary>
    /// Just enough of GraphQL's lexer to find definitions and spreads: names, <c>...</c> and punctuators with
    /// the brace/parenthesis depth they sit at; comments, strings and <c>$variables</c> are skipped.
    /// </summary>
    private static List<(TokenKind Kind, string Text, int Depth)> Tokenize(string text)
    {
        var tokens = new List<(TokenKind, string, int)>();
        var depth = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n' && text[i] != '\r')
                {
                    i++;
                }
            }
            else if (c == '"')
            {
                i = SkipString(text, i);
            }
            else if (c == '.' && string.CompareOrdinal(text, i, "...", 0, 3) == 0)
            {
                tokens.Add((TokenKind.Spread, "...", depth));
                i += 3;
            }
            else if (c == '$')
            {
                i = SkipName(text, i + 1);
                tokens.Add((TokenKind.Punctuator, "$", depth));
            }
            else if (IsNameStart(c))
            {
                var end = SkipName(text, i);
                tokens.Add((TokenKind.Name, text[i..end], depth));
                i = end;
            }
            else
            {
                if (c is '{' or '(' or '[')
                {
                    tokens.Add((TokenKind.Punctuator, c.ToString(), depth++));
                }
                else if (c is '}' or ')' or ']')
                {
                    tokens.Add((TokenKind.Punctuator, c.ToString(), --depth));
                }
                else if (!char.IsWhiteSpace(c) && c != ',')
                {
                    tokens.Add((TokenKind.Punctuator, c.ToString(), depth));
                }

                i++;
            }
        }

        return tokens;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static int SkipName(string text, int i)
    {
        while (i < text.Length && (text[i] == '_' || char.IsAsciiLetterOrDigit(text[i])))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index after the string starting at <paramref name="start"/>: "..." with escapes, or a """block""".</summary>
    private static int SkipString(string text, int start)
    {
        if (string.CompareOrdinal(text, start, "\"\"\"", 0, 3) == 0)
        {
            for (var i = start + 3; i < text.Length; i++)
            {
                if (text[i] == '\\' && string.CompareOrdinal(text, i + 1, "\"\"\"", 0, 3) == 0)
                {
                    i += 3;
                }
                else if (string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0)
                {
                    return i + 3;
                }
            }

            return text.Length;
        }

        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"' || text[i] == '\n')
            {
                return i + 1;
            }
        }

        return text.Length;
    }
}
