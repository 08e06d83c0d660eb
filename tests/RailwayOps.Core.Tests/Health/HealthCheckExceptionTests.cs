using RailwayOps.Core.Health;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

/// <summary>How an unhealthy result ends: the kind the cmdlets' error map turns into an ErrorId and category.</summary>
public class HealthCheckExceptionTests
{
    private static readonly Uri Health = new("http://127.0.0.1:9/api/health");

    public static TheoryData<HealthCheckResult, HealthFailureKind> Results => new()
    {
        { Result(statusCode: 503), HealthFailureKind.Unhealthy },
        { Result(timedOut: true), HealthFailureKind.NoAnswer },
        { Result(statusCode: 503, timedOut: true), HealthFailureKind.TimedOut },
        { Result(statusCode: 200, expected: "2.0.0", version: "1.0.0", timedOut: true), HealthFailureKind.VersionMismatch },
        // Unstable wins: the window saw it stop, whatever the version said.
        { Result(statusCode: 200, expected: "2.0.0", version: "1.0.0").WithStability(new StabilityVerdict { Stable = false, Window = TimeSpan.FromSeconds(20), Reason = "stopped" }), HealthFailureKind.Unstable },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void KindFollowsTheResult(HealthCheckResult result, HealthFailureKind expected)
    {
        Assert.Equal(expected, HealthCheckException.KindOf(result));
        Assert.Equal(expected, new HealthCheckException("unhealthy", result).Kind);
    }

    [Fact]
    public void CarriesTheResult()
    {
        var result = Result(statusCode: 503);

        var exception = new HealthCheckException("unhealthy", result);

        Assert.Same(result, exception.Result);
        Assert.Equal("unhealthy", exception.Message);
        Assert.Throws<ArgumentNullException>(() => new HealthCheckException("unhealthy", null!));
    }

    private static HealthCheckResult Result(int? statusCode = null, string? expected = null, string? version = null, bool timedOut = false) => new()
    {
        Uri = Health,
        Healthy = false,
        StatusCode = statusCode,
        ExpectedVersion = expected,
        Version = version,
        VersionMatches = expected is null || version is null ? null : expected == version,
        TimedOut = timedOut,
    };
}
