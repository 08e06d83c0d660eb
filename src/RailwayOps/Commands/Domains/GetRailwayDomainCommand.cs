using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Lists the domains of a service in an environment (service domains first, then custom domains with
/// their DNS records), or of every service of the environment when no service is named.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayDomain")]
[OutputType(typeof(RailwayDomain))]
public sealed class GetRailwayDomainCommand : DomainCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public override string? Service { get; set; }

    /// <summary>Only service domains (*.up.railway.app) or only custom domains.</summary>
    [Parameter]
    public RailwayDomainKind[]? Kind { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveDomainTarget(serviceRequired: false, out var target))
        {
            return;
        }

        var client = Client;
        RunPerItem(Service ?? Environment, () =>
        {
            var services = target.Service is { } one
                ? new List<RailwayService> { one }
                : Collect(token => client.Projects.ListServicesAsync(target.Project, token));
            foreach (var service in services)
            {
                foreach (var domain in ListDomains(target, service).Where(d => Kind is null || Kind.Contains(d.Kind)))
                {
                    WriteObject(domain);
                }
            }
        });
    }

    private List<T> Collect<T>(Func<CancellationToken, IAsyncEnumerable<T>> source)
    {
        var items = new List<T>();
        RunStream(source, items.Add);
        return items;
    }
}
