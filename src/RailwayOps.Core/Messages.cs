namespace RailwayOps.Core;

/// <summary>
/// Every user-facing text Core produces. Format items are documented at each entry; none ever
/// receives a secret, and callers still pass the result through the Redactor.
/// </summary>
public static class Messages
{
    // Transport and API errors.
    public const string NotAuthorized = "Railway refused the request: {0} was refused (Not Authorized). Check that the token is valid and can see this resource.";
    public const string Forbidden = "Railway denied access (HTTP 403) to {0}. The {1} cannot reach this resource.";
    public const string HttpUnauthorized = "Railway answered HTTP 401: {0} was refused.";
    public const string NotFound = "Railway could not find it: {0}";
    public const string RateLimited = "Railway is rate limiting requests (HTTP 429); retry after {0:0.#} seconds.";
    public const string RateLimitedNoHeader = "Railway is rate limiting requests (HTTP 429).";
    public const string ServerError = "Railway answered HTTP {0} {1} for operation {2}.";
    public const string UnexpectedStatus = "Railway answered HTTP {0} {1} for operation {2}.";
    public const string Timeout = "Railway did not answer operation {0} within {1} seconds (RAILWAY_HTTP_TIMEOUT).";
    public const string TransportFailure = "Could not reach Railway at {0}: {1}";
    public const string GraphQLError = "Railway rejected operation {0}: {1}";
    public const string MalformedJson = "Railway's answer to operation {0} was not valid JSON (HTTP {1}).";
    public const string HtmlErrorPage = "Railway's answer to operation {0} was an HTML page (HTTP {1}), probably from a proxy, not the API.";
    public const string NoData = "Railway's answer to operation {0} had no data and no errors.";
    public const string InsecureEndpoint = "Refusing to send a token to {0}: the endpoint must use https unless it is a loopback address.";
    public const string RelativeEndpoint = "The endpoint '{0}' is not an absolute http or https URL.";

    // Retries and timeouts.
    public const string RetryScheduled = "Operation {0} failed ({1}); retry {2} of {3} in {4:0.0} s.";
    public const string InvalidHttpTimeout = "RAILWAY_HTTP_TIMEOUT='{0}' is not a positive whole number of seconds; using {1} s.";
    public const string RequestSent = "POST {0} operation {1} (attempt {2}).";
    public const string ResponseReceived = "Operation {0} answered HTTP {1} in {2} ms.";

    // Resolution.
    public const string NoToken = "No Railway token was found. Pass -Token, set RAILWAY_TOKEN (project token) or RAILWAY_API_TOKEN (account or workspace token), run 'railway login', or run Connect-Railway.";
    public const string EnvironmentWithoutProject = "RAILWAY_ENVIRONMENT_ID cannot be set without RAILWAY_PROJECT_ID.";
    public const string UnparseableConfig = "The Railway CLI config file {0} could not be read as JSON; it is ignored.";
    public const string ProjectNotFound = "No project named or with id '{0}' is visible to {1}.";
    public const string ProjectNotFoundListed = "No project named or with id '{0}' is visible to {1}. The projects it sees: {2}.";
    public const string EnvironmentNotFound = "No environment named or with id '{0}' in project '{1}'.";
    public const string EnvironmentNotFoundListed = "No environment named or with id '{0}' in project '{1}'. Its environments: {2}.";
    public const string ServiceNotFound = "No service named or with id '{0}' in project '{1}'.";
    public const string ServiceNotFoundListed = "No service named or with id '{0}' in project '{1}'. Its services: {2}.";
    public const string NoneVisible = "none";
    public const string AndMore = "{0} and {1} more";
    public const string DeploymentNotFound = "No deployment with id '{0}' is visible to {1}.";
    public const string ProjectRequired = "Parameter -{0} needs a project: pass -Project, set RAILWAY_PROJECT_ID, link the folder with 'railway link', or run Connect-Railway -Project.";
    public const string ProjectTokenScope = "The project token from {0} belongs to project '{1}', not '{2}'.";

    // Token sources, as they appear in messages ("the token from ...").
    public const string TokenFromParameter = "the token passed with -Token";
    public const string TokenFromEnvironment = "the token from {0}";
    public const string TokenFromConfig = "the token from the Railway CLI login in {0}";
    public const string TokenFromSession = "the token from Connect-Railway";

    // Emulator.
    public const string EmulatorNotInstalled = "The Railway emulator was not found at {0}. Build the module with 'build.ps1 Build' so that it is staged beside RailwayOps.dll.";
    public const string DotnetNotFound = "The dotnet host was not found (DOTNET_HOST_PATH, PATH, or the standard install folders); it is needed to run the emulator.";
    public const string SeedNotFound = "The seed file {0} does not exist.";
    public const string EmulatorExited = "The Railway emulator exited with code {0} before it was ready. Last output: {1}";
    public const string EmulatorNotReady = "The Railway emulator did not report ready within {0} seconds. Last output: {1}";
    public const string EmulatorBadReadyLine = "The Railway emulator's ready line could not be read: {0}";
    public const string EmulatorStarting = "Starting the Railway emulator: {0} {1}";
    public const string EmulatorShutdownRequested = "Asked the emulator (process {0}) to shut down.";
    public const string EmulatorKilled = "The emulator (process {0}) did not exit within {1} seconds; it was stopped forcibly.";
    public const string EmulatorStateDirectoryIsFile = "The state directory {0} is a file. Name a folder (an existing one is restored, a new one is created), or leave out -StateDirectory for a temporary one.";
    public const string EmulatorInvalidSeed = "The seed could not be used: {0}. See the seed format in the emulator's README (src/RailwayOps.Emulator/README.md).";
    public const string EmulatorStateDirectoryUnusable = "The state directory could not be used: {0}.";
}
