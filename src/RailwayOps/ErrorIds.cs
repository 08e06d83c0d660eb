namespace RailwayOps;

/// <summary>
/// Every ErrorId the module writes, one naming style: <c>Railway</c>, then what failed (RailwayDeploymentFailed,
/// RailwayCpwtrPushRejected). They are part of the public contract: scripts match them through
/// <c>$_.FullyQualifiedErrorId</c>, so an id never changes meaning once released (0.1.x renamed 44 ids into this
/// style; the README lists them). Which failure is written with which id and category is <see cref="ErrorMap"/>.
/// </summary>
public static partial class ErrorIds
{
    // Resolution: nothing can work.
    public const string NoToken = "RailwayNoToken";
    public const string EnvironmentWithoutProject = "RailwayEnvironmentWithoutProject";
    public const string ProjectRequired = "RailwayProjectRequired";
    public const string InvalidEndpoint = "RailwayInvalidEndpoint";
    public const string InsecureEndpoint = "RailwayInsecureEndpoint";

    // API failures.
    public const string Unauthorized = "RailwayUnauthorized";
    public const string Forbidden = "RailwayForbidden";
    public const string NotFound = "RailwayNotFound";
    public const string ProjectNotFound = "RailwayProjectNotFound";
    public const string EnvironmentNotFound = "RailwayEnvironmentNotFound";
    public const string ServiceNotFound = "RailwayServiceNotFound";
    public const string DeploymentNotFound = "RailwayDeploymentNotFound";
    public const string RateLimited = "RailwayRateLimited";
    public const string Timeout = "RailwayTimeout";
    public const string ConnectionFailed = "RailwayConnectionFailed";
    public const string GraphQLError = "RailwayGraphQLError";
    public const string InvalidResponse = "RailwayInvalidResponse";

    // Confirmation: a ConfirmImpact High cmdlet had to ask, and the host could not prompt.
    public const string ConfirmationRequired = "RailwayConfirmationRequired";

    // Emulator.
    public const string EmulatorNotInstalled = "RailwayEmulatorNotInstalled";
    public const string DotnetNotFound = "RailwayDotnetNotFound";
    public const string EmulatorSeedNotFound = "RailwayEmulatorSeedNotFound";
    public const string EmulatorStartFailed = "RailwayEmulatorStartFailed";
    public const string EmulatorInvalidSeed = "RailwayEmulatorInvalidSeed";
    public const string EmulatorStateDirectoryInvalid = "RailwayEmulatorStateDirectoryInvalid";
    public const string EmulatorNotRunning = "RailwayEmulatorNotRunning";

    // Anything unforeseen; the message is still redacted and carries no stack trace.
    public const string Unexpected = "RailwayUnexpectedError";
}
