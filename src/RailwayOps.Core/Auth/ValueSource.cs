namespace RailwayOps.Core.Auth;

/// <summary>Where a resolved value came from, in the order resolution consults them.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ValueSourceKind
{
    Parameter,
    EnvironmentVariable,
    ConfigFile,
    Session,
    Default,
}

/// <summary>A value's origin, shown as e.g. "EnvironmentVariable:RAILWAY_TOKEN" or "ConfigFile:/home/u/.railway/config.json".</summary>
public sealed record ValueSource(ValueSourceKind Kind, string? Detail = null)
{
    public static ValueSource Parameter(string name) => new(ValueSourceKind.Parameter, name);

    public static ValueSource EnvironmentVariable(string name) => new(ValueSourceKind.EnvironmentVariable, name);

    public static ValueSource ConfigFile(string path) => new(ValueSourceKind.ConfigFile, path);

    public static ValueSource Session { get; } = new(ValueSourceKind.Session);

    public static ValueSource Default { get; } = new(ValueSourceKind.Default);

    public override string ToString() => string.IsNullOrEmpty(Detail) ? Kind.ToString() : $"{Kind}:{Detail}";
}

/// <summary>A resolved setting and where it came from.</summary>
public sealed record ResolvedValue<T>(T Value, ValueSource Source)
{
    public override string ToString() => $"{Value} ({Source})";
}
