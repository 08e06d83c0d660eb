namespace RailwayOps.Core.Auth;

/// <summary>The environment variables resolution reads, named as the Railway CLI and GitHub name them.</summary>
public static class EnvironmentVariableNames
{
    public const string ProjectToken = "RAILWAY_TOKEN";
    public const string ApiToken = "RAILWAY_API_TOKEN";
    public const string ProjectId = "RAILWAY_PROJECT_ID";
    public const string EnvironmentId = "RAILWAY_ENVIRONMENT_ID";
    public const string ServiceId = "RAILWAY_SERVICE_ID";
    public const string RailwayEnv = "RAILWAY_ENV";
    public const string HttpTimeout = "RAILWAY_HTTP_TIMEOUT";
    public const string ApiUrl = "RAILWAYOPS_API_URL";
    public const string GitHubToken = "GITHUB_TOKEN";
    public const string GhToken = "GH_TOKEN";
    public const string GitHubApiUrl = "GITHUB_API_URL";
}
