using System.Collections.Concurrent;
using System.Globalization;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Proxy;

namespace RailwayOps.Emulator.Deploy;

/// <summary>One sample of one service instance: CPU in vCPUs, resident memory in GB, and the GB its proxy received and
/// sent since the previous sample.</summary>
public sealed record MetricSample(DateTimeOffset Time, string EnvironmentId, string ServiceId, double CpuUsage,
    double MemoryUsageGb, double NetworkRxGb, double NetworkTxGb);

/// <summary>
/// Measures what the emulator's own processes use, at a fixed interval: CPU time and resident memory (VmRSS) from
/// /proc, summed over every process in each replica's process group (the start command's shell and what it runs), and
/// the bytes each service's proxy carried. Keeps a bounded window per service instance (<see cref="Window"/>); older
/// samples are dropped. Not persisted: an emulator restart starts an empty window.
/// </summary>
public sealed class MetricsSampler
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux.
    private const double BytesPerGb = 1_000_000_000;

    private readonly ConcurrentDictionary<(string EnvironmentId, string ServiceId), LinkedList<MetricSample>> _samples = new();
    private readonly Dictionary<(string, string), (double CpuSeconds, long Rx, long Tx, DateTimeOffset At)> _previous = [];
    private readonly Func<IReadOnlyList<RunningReplica>> _replicas;
    private readonly ProxyRegistry _proxies;
    private readonly TimeProvider _clock;

    public MetricsSampler(Func<IReadOnlyList<RunningReplica>> replicas, ProxyRegistry proxies, TimeSpan interval, TimeProvider? clock = null)
    {
        _replicas = replicas;
        _proxies = proxies;
        Interval = interval;
        _clock = clock ?? TimeProvider.System;
    }

    public TimeSpan Interval { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                SampleOnce();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Takes one sample of every service instance that has running replicas.</summary>
    public void SampleOnce()
    {
        var now = _clock.GetUtcNow();
        var replicas = _replicas();
        if (replicas.Count == 0)
        {
            return;
        }
        var groups = ProcessGroups();
        foreach (var instance in replicas.GroupBy(r => (r.EnvironmentId, r.ServiceId)))
        {
            double cpuSeconds = 0, rssBytes = 0;
            foreach (var replica in instance)
            {
                if (groups.TryGetValue(replica.ProcessId, out var members))
                {
                    foreach (var pid in members)
                    {
                        var (cpu, rss) = Read(pid);
                        cpuSeconds += cpu;
                        rssBytes += rss;
                    }
                }
            }
            var proxy = _proxies.Find(instance.Key.EnvironmentId, instance.Key.ServiceId);
            long rx = proxy?.BytesReceived ?? 0, tx = proxy?.BytesSent ?? 0;
            double cpuUsage = 0, rxGb = 0, txGb = 0;
            lock (_previous)
            {
                if (_previous.TryGetValue(instance.Key, out var before) && now > before.At)
                {
                    var elapsed = (now - before.At).TotalSeconds;
                    cpuUsage = Math.Max(0, cpuSeconds - before.CpuSeconds) / elapsed;
                    rxGb = Math.Max(0, rx - before.Rx) / BytesPerGb;
                    txGb = Math.Max(0, tx - before.Tx) / BytesPerGb;
                }
                _previous[instance.Key] = (cpuSeconds, rx, tx, now);
            }
            var list = _samples.GetOrAdd(instance.Key, _ => new LinkedList<MetricSample>());
            lock (list)
            {
                list.AddLast(new MetricSample(now, instance.Key.EnvironmentId, instance.Key.ServiceId,
                    Math.Round(cpuUsage, 4), rssBytes / BytesPerGb, rxGb, txGb));
                while (list.First is { } first && now - first.Value.Time > Window)
                {
                    list.RemoveFirst();
                }
            }
        }
    }

    /// <summary>The samples of the instances <paramref name="include"/> selects, from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public IReadOnlyList<MetricSample> Query(Func<string, string, bool> include, DateTimeOffset start, DateTimeOffset end)
    {
        var found = new List<MetricSample>();
        foreach (var ((environmentId, serviceId), list) in _samples)
        {
            if (!include(environmentId, serviceId))
            {
                continue;
            }
            lock (list)
            {
                found.AddRange(list.Where(s => s.Time >= start && s.Time <= end));
            }
        }
        return found;
    }

    /// <summary>Process group id -> its member processes, from /proc/&lt;pid&gt;/stat.</summary>
    private static Dictionary<int, List<int>> ProcessGroups()
    {
        var groups = new Dictionary<int, List<int>>();
        foreach (var directory in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            var fields = StatFields(pid);
            if (fields is not null && fields.Length > 2 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group))
            {
                if (!groups.TryGetValue(group, out var members))
                {
                    groups[group] = members = [];
                }
                members.Add(pid);
            }
        }
        return groups;
    }

    /// <summary>CPU seconds used (utime + stime) and resident bytes (VmRSS) of one process; zeros when it is gone.</summary>
    private static (double CpuSeconds, double RssBytes) Read(int pid)
    {
        var fields = StatFields(pid);
        double cpu = 0;
        if (fields is not null && fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            && long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime))
        {
            cpu = (utime + stime) / ClockTicksPerSecond;
        }
        double rss = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    {
                        rss = kb * 1024.0;
                    }
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
        }
        return (cpu, rss);
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the command name: [0] state, [1] ppid, [2] pgrp, ... [11] utime, [12] stime.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close < 0 ? null : stat[(close + 2)..].Split(' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
