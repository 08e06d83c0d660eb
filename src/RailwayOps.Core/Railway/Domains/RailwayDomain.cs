namespace RailwayOps;

// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayDomainKind
{
    Service,
    Custom,
}

/// <summary>A public domain of a service instance (a *.up.railway.app service domain or a custom domain).</summary>
public sealed class RailwayDomain
{
    public required string DomainId { get; init; }

    public required string Domain { get; init; }

    public required RailwayDomainKind Kind { get; init; }

    public string? EnvironmentId { get; init; }

    public string? ServiceId { get; init; }

    public int? TargetPort { get; init; }

    /// <summary>The https URL the Railway CLI would show; the emulator's loopback domains are plain http.</summary>
    public Uri Url => Domain.Contains("://", StringComparison.Ordinal) ? new Uri(Domain)
        : IsLoopback ? new Uri("http://" + Domain) : new Uri("https://" + Domain);

    private bool IsLoopback => Domain.StartsWith("127.", StringComparison.Ordinal)
        || Domain.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)
        || Domain.StartsWith("[::1]", StringComparison.Ordinal);

    public override string ToString() => Domain;
}
