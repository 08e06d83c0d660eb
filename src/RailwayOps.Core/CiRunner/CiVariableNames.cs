namespace RailwayOps.Core.CiRunner;

/// <summary>The environment variables the runners set and RailwayOps reads.</summary>
public static class CiVariableNames
{
    public const string GitHubActions = "GITHUB_ACTIONS";
    public const string GitHubStepSummary = "GITHUB_STEP_SUMMARY";
    public const string AzurePipelines = "TF_BUILD";
    public const string AzureTempDirectory = "AGENT_TEMPDIRECTORY";
}
