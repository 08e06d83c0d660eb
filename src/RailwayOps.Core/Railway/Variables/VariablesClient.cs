using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>A service's or an environment's variables (<c>railway.Variables</c>); the operations are the .graphql files beside this one.</summary>
public sealed class VariablesClient
{
    private readonly ApiConnection connection;

    internal VariablesClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>The variables of a service (or the shared ones when ServiceId is null), name → value.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetAsync(VariableTarget target, bool unrendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var variables = TargetVariables(target);
        variables["unrendered"] = unrendered;
        var data = await connection.QueryAsync("Variables", variables, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "variables"));
    }

    /// <summary>
    /// What a deployment of the service sees, in one request (<c>variablesForServiceDeployment</c>, as <c>railway run</c> reads
    /// them): shared, the service's own and Railway's RAILWAY_* variables, references rendered.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetForServiceDeploymentAsync(string projectId, string environmentId, string serviceId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var variables = new JsonObject { ["projectId"] = projectId, ["environmentId"] = environmentId, ["serviceId"] = serviceId };
        var data = await connection.QueryAsync("VariablesForServiceDeployment", variables, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "variablesForServiceDeployment"));
    }

    /// <summary>Sets many variables in one request (and so one redeploy); <paramref name="replace"/> first removes every other variable.</summary>
    public async Task<bool> UpsertAsync(
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
        return await connection.MutateFlagAsync("VariableCollectionUpsert", "variableCollectionUpsert", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(VariableTarget target, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var input = TargetVariables(target);
        input["name"] = name;
        return await connection.MutateFlagAsync("VariableDelete", "variableDelete", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>EnvironmentVariables is a JSON object of name → value; values may be null.</summary>
    internal static IReadOnlyDictionary<string, string?> Map(JsonElement value)
    {
        var result = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
        }

        return result;
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
