using RailwayOps.Core.Health;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

/// <summary>The one-line form a release result and an error show for a health check.</summary>
public sealed class HealthCheckResultTests
{
    private static HealthCheckResult Answer() => new()
    {
        Uri = new Uri("http://127.0.0.1:5000/api/health"),
        Healthy = true,
        StatusCode = 200,
        Version = "1.2.3",
        ExpectedVersion = "1.2.3",
        VersionMatches = true,
        Attempts = 2,
    };

    [Fact]
    public void Without_a_stability_window_it_names_the_answer_and_the_attempts()
    {
        Assert.Equal("Healthy: HTTP 200, version 1.2.3 from http://127.0.0.1:5000/api/health (2 attempt(s))", Answer().ToString());
    }

    [Fact]
    public void A_window_that_held_is_part_of_the_healthy_line()
    {
        var stable = Answer().WithStability(new StabilityVerdict { Stable = true, Window = TimeSpan.FromSeconds(20), Watched = TimeSpan.FromSeconds(20), Probes = 5 });

        Assert.Equal("Healthy: HTTP 200, version 1.2.3 from http://127.0.0.1:5000/api/health (7 attempt(s), stable for 20 s)", stable.ToString());
    }

    [Fact]
    public void A_window_that_broke_makes_the_line_unhealthy_with_the_reason()
    {
        var unstable = Answer().WithStability(new StabilityVerdict
        {
            Stable = false, Window = TimeSpan.FromSeconds(20), Watched = TimeSpan.FromSeconds(6), Probes = 3,
            Reason = "the deployment became CRASHED 6 s into the window",
        });

        Assert.StartsWith("Unhealthy: ", unstable.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("(5 attempt(s)): the deployment became CRASHED 6 s into the window", unstable.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stable for", unstable.ToString(), StringComparison.Ordinal);
    }
}
