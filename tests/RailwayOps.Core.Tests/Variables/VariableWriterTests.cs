using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Tests.Railway;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Core.Variables;
using Xunit;

namespace RailwayOps.Core.Tests.Variables;

/// <summary>VariableWriter over real HTTP against a stub that plays Railway's variable operations.</summary>
public sealed class VariableWriterTests
{
    private static readonly VariableTarget Target = new("project-1", "environment-1", "service-1");

    /// <summary>A stub Railway whose stored variables change only when <paramref name="applies"/> says so.</summary>
    private static LoopbackServer Railway(Dictionary<string, string> stored, bool applies = true, bool answer = true) =>
        LoopbackServer.GraphQL((request, _) =>
        {
            using var body = JsonDocument.Parse(request.Body);
            var operation = body.RootElement.GetProperty("operationName").GetString();
            switch (operation)
            {
                case "Variables":
                    lock (stored)
                    {
                        return StubResponse.Json(JsonSerializer.Serialize(new { data = new { variables = stored } }));
                    }

                case "VariableCollectionUpsert":
                    if (applies)
                    {
                        var input = body.RootElement.GetProperty("variables").GetProperty("input");
                        lock (stored)
                        {
                            if (input.GetProperty("replace").GetBoolean())
                            {
                                stored.Clear();
                            }

                            foreach (var property in input.GetProperty("variables").EnumerateObject())
                            {
                                stored[property.Name] = property.Value.GetString()!;
                            }
                        }
                    }

                    return StubResponse.Json(Answer("variableCollectionUpsert", answer));
                case "VariableDelete":
                    var name = body.RootElement.GetProperty("variables").GetProperty("input").GetProperty("name").GetString()!;
                    if (applies)
                    {
                        lock (stored)
                        {
                            stored.Remove(name);
                        }
                    }

                    return StubResponse.Json(Answer("variableDelete", answer));
                default:
                    return new StubResponse(400, "{}");
            }
        });

    private static string Answer(string field, bool value) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["data"] = new Dictionary<string, bool> { [field] = value } });

    private static int Count(LoopbackServer server, string operation) =>
        server.Requests.Count(request => request.Body.Contains($"\"operationName\":\"{operation}\"", StringComparison.Ordinal));

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);

    [Fact]
    public async Task WritesEveryVariableInOneRequestAndVerifiesIt()
    {
        var stored = new Dictionary<string, string> { ["KEEP"] = "same" };
        await using var server = Railway(stored);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);
        var values = Enumerable.Range(1, 20).Select(i => Pair($"V{i}", $"value-{i}")).Append(Pair("KEEP", "same")).ToList();

        var plan = await writer.PlanAsync(Target, values, replace: false, CancellationToken.None);
        await writer.ApplyAsync(plan, skipDeploys: true, CancellationToken.None);

        Assert.Equal(20, plan.Count(VariableChangeKind.New));
        Assert.Equal(1, plan.Count(VariableChangeKind.Unchanged));
        Assert.Equal(1, Count(server, "VariableCollectionUpsert"));
        Assert.Equal("value-20", stored["V20"]);
    }

    [Fact]
    public async Task SendsNothingWhenEveryValueIsAlreadySet()
    {
        await using var server = Railway(new Dictionary<string, string> { ["A"] = "1" });
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);

        var plan = await writer.PlanAsync(Target, new[] { Pair("A", "1") }, replace: false, CancellationToken.None);
        await writer.ApplyAsync(plan, skipDeploys: false, CancellationToken.None);

        Assert.False(plan.RequiresWrite);
        Assert.Equal(0, Count(server, "VariableCollectionUpsert"));
    }

    [Fact]
    public async Task ReportsAnAcceptedWriteThatChangedNothing()
    {
        await using var server = Railway(new Dictionary<string, string> { ["A"] = "old-value" }, applies: false);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);
        var plan = await writer.PlanAsync(Target, new[] { Pair("A", "new-secret-value"), Pair("B", "other-secret-value") }, replace: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<VariableWriteException>(() => writer.ApplyAsync(plan, skipDeploys: true, CancellationToken.None));

        Assert.Equal(VariableWriteFailure.NotApplied, error.Failure);
        Assert.Equal(new[] { "A", "B" }, error.Names);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsARejectedWrite()
    {
        await using var server = Railway(new Dictionary<string, string>(), answer: false);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);
        var plan = await writer.PlanAsync(Target, new[] { Pair("A", "1") }, replace: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<VariableWriteException>(() => writer.ApplyAsync(plan, skipDeploys: true, CancellationToken.None));

        Assert.Equal(VariableWriteFailure.Rejected, error.Failure);
    }

    [Fact]
    public async Task ReplacingVerifiesThatDroppedNamesAreGone()
    {
        var stored = new Dictionary<string, string> { ["OLD"] = "x", ["A"] = "1" };
        await using var server = Railway(stored);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);

        var plan = await writer.PlanAsync(Target, new[] { Pair("A", "1") }, replace: true, CancellationToken.None);
        await writer.ApplyAsync(plan, skipDeploys: true, CancellationToken.None);

        Assert.Equal(new[] { new VariableChange("A", VariableChangeKind.Unchanged), new VariableChange("OLD", VariableChangeKind.Removed) }, plan.Changes);
        Assert.Equal(new[] { "A" }, stored.Keys);
    }

    [Fact]
    public async Task ReportsADeletionThatDidNotTakeEffect()
    {
        await using var server = Railway(new Dictionary<string, string> { ["A"] = "1" }, applies: false);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var writer = new VariableWriter(client);

        await writer.DeleteAsync(Target, "A", CancellationToken.None);
        var error = await Assert.ThrowsAsync<VariableWriteException>(() => writer.VerifyRemovedAsync(Target, new[] { "A" }, CancellationToken.None));

        Assert.Equal(new[] { "A" }, error.Names);
    }

    [Fact]
    public async Task RegistersEveryValueItReadsForRedaction()
    {
        await using var server = Railway(new Dictionary<string, string> { ["A"] = "read-value-zx81" });
        using var client = new RailwayClient(TransportFactory.Create(server));

        await new VariableWriter(client).ReadAsync(Target, CancellationToken.None);

        Assert.DoesNotContain("read-value-zx81", Redactor.Global.Redact("the value is read-value-zx81"), StringComparison.Ordinal);
    }
}
