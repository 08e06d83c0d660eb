using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Gives a service a public domain: without -Name, the *.up.railway.app service domain Railway generates
/// (serviceDomainCreate; refused when the service already has one, as `railway domain` does); with -Name, a custom
/// domain (customDomainCreate), reporting the DNS record to create and its status. A name that is not a host
/// name, or one already in use, is an error before anything is created.
/// </summary>
[Cmdlet(VerbsCommon.New, "RailwayDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayDomain))]
public sealed class NewRailwayDomainCommand : DomainCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public override string? Service { get; set; }

    /// <summary>A custom domain (such as api.example.com); without it, Railway generates a service domain.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Domain")]
    public string? Name { get; set; }

    /// <summary>The port of the service the domain routes to (Railway's targetPort); by default the one the app listens on.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? TargetPort { get; set; }

    protected override void ProcessRecord()
    {
        string? custom = null;
        if (Name is { } name)
        {
            custom = name.Trim().TrimEnd('.').ToLowerInvariant();
            if (!IsHostName(custom))
            {
                WriteFailure(CmdletFailure.InvalidDomainName, new ArgumentException(Format(CmdletText.InvalidDomainName, name)), name);
                return;
            }
        }

        if (!TryResolveDomainTarget(serviceRequired: true, out var target))
        {
            return;
        }

        var client = Client;
        var service = target.Service!;
        var environment = target.Environment!;
        RunNamed(custom ?? service.Name, Format(CmdletText.PlaceService, service.Name, target.Project.Name, environment.Name), () =>
        {
            if (custom is null)
            {
                var existing = ListDomains(target, service).FirstOrDefault(d => d.Kind == RailwayDomainKind.Service && !d.IsLoopback);
                if (existing is not null)
                {
                    WriteFailure(CmdletFailure.DomainExists, new InvalidOperationException(Format(CmdletText.DomainExists, service.Name, existing.Domain, Where(target))), service.Name);
                    return;
                }

                if (ShouldProcess(Where(target), Format(CmdletText.NewServiceDomainAction, service.Name, Where(target))))
                {
                    var created = Run(token => client.Domains.CreateServiceDomainAsync(environment.EnvironmentId, service.ServiceId, TargetPort, token));
                    WriteObject(created.WithNames(target.Project.ProjectId, environment.Name, service.Name));
                }

                return;
            }

            if (Run(token => client.Domains.CustomDomainTakenAsync(custom, token)) is { } reason)
            {
                WriteFailure(CmdletFailure.DomainTaken, new InvalidOperationException(Format(CmdletText.DomainTaken, custom, reason)), custom);
                return;
            }

            if (ShouldProcess(Where(target), Format(CmdletText.NewCustomDomainAction, custom, service.Name, Where(target))))
            {
                var created = Run(token => client.Domains.CreateCustomDomainAsync(target.Project.ProjectId, environment.EnvironmentId, service.ServiceId, custom, TargetPort, token));
                foreach (var record in created.DnsRecords)
                {
                    WriteInformation(new InformationRecord(Format(CmdletText.DomainDnsRecord, custom, record.Type, record.Name, record.RequiredValue, record.Status ?? "?"), MyInvocation.MyCommand.Name));
                }

                WriteObject(created.WithNames(target.Project.ProjectId, environment.Name, service.Name));
            }
        });
    }

    /// <summary>A DNS host name of two labels or more (not an IP address, URL or a name in Railway's own zone).</summary>
    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253 && host.Contains('.') && !System.Net.IPAddress.TryParse(host, out _)
        && !host.EndsWith(".up.railway.app", StringComparison.Ordinal) && !host.EndsWith(".railway.app", StringComparison.Ordinal)
        && host.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
