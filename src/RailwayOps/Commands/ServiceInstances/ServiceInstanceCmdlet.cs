using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// The base of the service-instance cmdlets: one service in one environment, named by parameters, by property name
/// from piped objects (a RailwayServiceInstance, RailwayService, RailwayDeployment...), by the session or by a linked
/// folder. A target that lacks a piece is one error naming every missing piece.
/// </summary>
public abstract class ServiceInstanceCmdlet : DeploymentWaitingCmdlet
{
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

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>The project, environment and service of the current input, or false after writing why not.</summary>
    internal bool TryResolveInstance(out RailwayProject project, out RailwayEnvironment environment, out RailwayService service)
    {
        var found = TryResolveEnvironment(out project, out environment, out var resolved, serviceRequired: true);
        service = resolved!;
        return found;
    }

    /// <summary>The project and environment of the current input, and the service when one is named (or, with
    /// <paramref name="serviceRequired"/>, must be).</summary>
    internal bool TryResolveEnvironment(out RailwayProject project, out RailwayEnvironment environment, out RailwayService? service, bool serviceRequired)
    {
        project = null!;
        environment = null!;
        service = null!;
        var context = ResolveContext(Project, Environment, Service);
        if (!TryResolveTarget(context, out var target))
        {
            return false;
        }

        var missing = new List<(string Parameter, string Variable)>();
        if (target is null)
        {
            missing.Add((nameof(Project), "RAILWAY_PROJECT_ID"));
        }

        if (target?.Environment is null)
        {
            missing.Add((nameof(Environment), "RAILWAY_ENVIRONMENT_ID"));
        }

        if (target?.Service is null && serviceRequired)
        {
            missing.Add((nameof(Service), "RAILWAY_SERVICE_ID"));
        }

        if (missing.Count > 0)
        {
            var parameters = string.Join(", ", missing.Select(piece => "-" + piece.Parameter));
            WriteFailure(CmdletFailure.ServiceInstanceTargetRequired, new ArgumentException(Format(CmdletText.ServiceInstanceTargetRequired,
                MyInvocation.MyCommand.Name, parameters, string.Join(", ", missing.Select(piece => piece.Variable)))), Service ?? Environment ?? Project);
            return false;
        }

        (project, environment, service) = (target!.Project, target.Environment!, target.Service);
        return true;
    }
}
