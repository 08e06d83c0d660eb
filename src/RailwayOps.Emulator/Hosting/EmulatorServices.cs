using GraphQL;
using RailwayOps.Emulator.Admin;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Hosting;

public static class EmulatorServices
{
    /// <summary>The state and GraphQL side; the engine registers itself with AddEmulatorEngine.</summary>
    public static IServiceCollection AddEmulatorServices(this IServiceCollection services, EmulatorOptions options, EmulatorStore store)
    {
        services.AddSingleton(options);
        // The container owns the store from here on and disposes it with the host.
        services.AddSingleton(store);
        services.AddSingleton<IEmulatorStore>(provider => provider.GetRequiredService<EmulatorStore>());
        services.AddSingleton(_ => SchemaFactory.Create(SchemaFactory.DefaultSdlPath));
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<GraphExecutor>();
        services.AddSingleton<RequestJournal>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton(new LatencySetting(options.LatencyMs));
        services.AddSingleton<OpenSockets>();
        return services;
    }

    /// <summary>Middleware and endpoints: journal, then latency and faults, then the API.</summary>
    public static WebApplication UseEmulatorPipeline(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        // A Host header naming a service's domain goes to that service, before the API sees it.
        Proxy.DomainRouter.UseDomainRouting(app);
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapPost(GraphQLHttpEndpoint.Path, (HttpContext context, GraphExecutor executor) =>
            GraphQLHttpEndpoint.HandleAsync(context, executor));
        app.Map(GraphQLHttpEndpoint.Path, async (HttpContext context, GraphExecutor executor, OpenSockets sockets, RequestJournal journal) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            await SubscriptionSocket.AcceptAsync(context, executor, sockets, journal);
        });
        // railway up's REST endpoint authenticates as the API does, so it sits beside it (the engine-only test host has no API).
        Upload.UploadEndpoint.MapUpload(app);
        app.MapAdmin();
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<OpenSockets>().Drop(-1));
        return app;
    }
}
