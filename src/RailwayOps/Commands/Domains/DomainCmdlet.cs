using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>The target of the domain cmdlets: a service in an environment of a project, from parameters, the
/// pipeline (Get-RailwayService, Get-RailwayDomain, Get-RailwayStatus objects bind by property name) or the context.</summary>
public abstract class DomainCmdlet : RailwayApiCmdlet
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

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public virtual string? Service { get; set; }

    /// <summary>The resolved target; false when an error was written. <paramref name="serviceRequired"/>: a
    /// missing service is an error too (else null means every service of the environment).</summary>
    private protected bool TryResolveDomainTarget(bool serviceRequired, out ResolvedTarget target)
    {
        target = null!;
        var context = ResolveContext(Project, Environment, Service);
        if (!TryResolveTarget(context, out var resolved))
        {
            return false;
        }

        if (resolved?.Environment is null || (serviceRequired && resolved.Service is null))
        {
            WriteFailure(CmdletFailure.DomainTargetIncomplete,
                new ArgumentException(Format(CmdletText.DomainTargetIncomplete, MyInvocation.MyCommand.Name)),
                Service ?? Environment ?? Project);
            return false;
        }

        target = resolved;
        return true;
    }

    private protected IReadOnlyList<RailwayDomain> ListDomains(ResolvedTarget target, RailwayService service)
    {
        var client = Client;
        var domains = Run(token => client.Domains.ListAsync(target.Project.ProjectId, target.Environment!.EnvironmentId, service.ServiceId, token));
        return domains.Select(domain => domain.WithNames(target.Project.ProjectId, target.Environment!.Name, service.Name)).ToList();
    }

    private protected static string Where(ResolvedTarget target) => $"{target.Project.Name}/{target.Environment!.Name}";
}
