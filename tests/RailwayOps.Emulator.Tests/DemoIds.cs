using System.Text.Json;

namespace RailwayOps.Emulator.Tests;

/// <summary>The generated ids of the demo seed's project, environments and services.</summary>
public sealed record DemoIds(string ProjectId, string ProductionId, string StagingId, string WebId, string WorkerId)
{
    public static async Task<DemoIds> ReadAsync(GraphQLTestClient account)
    {
        var data = await account.DataAsync(
            "{ projects { edges { node { id name environments { edges { node { id name } } } services { edges { node { id name } } } } } } }");
        var project = data.GetProperty("projects").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node")).Single(p => p.GetProperty("name").GetString() == "demo");
        string Find(string connection, string name) => project.GetProperty(connection).GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node")).Single(n => n.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
        return new DemoIds(project.GetProperty("id").GetString()!, Find("environments", "production"),
            Find("environments", "staging"), Find("services", "web"), Find("services", "worker"));
    }
}
