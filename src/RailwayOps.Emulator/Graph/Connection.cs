using GraphQL;
using System.Globalization;

namespace RailwayOps.Emulator.Graph;

public sealed record PageInfoView(string? StartCursor, string? EndCursor, bool HasNextPage, bool HasPreviousPage);

public sealed record EdgeView(string Cursor, object Node);

/// <summary>Any Relay connection: the GraphQL type name decides which edge type the client sees.</summary>
public sealed record ConnectionView(IReadOnlyList<EdgeView> Edges, PageInfoView PageInfo)
{
    public static ConnectionView Of(IReadOnlyList<EdgeView> edges, bool hasNext, bool hasPrevious) =>
        new(edges, new PageInfoView(edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor, hasNext, hasPrevious));

    /// <summary>Pages a short in-memory list; the cursor is the item's position.</summary>
    public static ConnectionView FromList<T>(IReadOnlyList<T> items, Func<T, object> toNode, RelayArguments page)
    {
        var start = page.After is { } after ? ParsePosition(after) + 1 : 0;
        var end = page.Before is { } before ? ParsePosition(before) : items.Count;
        start = Math.Clamp(start, 0, items.Count);
        end = Math.Clamp(end, start, items.Count);
        var hasPrevious = start > 0;
        var hasNext = end < items.Count;
        if (page.First is { } first && end - start > first)
        {
            end = start + Math.Max(first, 0);
            hasNext = true;
        }
        if (page.Last is { } last && end - start > last)
        {
            start = end - Math.Max(last, 0);
            hasPrevious = true;
        }
        var edges = new List<EdgeView>(end - start);
        for (var i = start; i < end; i++)
            edges.Add(new EdgeView(i.ToString(CultureInfo.InvariantCulture), toNode(items[i])));
        return Of(edges, hasNext, hasPrevious);
    }

    private static int ParsePosition(string cursor) =>
        int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new GraphQL.ExecutionError("Invalid cursor");
}

public sealed record RelayArguments(int? First, string? After, int? Last, string? Before)
{
    public static RelayArguments From(GraphQL.IResolveFieldContext context) => new(
        context.GetArgument<int?>("first"), context.GetArgument<string?>("after"),
        context.GetArgument<int?>("last"), context.GetArgument<string?>("before"));
}
