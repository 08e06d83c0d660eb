using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Proxy;

/// <summary>Routes a request whose Host header names a service or custom domain of the state (e.g.
/// <c>web-production-1a2b3.up.railway.app</c>) to that service instance's loopback proxy, so a domain
/// made with serviceDomainCreate answers on the emulator's own port, as Railway's edge routes by host.</summary>
public static class DomainRouter
{
    private static readonly HttpClient Forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    public static WebApplication UseDomainRouting(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<EmulatorStore>();
        app.Use(async (context, next) =>
        {
            var host = context.Request.Host.Host;
            if (host.Contains('.') && !System.Net.IPAddress.TryParse(host, out _) && store.FindDomainByHost(host) is { } domain)
            {
                var engine = context.RequestServices.GetRequiredService<IDeploymentEngine>();
                await ForwardAsync(context, engine.ServiceDomain(domain.EnvironmentId, domain.ServiceId));
                return;
            }
            await next(context);
        });
        return app;
    }

    private static async Task ForwardAsync(HttpContext context, string? target)
    {
        if (target is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var uri = new Uri($"http://{target}{context.Request.Path}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
            request.Content = new StreamContent(context.Request.Body);
        foreach (var header in context.Request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        request.Headers.Host = context.Request.Host.Value;
        try
        {
            using var response = await Forwarder.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
                context.Response.Headers[header.Key] = header.Value.ToArray();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }
}
