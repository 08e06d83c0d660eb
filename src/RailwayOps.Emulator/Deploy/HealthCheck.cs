namespace RailwayOps.Emulator.Deploy;

public sealed record HealthCheckResult(bool Healthy, string Detail);

/// <summary>Polls a new process's health-check path until HTTP 200, as Railway does at deploy time.</summary>
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
            if (problem != lastProblem || attempt == 1)
            {
                log($"Attempt #{attempt} failed with {problem}. Continuing to retry for {Math.Max(0, (int)remaining.TotalSeconds)}s");
            }
            lastProblem = problem;
            if (remaining <= TimeSpan.Zero)
            {
                return new HealthCheckResult(false, $"Healthcheck failed: {lastProblem} within {(int)window.TotalSeconds}s");
            }
            await Task.WhenAny(process.Exited, Task.Delay(options.HealthcheckInterval, cancellationToken));
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
