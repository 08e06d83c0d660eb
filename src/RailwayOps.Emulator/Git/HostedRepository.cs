namespace RailwayOps.Emulator.Git;

/// <summary>A bare repository the emulator hosts for a service's source repo ("owner/name").</summary>
public sealed record HostedRepository(string Repo, string Path, string DefaultBranch)
{
    public string Owner => Repo.Split('/')[0];
    public string Name => Repo.Split('/')[1];
}

public sealed record CommitInfo(string Sha, string Message, string Author, IReadOnlyList<string> Parents);

/// <summary>One ref update reported by the post-receive hook.</summary>
public sealed record PushEvent(string Repo, string OldSha, string NewSha, string RefName)
{
    public bool IsDeletion => NewSha.Trim('0').Length == 0;

    public string? Branch => RefName.StartsWith("refs/heads/", StringComparison.Ordinal)
        ? RefName["refs/heads/".Length..]
        : null;
}
