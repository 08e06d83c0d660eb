namespace RailwayOps.Core.Variables;

/// <summary>One NAME=value assignment read from a .env file, with the line it started on.</summary>
public sealed record DotEnvEntry(string Name, string Value, int LineNumber)
{
    // A record prints its members; the value must never reach a log that way.
    public override string ToString() => Name;
}
