namespace RailwayOps.Core.Git;

/// <summary>What a finished git command printed and returned.</summary>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
