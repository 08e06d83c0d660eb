using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Reads a deployment's build or deploy log, or follows it (-Follow) until the deployment reaches a
/// final status (a live one until -Until or Ctrl+C), with no line repeated or lost across a reconnect.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayDeploymentLog", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayLogLine))]
public sealed class GetRailwayDeploymentLogCommand : RailwayApiCmdlet
{
    private const string IdSet = "Id";
    private const string ObjectSet = "InputObject";

    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RailwayDeployment[]? InputObject { get; set; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why; Isolation.Tests.ps1 checks).
    private object logType = RailwayLogType.Deploy;

    [Parameter]
    public RailwayLogType Type { get => (RailwayLogType)logType; set => logType = value; }

    [Parameter]
    [ValidateRange(1, 5000)]
    public int? Tail { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    [Parameter]
    public DateTimeOffset? Since { get; set; }

    [Parameter]
    public DateTimeOffset? Until { get; set; }

    [Parameter]
    public SwitchParameter Follow { get; set; }

    protected override void ProcessRecord()
    {
        var ids = ParameterSetName == ObjectSet ? InputObject!.Select(deployment => deployment.DeploymentId) : Id!;
        var client = Client;
        foreach (var id in ids)
        {
            RunPerItem(id, () =>
            {
                if (Follow)
                {
                    var follower = new DeploymentLogFollower(client, EventSink);
                    var options = new LogFollowOptions { Tail = Tail, Filter = Filter, Since = Since, Until = Until };
                    RunStream(token => follower.FollowAsync(id, Type, options, token), WriteObject);
                    return;
                }

                var query = new LogQuery { Limit = Tail ?? DeploymentLogDefaults.Tail, Filter = Filter, StartDate = Since, EndDate = Until };
                foreach (var line in Run(token => ReadAsync(client, id, query, token)))
                {
                    WriteObject(line);
                }
            });
        }
    }

    private async Task<IReadOnlyList<RailwayLogLine>> ReadAsync(RailwayClient client, string id, LogQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetLogsAsync(id, Type, query, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound && exception.Resource is null)
        {
            // The log queries take only a deployment id, so whatever was not found is the deployment.
            throw new RailwayApiException(RailwayApiErrorKind.NotFound, exception.Message, exception)
            {
                OperationName = exception.OperationName,
                ServerMessage = exception.ServerMessage,
                Resource = RailwayResourceKind.Deployment,
            };
        }
    }
}

/// <summary>Defaults the log cmdlet documents.</summary>
internal static class DeploymentLogDefaults
{
    /// <summary>The Railway CLI's default number of lines.</summary>
    public const int Tail = 500;
}
