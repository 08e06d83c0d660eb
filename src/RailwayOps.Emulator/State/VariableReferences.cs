using System.Text.RegularExpressions;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>
/// Renders Railway reference variables within one environment, as Railway does for the
/// <c>variables</c> query, <c>variablesForServiceDeployment</c> and the environment of a deployment:
/// <list type="bullet">
/// <item><c>${{shared.NAME}}</c>: the environment's shared variable NAME;</item>
/// <item><c>${{Service.NAME}}</c>: variable NAME of the service called Service (exact, case-sensitive
/// name), its own variables or the ones Railway provides for it (RAILWAY_PUBLIC_DOMAIN, ...);</item>
/// <item><c>${{NAME}}</c>: variable NAME of the scope the value belongs to (the same service, or the
/// shared variables for a shared value).</item>
/// </list>
/// References may sit inside longer text, several to a value, with spaces inside the braces. A referenced
/// value is rendered in its own scope, so references in it are resolved too. Values are stored as written;
/// only reads render them.
/// </summary>
public sealed partial class VariableReferences
{
    /// <summary>The namespace of shared variables. A service called "shared" cannot be referenced by name.</summary>
    public const string SharedNamespace = "shared";

    /// <summary>One service of the environment: the variables set on it, and the ones Railway provides for
    /// it (computed only when a reference needs them, since that can start the service's proxy).</summary>
    public sealed record ServiceScope(string Id, string Name, IReadOnlyDictionary<string, string> Variables,
        Lazy<IReadOnlyDictionary<string, string>> Provided)
    {
        public ServiceScope(string id, string name, IReadOnlyDictionary<string, string> variables,
            IReadOnlyDictionary<string, string> provided)
            : this(id, name, variables, new Lazy<IReadOnlyDictionary<string, string>>(provided))
        {
        }
    }

    private readonly IReadOnlyDictionary<string, string> _shared;
    private readonly Dictionary<string, ServiceScope> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceScope> _byName = new(StringComparer.Ordinal);

    public VariableReferences(IReadOnlyDictionary<string, string> shared, IEnumerable<ServiceScope> services)
    {
        _shared = shared;
        foreach (var service in services)
        {
            _byId[service.Id] = service;
            _byName.TryAdd(service.Name, service);
        }
    }

    /// <summary>The environment's variables as stored; <paramref name="provided"/> gives a service's
    /// Railway-provided variables.</summary>
    public static VariableReferences For(IEmulatorStore store, string environmentId,
        Func<ServiceInstanceRecord, IReadOnlyDictionary<string, string>> provided) =>
        new(store.GetVariables(environmentId, null),
            store.GetServiceInstances(environmentId).Select(instance => new ServiceScope(instance.ServiceId,
                instance.ServiceName, store.GetVariables(environmentId, instance.ServiceId),
                new Lazy<IReadOnlyDictionary<string, string>>(() => provided(instance)))));

    /// <summary>The variables set on one scope (a service id, or null for shared), rendered.</summary>
    public Dictionary<string, string> RenderScope(string? serviceId) =>
        VariablesOf(serviceId).ToDictionary(p => p.Key, p => RenderVariable(serviceId, p.Key, p.Value),
            StringComparer.Ordinal);

    /// <summary>What a deployment of the service sees: the shared variables, then the service's own, then
    /// the ones Railway provides (later ones win), each rendered in the scope it comes from.</summary>
    public SortedDictionary<string, string> RenderForDeployment(string serviceId)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in RenderScope(null))
            values[name] = value;
        foreach (var (name, value) in RenderScope(serviceId))
            values[name] = value;
        if (_byId.TryGetValue(serviceId, out var service))
            foreach (var (name, value) in service.Provided.Value)
                values[name] = value;
        return values;
    }

    /// <summary>Renders a value written in a scope (a service id, or null for shared).</summary>
    public string Render(string? serviceId, string value) => Render(serviceId, value, []);

    private string RenderVariable(string? serviceId, string name, string value) =>
        Render(serviceId, value, [(serviceId, name)]);

    private string Render(string? serviceId, string value, HashSet<(string?, string)> resolving)
    {
        if (!value.Contains("${{", StringComparison.Ordinal))
            return value;
        return Reference().Replace(value, match =>
        {
            var space = match.Groups["space"];
            var name = match.Groups["name"].Value;
            if (!space.Success)
                return Resolve(serviceId, name, resolving);
            var target = space.Value.Trim();
            if (target == SharedNamespace)
                return Resolve(null, name, resolving);
            return _byName.TryGetValue(target, out var service) ? Resolve(service.Id, name, resolving) : "";
        });
    }

    // Railway's docs do not say what a reference to a variable (or service) that does not exist renders
    // as. The emulator renders it, and a reference that leads back to itself (a cycle), as the empty string.
    private string Resolve(string? serviceId, string name, HashSet<(string?, string)> resolving)
    {
        if (serviceId is not null && IsProvidedName(name) && _byId.TryGetValue(serviceId, out var service)
            && service.Provided.Value.TryGetValue(name, out var provided))
            return provided;
        if (!VariablesOf(serviceId).TryGetValue(name, out var value) || !resolving.Add((serviceId, name)))
            return "";
        try
        {
            return Render(serviceId, value, resolving);
        }
        finally
        {
            resolving.Remove((serviceId, name));
        }
    }

    /// <summary>Names Railway provides (RAILWAY_*, PORT): only these need a service's provided set, whose
    /// computation can start that service's proxy; any other name is looked up in the stored variables.</summary>
    private static bool IsProvidedName(string name) =>
        name.StartsWith("RAILWAY_", StringComparison.Ordinal) || name == "PORT";

    private IReadOnlyDictionary<string, string> VariablesOf(string? serviceId) =>
        serviceId is null ? _shared
        : _byId.TryGetValue(serviceId, out var service) ? service.Variables
        : EmptyVariables;

    private static readonly IReadOnlyDictionary<string, string> EmptyVariables = new Dictionary<string, string>();

    // ${{NAME}} or ${{Space.NAME}}, spaces allowed inside the braces and around the dot.
    [GeneratedRegex(@"\$\{\{\s*(?:(?<space>[^{}.]+?)\s*\.\s*)?(?<name>[^{}.\s]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
