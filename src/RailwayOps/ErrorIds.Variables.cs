namespace RailwayOps;

public static partial class ErrorIds
{
    // Variables.
    public const string VariableNotFound = "RailwayVariableNotFound";
    public const string VariableEnvironmentRequired = "RailwayVariableEnvironmentRequired";
    public const string VariableServiceRequired = "RailwayVariableServiceRequired";
    public const string VariableSharedWithService = "RailwayVariableSharedWithService";
    public const string InvalidVariableName = "RailwayInvalidVariableName";
    public const string InvalidVariableValue = "RailwayInvalidVariableValue";
    public const string VariableWriteRejected = "RailwayVariableWriteRejected";
    public const string VariableWriteNotApplied = "RailwayVariableWriteNotApplied";
    public const string InvalidDotEnv = "RailwayInvalidDotEnv";
    public const string DotEnvNotFound = "RailwayDotEnvNotFound";
}
