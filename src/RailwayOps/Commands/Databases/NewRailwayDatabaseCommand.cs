using System.Management.Automation;
using System.Text.RegularExpressions;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Adds a PostgreSQL or Redis database service to an environment the way Railway does (<c>railway add --database</c>):
/// the type's template (<c>template(code:)</c>), its serializedConfig deployed with <c>templateDeployV2</c> (the service
/// renamed for -Name), the workflow followed until the service exists, then its deployment waited for until it is
/// ready. Writes the database (host, port, user, database name; never the password).
/// </summary>
[Cmdlet(VerbsCommon.New, "RailwayDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayDatabase))]
public sealed partial class NewRailwayDatabaseCommand : DeploymentWaitingCmdlet
{
    /// <summary>Postgres or Redis.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("Postgres", "Redis")]
    public string Type { get; set; } = string.Empty;

    /// <summary>The new service's name (the template's own name, Postgres or Redis, by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    /// <summary>Return once Railway has created the service, without waiting for its deployment.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>Seconds the whole command may take (template, workflow and deployment); 600 by default.</summary>
    [Parameter]
    [Alias("Timeout")]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = DefaultTimeoutSec;

    protected override int? DeadlineSeconds => TimeoutSec;

    // Railway's service names: letters, digits, '-', '_', '.' and spaces, starting with a letter or digit.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$")]
    private static partial Regex ServiceName();

    protected override void ProcessRecord()
    {
        if (Name is not null && !ServiceName().IsMatch(Name))
        {
            WriteFailure(CmdletFailure.InvalidDatabaseName, new ArgumentException(Format(CmdletText.InvalidDatabaseName, Name)), Name);
            return;
        }

        var kind = Type.Equals("Redis", StringComparison.OrdinalIgnoreCase) ? DatabaseKind.Redis : DatabaseKind.Postgres;
        var context = ResolveContext(Project, Environment, null);
        if (!TryResolveTarget(context, out var resolved))
        {
            return;
        }

        if (resolved?.Environment is null)
        {
            var missing = resolved is null ? "-Project, -Environment" : "-Environment";
            WriteFailure(CmdletFailure.ServiceInstanceTargetRequired, new ArgumentException(Format(CmdletText.ServiceInstanceTargetRequired,
                MyInvocation.MyCommand.Name, missing, resolved is null ? "RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID" : "RAILWAY_ENVIRONMENT_ID")), Environment ?? Project);
            return;
        }

        var (project, environment) = (resolved.Project, resolved.Environment);
        var client = Client;
        RunPerItem(Name ?? Type, () => Add(client, project, environment, kind));
    }

    private void Add(RailwayClient client, RailwayProject project, RailwayEnvironment environment, DatabaseKind kind)
    {
        var before = Run(async token =>
        {
            var services = new List<RailwayService>();
            await foreach (var service in client.Projects.ListServicesAsync(project, token).ConfigureAwait(false))
            {
                services.Add(service);
            }

            return services;
        });
        var template = Run(token => client.Databases.GetTemplateAsync(kind, token));
        var config = DatabasesClient.ConfigFor(template, Name);
        var name = DatabasesClient.ServiceNameOf(config) ?? Type;
        if (before.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            WriteFailure(CmdletFailure.DatabaseNameTaken, new InvalidOperationException(Format(CmdletText.DatabaseNameTaken, project.Name, taken.Name)), name);
            return;
        }

        var target = $"{project.Name} ({environment.Name})";
        if (!ShouldProcess(target, Format(CmdletText.NewDatabaseAction, kind, name, template.Name)))
        {
            return;
        }

        var workflowId = Run(token => client.Databases.DeployAsync(environment, template, config, token));
        WriteVerbose(Format(CmdletText.DatabaseDeployAccepted, kind, name, workflowId ?? CmdletText.NoWorkflow));
        if (workflowId is not null)
        {
            var left = Deadline.IsLimited ? Deadline.Remaining : TimeSpan.FromSeconds(TimeoutSec);
            Run(token => client.Databases.WaitForWorkflowAsync(workflowId, kind, left, EventSink, token));
        }

        var known = before.Select(s => s.ServiceId).ToHashSet(StringComparer.Ordinal);
        var service = Run(async token =>
        {
            var added = new List<RailwayService>();
            await foreach (var each in client.Projects.ListServicesAsync(project, token).ConfigureAwait(false))
            {
                if (!known.Contains(each.ServiceId))
                {
                    added.Add(each);
                }
            }

            return added.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) ?? added.FirstOrDefault();
        });
        if (service is null)
        {
            throw new DatabaseException(DatabaseFailureKind.ServiceNotCreated, Format(CmdletText.DatabaseServiceNotCreated, kind, name, project.Name));
        }

        WriteVerbose(Format(CmdletText.DatabaseServiceCreated, service.Name, service.ServiceId));
        if (NoWait)
        {
            WriteObject(Describe(client, project, environment, service, kind, workflowId, null));
            return;
        }

        var waitTimeout = Deadline.IsLimited ? Deadline.Remaining : TimeSpan.FromSeconds(TimeoutSec);
        WaitFor([new WaitTarget.LatestOf(project.ProjectId, environment.EnvironmentId, service.ServiceId)], new WaitOptions { Timeout = waitTimeout }, outcome =>
        {
            if (outcome.Kind == WaitOutcomeKind.Succeeded)
            {
                RunPerItem(service.Name, () => WriteObject(Describe(client, project, environment, service, kind, workflowId, outcome.Deployment)));
            }
            else
            {
                WriteOutcome(outcome, writeDeployment: false);
            }
        });
    }

    /// <summary>The database as its variables say (one request); without them yet (-NoWait) the place is left empty.</summary>
    private RailwayDatabase Describe(RailwayClient client, RailwayProject project, RailwayEnvironment environment, RailwayService service,
        DatabaseKind kind, string? workflowId, RailwayDeployment? deployment)
    {
        var variables = Run(token => client.Variables.GetForServiceDeploymentAsync(project.ProjectId, environment.EnvironmentId, service.ServiceId, token));
        DatabaseConnection? connection = null;
        try
        {
            connection = DatabaseConnection.FromVariables(kind, service.Name, variables);
        }
        catch (DatabaseException) when (NoWait)
        {
            // Railway may not have rendered the variables yet.
        }

        return new RailwayDatabase
        {
            ServiceId = service.ServiceId,
            ServiceName = service.Name,
            Type = kind.ToString(),
            ProjectId = project.ProjectId,
            EnvironmentId = environment.EnvironmentId,
            EnvironmentName = environment.Name,
            Status = deployment?.Status.ToString().ToUpperInvariant() ?? (NoWait ? CmdletText.DatabaseDeploying : null),
            DeploymentId = deployment?.DeploymentId,
            WorkflowId = workflowId,
            Host = connection?.Host,
            Port = connection?.Port,
            User = connection?.User,
            DatabaseName = connection?.Database,
            VariableNames = variables.Keys.Where(k => !k.StartsWith("RAILWAY_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
