using System.Security;

namespace RailwayOps;

/// <summary>
/// A Railway variable of a service (or a shared variable of an environment). Like Get-Secret's
/// output, <see cref="Value"/> is a <see cref="SecureString"/> unless the value was asked for as
/// plain text, in which case it is a <see cref="string"/>.
/// </summary>
public sealed class RailwayVariable
{
    public required string Name { get; init; }

    /// <summary>A SecureString, or a string when -AsPlainText was given.</summary>
    public required object Value { get; init; }

    public required string ProjectId { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>Null for a shared variable.</summary>
    public string? ServiceId { get; init; }

    public string? ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    /// <summary>A shared variable of the environment rather than a service's own.</summary>
    public bool Shared { get; init; }

    /// <summary>Whether <see cref="Value"/> holds plain text.</summary>
    public bool IsPlainText => Value is string;

    // Never the value: a variable that is printed by accident must not show it.
    public override string ToString() => Name;
}
