namespace RailwayOps.Core.Waiting;

/// <summary>How <see cref="DeploymentWaiter"/> waits.</summary>
public sealed record WaitOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The whole wait, every target included; <see cref="TimeSpan.Zero"/> means no limit.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How long a <see cref="WaitTarget.ByCommit"/> or <see cref="WaitTarget.LatestOf"/> deployment may take to appear.</summary>
    public TimeSpan AppearTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest pause between two polls; polling starts near one second and backs off to this.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Return after the first target finishes; the others are cancelled and not reported.</summary>
    public bool Any { get; init; }

    /// <summary>Build-log lines attached to an unsuccessful outcome (the CPWTR workflow reads 50).</summary>
    public int BuildLogLines { get; init; } = 50;

    /// <summary>Deploy-log lines attached to an unsuccessful outcome (the CPWTR workflow reads 200).</summary>
    public int DeployLogLines { get; init; } = 200;

    /// <summary>Listen on the deployment(id) subscription; false polls over HTTP only.</summary>
    public bool UseSubscription { get; init; } = true;
}
