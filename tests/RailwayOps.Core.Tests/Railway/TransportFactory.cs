using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Tests.Support;

namespace RailwayOps.Core.Tests.Railway;

internal static class TransportFactory
{
    public const string AccountToken = "test-account-token-5f1c9e";
    public const string ProjectToken = "test-project-token-8a2d4b";

    public static RailwayCredential Account(string variable = "RAILWAY_API_TOKEN") =>
        new(AccountToken, RailwayTokenKind.Account, ValueSource.EnvironmentVariable(variable));

    public static RailwayCredential Project() =>
        new(ProjectToken, RailwayTokenKind.Project, ValueSource.EnvironmentVariable("RAILWAY_TOKEN"));

    public static GraphQLTransport Create(
        LoopbackServer server,
        RailwayCredential? credential = null,
        RecordingTimeProvider? time = null,
        RecordingEventSink? events = null,
        TimeSpan? timeout = null,
        int maxAttempts = 4) =>
        new(new GraphQLTransportOptions
        {
            Endpoint = server.Endpoint,
            Credential = credential ?? Account(),
            TimeProvider = time ?? new RecordingTimeProvider(),
            Events = events ?? new RecordingEventSink(),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            Retry = new RetryOptions { MaxAttempts = maxAttempts },
        });
}
