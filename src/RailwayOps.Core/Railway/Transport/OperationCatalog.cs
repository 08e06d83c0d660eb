using System.Collections.Concurrent;
using System.Reflection;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>The GraphQL documents embedded from Railway/Operations/*.graphql, one operation per file.</summary>
public static class OperationCatalog
{
    private const string ResourcePrefix = "RailwayOps.Core.Operations.";
    private const string ResourceSuffix = ".graphql";
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The names of every embedded operation (the file names without extension).</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(OperationCatalog).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..^ResourceSuffix.Length])
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();

    public static string Get(string operationName) => Cache.GetOrAdd(operationName, Load);

    private static string Load(string operationName)
    {
        using var stream = typeof(OperationCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + operationName + ResourceSuffix)
            ?? throw new InvalidOperationException($"The GraphQL operation '{operationName}' is not embedded in RailwayOps.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
