using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Text;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Reads a deployment's build or deploy log, or follows it (-Follow) until the deployment reaches a
/// final status (a live one until -Until or Ctrl+C), with no line repeated or lost across a reconnect.
/// </summary>
/// <remarks>
/// With no id and nothing piped it takes the latest deployment of the resolved target (parameters,
/// RAILWAY_*_ID, the folder's link, the session), as `railway logs` does: one rule, what a single
/// source determines is used and nothing is guessed, so a missing piece is an error naming all of them.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RailwayDeploymentLog", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayLogLine))]
public sealed class GetRailwayDeploymentLogCommand : RailwayApiCmdlet
{
    private const string IdSet = "Id";
    private const string ObjectSet = "InputObject";

    // The target parameters share the pipeline set, with InputObject optional: nothing piped and no -Id
    // means the target's latest deployment, and input of the wrong type is still InputObjectNotBound.
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter(ParameterSetName = ObjectSet, ValueFromPipeline = true)]
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
        var ids = ParameterSetName == IdSet ? Id!
            : InputObject is { } piped ? piped.Select(deployment => deployment.DeploymentId)
            : LatestOfTarget() is { } latest ? new[] { latest } : Array.Empty<string>();
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

    /// <summary>The id of the resolved service's latest deployment in the resolved environment; null after writing why there is none.</summary>
    private string? LatestOfTarget()
    {
        var context = ResolveContext(Project, Environment, Service);
        var projectToken = context.Credential?.Kind == Core.Auth.RailwayTokenKind.Project;
        var missing = new List<string>();
        if (context.Project is null && !projectToken)
        {
            missing.Add(nameof(Project));
        }

        if (context.Environment is null && !projectToken)
        {
            missing.Add(nameof(Environment));
        }

        if (context.Service is null)
        {
            missing.Add(nameof(Service));
        }

        if (missing.Count > 0)
        {
            var text = Format(CmdletText.LogTargetRequired, string.Join(", ", missing.Select(name => "-" + name)));
            WriteFailure(CmdletFailure.LogTargetIncomplete, new ArgumentException(text), null);
            return null;
        }

        if (!TryResolveTarget(context, out var target) || target?.Environment is null || target.Service is null)
        {
            return null;
        }

        var client = Client;
        var (project, environment, service) = (target!.Project, target.Environment!, target.Service!);
        RailwayDeployment? latest;
        try
        {
            latest = Run(token => client.Deployments.GetLatestAsync(environment.EnvironmentId, service.ServiceId, token));
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            WriteRailwayError(exception, service.Name);
            return null;
        }

        if (latest is null)
        {
            var none = Format(CmdletText.LogNoDeployment, service.Name, project.Name, environment.Name);
            WriteFailure(CmdletFailure.LogNoDeployment, new ItemNotFoundException(none), service.Name);
            return null;
        }

        WriteVerbose(Format(CmdletText.LogLatestDeployment, latest.DeploymentId, service.Name, project.Name, environment.Name, latest.Status));
        return latest.DeploymentId;
    }

    private async Task<IReadOnlyList<RailwayLogLine>> ReadAsync(RailwayClient client, string id, LogQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Logs.GetAsync(id, Type, query, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound && exception.Resource is null)
        {
            // The log queries take only a deployment id, so whatever was not found is the deployment: say so,
            // and what an id looks like when this is not one.
            var message = Format(Core.Messages.DeploymentNotFound, TerminalText.Name(id), Context.Credential?.Description)
                + (Guid.TryParse(id, out _) ? string.Empty : " " + CmdletText.LogIdNotUuid);
            throw new RailwayApiException(RailwayApiErrorKind.NotFound, message, exception)
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
