using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Lists deployments newest first, streaming each page as it arrives, or gets deployments by id.
/// Binds ProjectId, EnvironmentId and ServiceId from piped objects, so services and environments pipe in.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayDeployment", DefaultParameterSetName = ListSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class GetRailwayDeploymentCommand : RailwayApiCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    private readonly Dictionary<(string?, string?, string?), ResolvedTarget?> resolved = new();

    [Parameter(ParameterSetName = ListSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [DeploymentStatusTransformation]
    [ValidateNotNullOrEmpty]
    public DeploymentStatus[]? Status { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateCommitSha]
    public string? CommitSha { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    /// <summary>Also list deployments Railway has deleted.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public SwitchParameter IncludeDeleted { get; set; }

    [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    /// <summary>
    /// A deployment's own id, bound by property name. It lives in the list set on purpose: a piped
    /// deployment also carries ProjectId, EnvironmentId and ServiceId, so the binder picks the list
    /// set, and this parameter turns that input back into a lookup by id instead of a listing.
    /// </summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? DeploymentId { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdSet || DeploymentId is not null)
        {
            var client = Client;
            foreach (var id in Id ?? new[] { DeploymentId! })
            {
                RunPerItem(id, () => WriteObject(Run(token => client.Deployments.GetAsync(id, token))));
            }

            return;
        }

        var key = (Project, Environment, Service);
        var query = new DeploymentQuery
        {
            Statuses = Status ?? Array.Empty<DeploymentStatus>(),
            CommitSha = CommitSha,
            First = First,
            IncludeDeleted = IncludeDeleted,
        };
        var api = Client;
        if (!resolved.TryGetValue(key, out var target))
        {
            var context = ResolveContext(Project, Environment, Service);
            if (api.Deployments.CanListBeforeResolving(context))
            {
                // Ids given: the target check and the first page go out together.
                var found = false;
                RunPerItem(context.Project?.Value ?? context.Environment?.Value ?? context.Service?.Value, () => RunStream(
                    token => api.Deployments.ListAsync(context, query, each =>
                    {
                        target = each;
                        found = true;
                    }, token),
                    WriteObject));
                if (found)
                {
                    resolved[key] = target;
                }

                return;
            }

            if (!TryResolveTarget(context, out target))
            {
                return;
            }

            resolved[key] = target;
        }

        var scoped = query with
        {
            ProjectId = target?.Project.ProjectId,
            ProjectName = target?.Project.Name,
            EnvironmentId = target?.Environment?.EnvironmentId,
            ServiceId = target?.Service?.ServiceId,
        };
        RunPerItem(target?.Service?.Name ?? target?.Project.Name, () => RunStream(token => api.Deployments.ListAsync(scoped, token), WriteObject));
    }
}
