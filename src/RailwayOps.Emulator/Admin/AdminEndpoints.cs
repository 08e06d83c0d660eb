using System.Text.Json;
using System.Text.Json.Serialization;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Admin;

/// <summary>/_emulator/: state, journal, faults, latency, seed, forced status, shutdown.
/// (/_emulator/repos belongs to the engine.)</summary>
public static class AdminEndpoints
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void MapAdmin(this WebApplication app)
    {
        var admin = app.MapGroup(AdminPaths.Prefix);
        admin.MapGet("/state", (EmulatorStore store) => Results.Json(store.Dump(), JsonOptions));
        admin.MapGet("/journal", (RequestJournal journal) => Results.Json(journal.Snapshot(), JsonOptions));
        admin.MapDelete("/journal", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        });
        admin.MapPost("/faults", AddFault);
        admin.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapPost("/latency", (LatencyRequest request, LatencySetting latency) =>
        {
            if (request.Ms < 0)
                return Results.BadRequest(new { message = "ms must not be negative" });
            latency.Milliseconds = request.Ms;
            return Results.Json(new { ms = latency.Milliseconds });
        });
        admin.MapPost("/seed", Seed);
        // The running replicas of every live deployment (process ids), so a test checks processes, not log text.
        admin.MapGet("/replicas", (IDeploymentEngine engine) => Results.Json(engine.RunningReplicas(), JsonOptions));
        admin.MapPost("/deployments/{id}/status", ForceStatus);
        admin.MapPost("/shutdown", (IHostApplicationLifetime lifetime, Hosting.EmulatorOptions options, bool? keepState) =>
        {
            // A temporary state folder is deleted when the emulator exits, unless the caller keeps it.
            if (keepState == true)
                Hosting.TemporaryStateFolder.Keep(options.StateDirectory);
            // Answer first; stopping the host right away would cut this response off.
            _ = Task.Run(async () =>
            {
                await Task.Delay(100);
                lifetime.StopApplication();
            });
            return Results.Accepted();
        });
    }

    private static IResult AddFault(FaultRule rule, FaultInjector faults, OpenSockets sockets)
    {
        if (rule.Validate() is { } problem)
            return Results.BadRequest(new { message = problem });
        if (rule.Kind == "dropWebSocket")
            return Results.Json(new { dropped = sockets.Drop(rule.Count) });
        faults.Add(rule);
        return Results.Json(rule, JsonOptions);
    }

    private static async Task<IResult> Seed(HttpRequest request, EmulatorStore store, IDeploymentEngine engine,
        Hosting.EmulatorOptions options, CancellationToken cancellationToken)
    {
        StateDocument state;
        IReadOnlySet<string> seededCommits;
        try
        {
            using var reader = new StreamReader(request.Body);
            var seed = SeedDocument.Parse(await reader.ReadToEndAsync(cancellationToken));
            seededCommits = Git.SeedHistory.Materialise(seed, null, Path.Combine(options.StateDirectory, "git"));
            state = store.BuildSeed(seed);
        }
        catch (Exception error) when (error is JsonException or InvalidDataException)
        {
            return Results.BadRequest(new { message = "invalid seed: " + error.Message });
        }
        // The engine's processes belong to the old state: stop them, swap, and let it start over.
        await engine.StopAllAsync();
        try
        {
            store.Replace(state);
            Hosting.EmulatorHost.MarkSeededLive(store, options.StateDirectory, seededCommits);
        }
        finally
        {
            await engine.ResumeAsync(cancellationToken);
        }
        return Results.NoContent();
    }

    private static IResult ForceStatus(string id, ForcedStatus request, EmulatorStore store)
    {
        if (!Enum.TryParse<DeployStatus>(request.Status, ignoreCase: false, out var status) || !Enum.IsDefined(status))
            return Results.BadRequest(new { message = $"'{request.Status}' is not a deployment status" });
        if (store.GetDeployment(id) is null)
            return Results.NotFound(new { message = "Deployment not found" });
        return Results.Json(store.SetStatus(id, status, request.DeploymentStopped), JsonOptions);
    }

    private sealed record LatencyRequest(int Ms);

    private sealed record ForcedStatus(string Status, bool? DeploymentStopped);
}
