namespace RailwayOps;

/// <summary>User-facing text of the cmdlet layer (Core's own text lives in RailwayOps.Core.Messages).</summary>
internal static partial class CmdletText
{
    public const string ServerSaid = "{0} Server message: {1}";
    public const string ContextResolved = "Using {0} at {1} ({2}).";
    public const string ContextTarget = "{0}: '{1}' from {2}.";
    public const string ConnectVerified = "Verified {0} against {1}.";
    public const string ConnectOutranked = "-{0} is stored in the session, but {1} outranks it here; Get-RailwayContext shows what applies.";
    public const string ConnectAction = "Set the RailwayOps session defaults";
    public const string ConnectTarget = "Railway endpoint {0}";
    public const string DisconnectAction = "Clear the RailwayOps session defaults";
    public const string DisconnectTarget = "the current session";
    public const string StartEmulatorAction = "Start the Railway emulator";
    public const string StopEmulatorAction = "Stop the Railway emulator";
    public const string StopEmulatorTarget = "emulator process {0} at {1}";
    public const string NoEmulatorToStop = "No emulator started by this session is running; pass one from Start-RailwayEmulator or -ProcessId.";
    public const string EmulatorProcessNotFound = "No emulator with process id {0} was started by this session.";
    public const string InvalidCommitSha = "'{0}' is not a commit hash: use at least 7 hexadecimal characters.";
    public const string SessionUpdated = "Session defaults now point at {0}.";
    public const string EmulatorStarted = "The Railway emulator is running at {0} (process {1}, state in {2}).";
    public const string UnexpectedError = "An unexpected error occurred: {0}";
    public const string RecommendedNoToken = "Run Connect-Railway, or set RAILWAY_API_TOKEN or RAILWAY_TOKEN.";
    public const string RecommendedUnauthorized = "Check or replace the token; run Get-RailwayContext to see which source supplied it.";
    public const string RecommendedRateLimited = "Wait and retry; Railway's hourly request budget is spent.";
    public const string ForcedOperation = "Performing the operation \"{0}\" on target \"{1}\".";
    public const string ConfirmationUnavailable = "{0} must ask before it does \"{1}\" on \"{2}\", but this PowerShell session cannot prompt (pwsh -NonInteractive, a CI runner, a hosted runspace), so it stopped. {3}";
    public const string ConfirmationWayOutWithForce = "Add -Force (or -Confirm:$false) to go ahead without a prompt, or -WhatIf to see what would change; an explicit -Confirm always asks.";
    public const string ConfirmationWayOut = "Add -Confirm:$false to go ahead without a prompt, or -WhatIf to see what would change; an explicit -Confirm always asks.";
    public const string RecommendedConfirmationWithForce = "Add -Force (or -Confirm:$false) to run without a prompt, or -WhatIf to see what would change.";
    public const string PullRequestEnvironmentNotFound = "No environment of pull request #{0} in project '{1}'. Pull-request environments it has: {2}.";
    public const string PullRequestEnvironmentEntry = "#{0} '{1}'";
    public const string PullRequestEnvironmentsNone = "none (Railway creates one when a pull request opens, if PR environments are on)";
    public const string RecommendedConfirmation = "Add -Confirm:$false to run without a prompt, or -WhatIf to see what would change.";
}
