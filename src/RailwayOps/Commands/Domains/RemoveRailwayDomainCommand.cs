using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Removes a domain of a service (serviceDomainDelete or customDomainDelete by its kind), by name or from
/// Get-RailwayDomain's objects. ConfirmImpact High: the service stops answering at that name.</summary>
[Cmdlet(VerbsCommon.Remove, "RailwayDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RailwayDomain))]
public sealed class RemoveRailwayDomainCommand : DomainCmdlet
{
    /// <summary>The domain's host name (a domain object binds its Domain).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string? Domain { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveDomainTarget(serviceRequired: true, out var target))
        {
            return;
        }

        var client = Client;
        var name = Domain!.Trim().TrimEnd('.');
        RunNamed(name, Format(CmdletText.PlaceService, target.Service!.Name, target.Project.Name, target.Environment!.Name), () =>
        {
            var domains = ListDomains(target, target.Service!);
            var domain = domains.FirstOrDefault(d => string.Equals(d.Domain, name, StringComparison.OrdinalIgnoreCase));
            if (domain is null)
            {
                var known = domains.Count == 0 ? CmdletText.DomainsNone : string.Join(", ", domains.Select(d => d.Domain));
                WriteFailure(CmdletFailure.DomainNotFound, new ItemNotFoundException(Format(CmdletText.DomainNotFound, name, target.Service!.Name, Where(target), known)), name);
                return;
            }

            if (!ShouldProcessWithForce(Where(target), Format(CmdletText.RemoveDomainAction, domain.Domain, target.Service!.Name, Where(target)), Force))
            {
                return;
            }

            if (!Run(token => client.Domains.DeleteAsync(domain, token)))
            {
                throw new InvalidOperationException(Format(CmdletText.DomainNotRemoved, domain.Domain));
            }

            if (PassThru)
            {
                WriteObject(domain);
            }
        });
    }
}
