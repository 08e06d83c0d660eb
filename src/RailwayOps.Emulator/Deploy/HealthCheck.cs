namespace RailwayOps.Emulator.Deploy;

public sealed record HealthCheckResult(bool Healthy, string Detail);

/// <summary>Polls a new process's health-check path until HTTP 200, as Railway does at deploy time: the
/// first probe at once, then with a growing pause between attempts (doubling from
/// <see cref="EngineOptions.HealthcheckInterval"/> up to <see cref="EngineOptions.HealthcheckMaxInterval"/>),
/// so that an app that fails its check is asked a few times a minute, not several times a second, and
/// its deploy log is not flooded with the same traceback.</summary>
public sealed class HealthCheck(EngineOptions options)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<HealthCheckResult> WaitAsync(ManagedProcess process, int port, string path, TimeSpan window,
        Action<string> log, CancellationToken cancellationToken)
    {
        var uri = new Uri($"http://127.0.0.1:{port}/{path.TrimStart('/')}");
        var deadline = DateTimeOffset.UtcNow + window;
        var attempt = 0;
        var pause = options.HealthcheckInterval;
        string lastProblem = "no response";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return new HealthCheckResult(false,
                    $"The process exited with code {process.Exited.Result} before the healthcheck succeeded");
            }
            attempt++;
            var problem = await ProbeAsync(uri, cancellationToken);
            if (problem is null)
            {
                return new HealthCheckResult(true, $"[1/1] Healthcheck succeeded after {attempt} attempt(s)");
            }
            var remaining = deadline - DateTimeOffset.UtcNow;
            lastProblem = problem;
            if (remaining <= TimeSpan.Zero)
            {
                log($"Attempt #{attempt} failed with {problem}");
                return new HealthCheckResult(false, $"Healthcheck failed: {lastProblem} within {(int)window.TotalSeconds}s");
            }
            log($"Attempt #{attempt} failed with {problem}. Continuing to retry for {Math.Max(0, (int)remaining.TotalSeconds)}s");
            // The last attempt lands on the deadline rather than after it.
            var wait = pause < remaining ? pause : remaining;
            await Task.WhenAny(process.Exited, Task.Delay(wait, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, options.HealthcheckMaxInterval.Ticks));
        }
    }

    private async Task<string?> ProbeAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.HealthcheckAttemptTimeout);
        try
        {
            using var response = await Client.GetAsync(uri, attempt.Token);
            return (int)response.StatusCode == 200 ? null : $"status {(int)response.StatusCode}";
        }
        catch (HttpRequestException)
        {
            return "service unavailable";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "a timeout";
        }
    }
}
