namespace RailwayOps.Core.Railway;

/// <summary>A project with the environment and service resolved in it (either may be absent).</summary>
public sealed record ResolvedTarget(RailwayProject Project, RailwayEnvironment? Environment, RailwayService? Service);
