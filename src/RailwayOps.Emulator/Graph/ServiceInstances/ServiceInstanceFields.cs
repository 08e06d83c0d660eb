using System.Globalization;
using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Service instance settings: <c>serviceInstanceUpdate</c> (Railway's per-instance settings mutation) and
/// <c>environmentPatchCommit</c> (the environment patch Railway's CLI scales replicas with:
/// <c>{services: {&lt;id&gt;: {deploy: {multiRegionConfig: {&lt;region&gt;: {numReplicas: n}}}}}}</c>). Settings apply
/// from the next deployment, except the replica count: a live deployment is scaled to it at once.</summary>
public static class ServiceInstanceFields
{
    private static readonly string[] Policies = ["ALWAYS", "NEVER", "ON_FAILURE"];

    public static void Bind(FieldBinder fields)
    {
        fields.Mutation("serviceInstanceUpdate", ServiceInstanceUpdate);
        fields.Mutation("environmentPatchCommit", EnvironmentPatchCommit);
    }

    private static async ValueTask<object?> ServiceInstanceUpdate(IResolveFieldContext context)
    {
        var graph = G(context);
        var serviceId = Arg(context, "serviceId");
        var service = graph.Service(serviceId);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var environmentId = context.GetArgument<string?>("environmentId");
        // Without an environment Railway updates the instance in every environment that is not a fork.
        var environments = environmentId is not null
            ? [graph.Environment(environmentId)]
            : graph.Store.GetEnvironments(service.ProjectId).Where(e => !e.IsEphemeral && graph.Caller.CanSeeEnvironment(e.ProjectId, e.Id)).ToList();
        var change = SettingsChange.FromUpdateInput(input);
        foreach (var environment in environments)
            graph.ServiceInstance(environment.Id, serviceId);
        foreach (var environment in environments)
            await ApplyAsync(graph, environment.Id, serviceId, change);
        return true;
    }

    private static async ValueTask<object?> EnvironmentPatchCommit(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = graph.Environment(Arg(context, "environmentId"));
        var patch = context.GetArgument<object?>("patch") as IDictionary<string, object?>
            ?? throw new ExecutionError("patch must be a JSON object");
        var changes = new List<(string ServiceId, SettingsChange Change)>();
        foreach (var (key, value) in patch)
        {
            if (key != "services")
                throw new ExecutionError($"The emulator does not support '{key}' in an environment patch (only services.<id>.build and services.<id>.deploy)");
            if (value is not IDictionary<string, object?> services)
                throw new ExecutionError("patch.services must be an object keyed by service id");
            foreach (var (serviceId, config) in services)
            {
                graph.ServiceInstance(environment.Id, serviceId);
                changes.Add((serviceId, SettingsChange.FromPatch(serviceId, config as IDictionary<string, object?>
                    ?? throw new ExecutionError($"patch.services.{serviceId} must be an object"))));
            }
        }
        foreach (var (serviceId, change) in changes)
            await ApplyAsync(graph, environment.Id, serviceId, change);
        // Railway answers with the id of the commit it made of the patch.
        return Guid.NewGuid().ToString();
    }

    private static async Task ApplyAsync(GraphContext graph, string environmentId, string serviceId, SettingsChange change)
    {
        var (old, updated) = graph.Store.UpdateSettings(environmentId, serviceId, change.Apply);
        if (old.NumReplicas != updated.NumReplicas)
            await graph.Engine.ScaleAsync(environmentId, serviceId);
    }

    /// <summary>The fields one update sets (absent = unchanged); validated before anything changes.</summary>
    private sealed class SettingsChange
    {
        private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

        public static SettingsChange FromUpdateInput(IDictionary<string, object?> input)
        {
            var change = new SettingsChange();
            foreach (var (name, value) in input)
                change.Set(name, value, "input." + name);
            return change;
        }

        public static SettingsChange FromPatch(string serviceId, IDictionary<string, object?> config)
        {
            var change = new SettingsChange();
            foreach (var (section, block) in config)
            {
                if (section is not ("build" or "deploy"))
                    throw new ExecutionError($"The emulator does not support 'services.{serviceId}.{section}' in an environment patch");
                if (block is not IDictionary<string, object?> fields)
                    throw new ExecutionError($"services.{serviceId}.{section} must be an object");
                foreach (var (name, value) in fields)
                {
                    var allowed = section == "build" ? name is "buildCommand" or "watchPatterns" : name is not ("buildCommand" or "watchPatterns");
                    if (!allowed)
                        throw new ExecutionError($"The emulator does not support 'services.{serviceId}.{section}.{name}' in an environment patch");
                    change.Set(name, value, $"services.{serviceId}.{section}.{name}");
                }
            }
            return change;
        }

        private void Set(string name, object? value, string path)
        {
            switch (name)
            {
                case "buildCommand" or "startCommand" or "healthcheckPath" or "cronSchedule" or "railwayConfigFile" or "region":
                    if (value is not (null or string))
                        throw new ExecutionError($"{path} must be a string");
                    _values[name] = value;
                    break;
                case "healthcheckTimeout" or "restartPolicyMaxRetries":
                    var number = Integer(value, path);
                    if (number < 0)
                        throw new ExecutionError($"{path} must not be negative");
                    _values[name] = number;
                    break;
                case "numReplicas":
                    _values[name] = Replicas(Integer(value, path), path);
                    break;
                case "restartPolicyType":
                    var policy = value?.ToString()?.ToUpperInvariant();
                    if (policy is not null && !Policies.Contains(policy))
                        throw new ExecutionError($"{path} must be one of {string.Join(", ", Policies)}");
                    _values[name] = policy;
                    break;
                case "sleepApplication":
                    if (value is not (null or bool))
                        throw new ExecutionError($"{path} must be a boolean");
                    _values[name] = value;
                    break;
                case "watchPatterns":
                    _values[name] = value is IEnumerable<object?> list && value is not string
                        ? list.Select(v => v as string ?? throw new ExecutionError($"{path} must be a list of strings")).ToList()
                        : value is null ? new List<string>() : throw new ExecutionError($"{path} must be a list of strings");
                    break;
                case "multiRegionConfig":
                    SetRegions(value, path);
                    break;
                default:
                    throw new ExecutionError($"The emulator does not model the setting '{name}' ({path})");
            }
        }

        /// <summary>{ "&lt;region&gt;": { "numReplicas": n } | null }: every region runs on this host, so the replica
        /// count is their sum and the region the first one named.</summary>
        private void SetRegions(object? value, string path)
        {
            if (value is null)
                return;
            if (value is not IDictionary<string, object?> regions)
                throw new ExecutionError($"{path} must be an object keyed by region");
            int? total = null;
            string? first = null;
            foreach (var (region, config) in regions)
            {
                if (config is null)
                    continue;
                if (config is not IDictionary<string, object?> block || !block.TryGetValue("numReplicas", out var count))
                    throw new ExecutionError($"{path}.{region} must be an object with numReplicas");
                total = (total ?? 0) + Replicas(Integer(count, $"{path}.{region}.numReplicas"), $"{path}.{region}.numReplicas");
                first ??= region;
            }
            _values["numReplicas"] = total is null ? 1 : Replicas(total.Value, path);
            if (first is not null)
                _values["region"] = first;
        }

        private static int Replicas(int? count, string path) => count switch
        {
            null => 1,
            < 1 => throw new ExecutionError($"{path} must be at least 1"),
            > EffectiveSettings.MaxReplicas => throw new ExecutionError($"{path}: the emulator runs at most {EffectiveSettings.MaxReplicas} replicas"),
            _ => count.Value,
        };

        private static int? Integer(object? value, string path) => value switch
        {
            null => null,
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            double d when d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new ExecutionError($"{path} must be an integer"),
        };

        public ServiceSettingsRecord Apply(ServiceSettingsRecord settings)
        {
            T Get<T>(string name, T current) => _values.TryGetValue(name, out var value) ? (T)value! : current;
            return settings with
            {
                BuildCommand = Get("buildCommand", settings.BuildCommand),
                StartCommand = Get("startCommand", settings.StartCommand),
                HealthcheckPath = Get("healthcheckPath", settings.HealthcheckPath),
                HealthcheckTimeout = Get("healthcheckTimeout", settings.HealthcheckTimeout),
                RestartPolicyType = _values.TryGetValue("restartPolicyType", out var policy) ? (string?)policy ?? "ON_FAILURE" : settings.RestartPolicyType,
                RestartPolicyMaxRetries = _values.TryGetValue("restartPolicyMaxRetries", out var retries) ? (int?)retries ?? 10 : settings.RestartPolicyMaxRetries,
                WatchPatterns = Get<IReadOnlyList<string>>("watchPatterns", settings.WatchPatterns),
                NumReplicas = Get("numReplicas", settings.NumReplicas),
                Region = Get("region", settings.Region),
                CronSchedule = Get("cronSchedule", settings.CronSchedule),
                SleepApplication = Get("sleepApplication", settings.SleepApplication),
                RailwayConfigFile = Get("railwayConfigFile", settings.RailwayConfigFile),
            };
        }
    }
}
