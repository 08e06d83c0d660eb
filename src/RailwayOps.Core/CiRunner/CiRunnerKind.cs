namespace RailwayOps.Core.CiRunner;

/// <summary>The CI system a process runs under, as its environment variables tell.</summary>
public enum CiRunnerKind
{
    /// <summary>Not a recognised CI runner: a terminal, a scheduled task, another CI system.</summary>
    None,

    /// <summary>GitHub Actions (<c>GITHUB_ACTIONS=true</c>).</summary>
    GitHubActions,

    /// <summary>Azure Pipelines (<c>TF_BUILD=True</c>).</summary>
    AzurePipelines,
}
