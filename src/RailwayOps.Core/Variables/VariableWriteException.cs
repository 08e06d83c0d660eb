namespace RailwayOps.Core.Variables;

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum VariableWriteFailure
{
    /// <summary>The mutation answered false.</summary>
    Rejected,

    /// <summary>The mutation answered true but the read-back shows the old state.</summary>
    NotApplied,
}

/// <summary>A variable write did not take effect. Carries names only, never values.</summary>
public sealed class VariableWriteException : Exception
{
    public VariableWriteException(VariableWriteFailure failure, string message, IReadOnlyList<string> names)
        : base(message)
    {
        Failure = failure;
        Names = names;
    }

    public VariableWriteFailure Failure { get; }

    /// <summary>The variables the failure concerns.</summary>
    public IReadOnlyList<string> Names { get; }
}
