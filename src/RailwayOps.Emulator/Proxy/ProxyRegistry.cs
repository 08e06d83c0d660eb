using System.Collections.Concurrent;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Proxy;

/// <summary>One <see cref="ServiceProxy"/> per service instance, on a port kept in the state so the
/// URL survives restarts of the emulator.</summary>
public sealed class ProxyRegistry(IEmulatorStore store) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string EnvironmentId, string ServiceId), ServiceProxy> _proxies = new();
    private readonly object _createLock = new();

    public ServiceProxy? Find(string environmentId, string serviceId) =>
        _proxies.TryGetValue((environmentId, serviceId), out var proxy) ? proxy : null;

    public ServiceProxy GetOrStart(ServiceInstanceRecord instance)
    {
        var key = (instance.EnvironmentId, instance.ServiceId);
        if (_proxies.TryGetValue(key, out var existing))
        {
            return existing;
        }
        lock (_createLock)
        {
            if (_proxies.TryGetValue(key, out existing))
            {
                return existing;
            }
            var proxy = ServiceProxy.Start(instance.ProxyPort);
            // An image service (a database) speaks its own protocol, not HTTP.
            proxy.RawTcp = instance.Image is not null;
            if (proxy.Port != instance.ProxyPort)
            {
                store.SetProxyPort(instance.EnvironmentId, instance.ServiceId, proxy.Port);
            }
            _proxies[key] = proxy;
            return proxy;
        }
    }

    public async Task StopEnvironmentAsync(string environmentId)
    {
        foreach (var key in _proxies.Keys.Where(k => k.EnvironmentId == environmentId).ToList())
        {
            if (_proxies.TryRemove(key, out var proxy))
            {
                await proxy.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _proxies.Keys.ToList())
        {
            if (_proxies.TryRemove(key, out var proxy))
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
