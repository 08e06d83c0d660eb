using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Railway.Subscriptions;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    private GraphQLSubscriptionClient? subscriptions;

    /// <summary>
    /// The subscription client for this client's endpoint and token, made on first use and disposed
    /// with this client: every concurrent subscription shares its one WebSocket.
    /// </summary>
    public GraphQLSubscriptionClient Subscriptions =>
        LazyInitializer.EnsureInitialized(ref subscriptions, () => new GraphQLSubscriptionClient(transport.Options));

    /// <summary>
    /// The deployment(id) subscription: the current state first (Railway and the emulator both send
    /// it), then every change. Failures are <see cref="SubscriptionException"/>s.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> SubscribeDeploymentAsync(string deploymentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var variables = new JsonObject { ["id"] = deploymentId };
        await foreach (var data in Subscriptions.SubscribeAsync("DeploymentUpdates", variables, cancellationToken).ConfigureAwait(false))
        {
            if (ModelMapper.Object(data, "deployment") is { } node)
            {
                yield return ModelMapper.Deployment(node);
            }
        }
    }

    /// <summary>Batches of build or deploy log lines as Railway streams them (a backlog first, then new lines).</summary>
    public async IAsyncEnumerable<IReadOnlyList<RailwayLogLine>> SubscribeLogsAsync(
        string deploymentId,
        RailwayLogType type,
        int? limit,
        string? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var (operation, field) = type == RailwayLogType.Build ? ("BuildLogsStream", "buildLogs") : ("DeploymentLogsStream", "deploymentLogs");
        var variables = new JsonObject
        {
            ["deploymentId"] = deploymentId,
            ["limit"] = limit,

            // The CLI sends an empty filter rather than none.
            ["filter"] = filter ?? string.Empty,
        };
        await foreach (var data in Subscriptions.SubscribeAsync(operation, variables, cancellationToken).ConfigureAwait(false))
        {
            if (data.TryGetProperty(field, out var lines) && lines.ValueKind == JsonValueKind.Array)
            {
                yield return lines.EnumerateArray().Select(node => ModelMapper.LogLine(node, type, deploymentId, transport.Options.Redactor)).ToList();
            }
        }
    }
}
