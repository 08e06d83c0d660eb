using System.Globalization;
using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>deployments(input, first, after, last, before): newest first, cursors are creation
/// sequence numbers so that a page costs O(page) however long the history is.</summary>
public static class DeploymentsQuery
{
    public static object Resolve(IResolveFieldContext context)
    {
        var graph = GraphContext.Of(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input") ?? [];
        var projectId = input.GetValueOrDefault("projectId") as string;
        var environmentId = input.GetValueOrDefault("environmentId") as string;
        var serviceId = input.GetValueOrDefault("serviceId") as string;
        var statusIn = Statuses(input, "in");
        var statusNotIn = Statuses(input, "notIn");

        if (projectId is not null)
            graph.Project(projectId);
        if (environmentId is not null)
            graph.Environment(environmentId);
        if (serviceId is not null)
            graph.Service(serviceId);

        var caller = graph.Caller;
        if (!caller.IsAccount)
            environmentId ??= caller.Token.EnvironmentId;
        var scope = (environmentId, serviceId, projectId) switch
        {
            ({ } e, { } s, _) => DeploymentIndex.InstanceScope(e, s),
            ({ } e, null, _) => DeploymentIndex.EnvironmentScope(e),
            (null, { } s, _) => DeploymentIndex.ServiceScope(s),
            (null, null, { } p) => DeploymentIndex.ProjectScope(p),
            _ => throw new ExecutionError("One of projectId, environmentId or serviceId is required"),
        };

        bool Matches(DeploymentRecord d) =>
            (projectId is null || d.ProjectId == projectId)
            && (statusIn is null || statusIn.Contains(d.Status))
            && (statusNotIn is null || !statusNotIn.Contains(d.Status))
            && caller.CanSeeEnvironment(d.ProjectId, d.EnvironmentId);

        var page = graph.Store.QueryDeployments(new DeploymentQuery(scope, Matches,
            NonNegative(context.GetArgument<int?>("first"), "first"), ParseCursor(context.GetArgument<string?>("after")),
            NonNegative(context.GetArgument<int?>("last"), "last"), ParseCursor(context.GetArgument<string?>("before"))));
        var edges = page.Items
            .Select(entry => new EdgeView(entry.Sequence.ToString(CultureInfo.InvariantCulture), new DeploymentView(entry.Record, graph)))
            .ToList();
        return ConnectionView.Of(edges, page.HasNextPage, page.HasPreviousPage);
    }

    private static HashSet<DeployStatus>? Statuses(Dictionary<string, object?> input, string key)
    {
        if (input.GetValueOrDefault("status") is not Dictionary<string, object?> status
            || status.GetValueOrDefault(key) is not IEnumerable<object?> values)
            return null;
        return values.Select(v => Enum.Parse<DeployStatus>(v!.ToString()!)).ToHashSet();
    }

    private static int? NonNegative(int? value, string name) =>
        value is < 0 ? throw new ExecutionError($"Argument \"{name}\" must be a non-negative integer") : value;

    private static long? ParseCursor(string? cursor)
    {
        if (cursor is null)
            return null;
        return long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new ExecutionError("Invalid cursor");
    }
}
