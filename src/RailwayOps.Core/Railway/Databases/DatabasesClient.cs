using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Railway;

/// <summary>A Railway template as the CLI reads it: its id, name and the serializedConfig deployed from it.</summary>
public sealed record RailwayTemplate(string TemplateId, string Name, JsonObject SerializedConfig);

/// <summary>
/// Databases (<c>railway.Databases</c>), added the way Railway's CLI adds them (<c>railway add --database</c>): the template
/// of the database type (<c>template(code:)</c>), deployed into an environment (<c>templateDeployV2</c>), and its workflow
/// followed (<c>workflowStatus</c>) until the service exists. Where a database answers is read from its variables
/// (<see cref="DatabaseConnection"/>).
/// </summary>
public sealed class DatabasesClient
{
    private readonly ApiConnection connection;

    internal DatabasesClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>How often the workflow is asked at first; the interval doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The template code of a database type (Railway's template for PostgreSQL is "postgres", for Redis "redis").</summary>
    public static string TemplateCode(DatabaseKind kind) => kind == DatabaseKind.Postgres ? "postgres" : "redis";

    /// <summary>The template of <paramref name="kind"/>, with its serializedConfig.</summary>
    public async Task<RailwayTemplate> GetTemplateAsync(DatabaseKind kind, CancellationToken cancellationToken)
    {
        var code = TemplateCode(kind);
        JsonElement node;
        try
        {
            var data = await connection.QueryAsync("TemplateDetail", new JsonObject { ["code"] = code }, cancellationToken).ConfigureAwait(false);
            node = ApiConnection.Field(data, "template");
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound || (exception.Kind is RailwayApiErrorKind.GraphQL
            && exception.ServerMessage?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw new DatabaseException(DatabaseFailureKind.TemplateNotFound, Text(DatabaseMessages.TemplateNotFound, code, kind), exception);
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new DatabaseException(DatabaseFailureKind.TemplateNotFound, Text(DatabaseMessages.TemplateNotFound, code, kind));
        }

        var config = node.TryGetProperty("serializedConfig", out var raw) ? raw.ValueKind switch
        {
            JsonValueKind.Object => JsonNode.Parse(raw.GetRawText()) as JsonObject,
            JsonValueKind.String => JsonNode.Parse(raw.GetString()!) as JsonObject,
            _ => null,
        } : null;
        if (config?["services"] is not JsonObject { Count: > 0 })
        {
            throw new DatabaseException(DatabaseFailureKind.TemplateNotFound, Text(DatabaseMessages.TemplateNoServices, code));
        }

        return new RailwayTemplate(ModelMapper.RequiredString(node, "id"), ModelMapper.String(node, "name") ?? code, config);
    }

    /// <summary>
    /// The template's config with its service named <paramref name="serviceName"/> (the template's own name when null).
    /// A copy: the template is not changed.
    /// </summary>
    public static JsonObject ConfigFor(RailwayTemplate template, string? serviceName)
    {
        ArgumentNullException.ThrowIfNull(template);
        var config = (JsonObject)template.SerializedConfig.DeepClone();
        if (!string.IsNullOrWhiteSpace(serviceName) && config["services"] is JsonObject services)
        {
            foreach (var (_, service) in services)
            {
                if (service is JsonObject each)
                {
                    each["name"] = serviceName;
                }
            }
        }

        return config;
    }

    /// <summary>The name the service will get from <paramref name="config"/> (its first service's name).</summary>
    public static string? ServiceNameOf(JsonObject config) =>
        config["services"] is JsonObject services ? services.Select(s => s.Value?["name"]?.GetValue<string>()).FirstOrDefault(n => n is not null) : null;

    /// <summary>templateDeployV2 into the environment; the workflow's id (null when Railway gives none). Sent once.</summary>
    public async Task<string?> DeployAsync(RailwayEnvironment environment, RailwayTemplate template, JsonObject config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(template);
        var input = new JsonObject
        {
            ["projectId"] = environment.ProjectId,
            ["environmentId"] = environment.EnvironmentId,
            ["templateId"] = template.TemplateId,
            ["serializedConfig"] = config.DeepClone(),
        };
        var data = await connection.MutateAsync("TemplateDeployV2", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return ModelMapper.String(ApiConnection.Field(data, "templateDeployV2"), "workflowId");
    }

    /// <summary>The workflow's status (Complete, Error, NotFound, Running) and its error.</summary>
    public async Task<(string Status, string? Error)> GetWorkflowStatusAsync(string workflowId, CancellationToken cancellationToken)
    {
        var data = await connection.QueryAsync("WorkflowStatus", new JsonObject { ["workflowId"] = workflowId }, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "workflowStatus");
        return (ModelMapper.String(node, "status") ?? "NotFound", ModelMapper.String(node, "error"));
    }

    /// <summary>
    /// Polls the workflow until it is Complete; Error, NotFound or <paramref name="timeout"/> passing is a
    /// <see cref="DatabaseException"/>. Reports progress on <paramref name="events"/>.
    /// </summary>
    public async Task WaitForWorkflowAsync(string workflowId, DatabaseKind kind, TimeSpan timeout, IRailwayEventSink? events, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = InitialPollInterval;
        var activity = Text(DatabaseMessages.WorkflowActivity, kind);
        try
        {
            while (true)
            {
                var (status, error) = await GetWorkflowStatusAsync(workflowId, cancellationToken).ConfigureAwait(false);
                switch (status)
                {
                    case "Complete":
                        return;
                    case "Error":
                        throw new DatabaseException(DatabaseFailureKind.WorkflowFailed, Text(DatabaseMessages.WorkflowFailed, kind, error ?? status));
                    case "NotFound":
                        throw new DatabaseException(DatabaseFailureKind.WorkflowFailed, Text(DatabaseMessages.WorkflowLost, workflowId, kind));
                }

                events?.Report(new RailwayEvent(RailwayEventLevel.Progress, Text(DatabaseMessages.WorkflowWaiting, kind, workflowId, status)) { Activity = activity });
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new DatabaseException(DatabaseFailureKind.WorkflowTimedOut, Text(DatabaseMessages.WorkflowTimedOut, kind, timeout.TotalSeconds, workflowId));
                }

                await Task.Delay(interval < left ? interval : left, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
            }
        }
        finally
        {
            events?.Report(new RailwayEvent(RailwayEventLevel.Progress, activity) { Activity = activity, Completed = true });
        }
    }

    private static string Text(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
