namespace RailwayOps;

internal static partial class CmdletText
{
    // Never give these a variable's value: names, counts and targets only.
    public const string VariableScopeService = "service '{0}' in {1}/{2}";
    public const string VariableScopeShared = "shared variables of {0}/{1}";
    public const string VariableEnvironmentRequired = "Variables belong to an environment: pass -Environment, set RAILWAY_ENVIRONMENT_ID, or link the folder with 'railway link'.";
    public const string VariableServiceRequired = "Pass -Service for a service's variables, or -Shared for the environment's shared variables.";
    public const string VariableSharedWithService = "-Shared reads the environment's shared variables; it cannot be combined with -Service '{0}'.";
    public const string VariableTargetMissing = "{0} needs to know where the variables live, and nothing says {1} here: pass {1}, set {2}, link the folder with 'railway link', or run Connect-Railway {1} once for the session.{3}";
    public const string VariableTargetMissingShared = " For an environment's shared variables use -Shared instead of -Service.";
    public const string RecommendedVariableTarget = "See what the token can use: Get-RailwayService (projects and their services), Get-RailwayEnvironment (their environments).";
    public const string VariableNotFound = "No variable named '{0}' in {1}.";
    public const string InvalidVariableName = "'{0}' is not a valid variable name: use letters, digits and underscores, not starting with a digit.";
    public const string InvalidVariableValue = "The value of variable '{0}' is null; pass a string or SecureString, or use Remove-RailwayVariable to delete it.";
    public const string UnsupportedVariableValue = "The value of variable '{0}' is a {1}; pass a string, a number, a boolean or a SecureString.";
    public const string VariableValueHasNul = "The value of variable '{0}' holds a NUL character, which no process environment can hold; nothing was written.";
    public const string NoVariablesGiven = "-Variables is empty; there is nothing to set.";
    public const string SetVariablesAction = "Set variable(s) {0} ({1})";
    public const string SetVariablesReplaceNote = "; every other variable is removed: {0}";
    public const string ReplaceQuery = "-Replace removes every variable of {0} that is not in the new set ({1}). Continue?";
    public const string ReplaceCaption = "Replace all variables";
    public const string RemoveVariableAction = "Remove variable {0}";
    public const string ImportVariablesAction = "Import {0} variable(s) from {1} ({2})";
    public const string VariablesWritten = "Wrote {0} to {1}{2}.";
    public const string VariablesSkipDeploy = " without redeploying";
    public const string VariablesRedeploy = "; Railway redeploys the service once";
    public const string DotEnvNotFound = "The .env file '{0}' does not exist.";
    public const string DotEnvRead = "Read {0} variable(s) from {1}.";
    public const string NamesNone = "none";
    public const string RecommendedDotEnv = "Fix that line: quote values that contain spaces or '#', and close every quote.";
    public const string RecommendedNotApplied = "Run Get-RailwayVariable to see the current state, then retry.";
}
