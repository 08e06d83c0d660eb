namespace RailwayOps;

/// <summary>A git repository the emulator hosts: push to <see cref="Remote"/> and it deploys, as pushing
/// to the GitHub repository connected to a Railway service does.</summary>
public sealed class RailwayEmulatorRepository
{
    internal RailwayEmulatorRepository(string repository, string remote, string defaultBranch)
    {
        Repository = repository;
        Remote = remote;
        DefaultBranch = defaultBranch;
    }

    /// <summary>owner/name, as the services of the seed name it.</summary>
    public string Repository { get; }

    /// <summary>The git remote (a bare repository's path): <c>git remote add origin &lt;Remote&gt;</c>.</summary>
    public string Remote { get; }

    /// <summary>The branch production deploys.</summary>
    public string DefaultBranch { get; }

    public override string ToString() => Remote;
}
