using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Release;

/// <summary>Everything one release-loop run needs; the cmdlet fills it from parameters and the resolved context.</summary>
public sealed record ReleaseRequest
{
    /// <summary>A folder inside the repository (the current PowerShell location by default).</summary>
    public required string Path { get; init; }

    /// <summary>The change description; the commit message is "&lt;Message&gt; - bump to vX.Y.Z".</summary>
    public required string Message { get; init; }

    /// <summary>The user named the change (-Message): on a clean tree whose HEAD released another change, that is a new release.</summary>
    public bool MessageGiven { get; init; }

    public BumpRequest Bump { get; init; } = new(BumpMode.Part);

    /// <summary>A version file to use instead of searching (as Step-RailwayAppVersion -File).</summary>
    public string? VersionFile { get; init; }

    public string Remote { get; init; } = "origin";

    /// <summary>How the release reaches Railway; Auto uploads to a service that has no connected repository.</summary>
    public ReleaseSource Source { get; init; } = ReleaseSource.Auto;

    /// <summary>Commit even when a changed file looks like a secret.</summary>
    public bool Force { get; init; }

    /// <summary>Name or id of an environment that overrides the branch's own.</summary>
    public string? Environment { get; init; }

    /// <summary>Health path; null takes the service's healthcheckPath in Railway, then railway.toml / railway.json, else /api/health.</summary>
    public string? HealthPath { get; init; }

    /// <summary>How long the Test stage watches the live deployment after it answered; zero skips the window.</summary>
    public TimeSpan StableFor { get; init; } = Health.StabilityOptions.DefaultWindow;

    /// <summary>When Wait or Test fails for a deployment that replaced a live one, roll back to that one.</summary>
    public bool RollbackOnFailure { get; init; }

    /// <summary>A deployment Railway skipped (no watched file changed) fails the run instead of being reported as nothing deployed.</summary>
    public bool FailOnSkip { get; init; }

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the pushed commit's deployment (and a PR environment) may take to appear.</summary>
    public TimeSpan AppearTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public TimeSpan HealthRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public int BuildLogLines { get; init; } = 50;

    public int DeployLogLines { get; init; } = 200;

    /// <summary>The resolved Railway and GitHub context; its environment is used only as a fallback for production.</summary>
    public required RailwayContext Context { get; init; }
}
