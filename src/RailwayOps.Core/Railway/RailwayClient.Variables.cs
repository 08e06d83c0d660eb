using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>The variables of a service (or the shared ones when ServiceId is null), name → value.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetVariablesAsync(VariableTarget target, bool unrendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var variables = TargetVariables(target);
        variables["unrendered"] = unrendered;
        var data = await transport.QueryAsync("Variables", variables, cancellationToken).ConfigureAwait(false);
        return ModelMapper.Variables(Field(data, "variables"));
    }

    /// <summary>Sets many variables in one request (and so one redeploy); <paramref name="replace"/> first removes every other variable.</summary>
    public async Task<bool> UpsertVariablesAsync(
        VariableTarget target,
        IReadOnlyDictionary<string, string> values,
        bool replace,
        bool skipDeploys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(values);
        var collection = new JsonObject();
        foreach (var (name, value) in values)
        {
            collection[name] = value;
        }

        var input = TargetVariables(target);
        input["variables"] = collection;
        input["replace"] = replace;
        input["skipDeploys"] = skipDeploys;
        var data = await transport.MutateAsync("VariableCollectionUpsert", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Field(data, "variableCollectionUpsert").ValueKind == System.Text.Json.JsonValueKind.True;
    }

    public async Task<bool> DeleteVariableAsync(VariableTarget target, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var input = TargetVariables(target);
        input["name"] = name;
        var data = await transport.MutateAsync("VariableDelete", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Field(data, "variableDelete").ValueKind == System.Text.Json.JsonValueKind.True;
    }

    private static JsonObject TargetVariables(VariableTarget target)
    {
        var variables = new JsonObject { ["projectId"] = target.ProjectId, ["environmentId"] = target.EnvironmentId };
        if (target.ServiceId is not null)
        {
            variables["serviceId"] = target.ServiceId;
        }

        return variables;
    }
}
