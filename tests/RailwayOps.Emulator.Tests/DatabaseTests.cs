using System.Diagnostics;
using Xunit;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Deploy;

namespace RailwayOps.Emulator.Tests;

/// <summary>What Railway's CLI sends to add a database (TemplateDetail, TemplateDeployV2, WorkflowStatus) and what it
/// gets: a real PostgreSQL / Redis per database service, its data in the service's volume through redeploys,
/// restarts, an emulator restart and a kill -9 of the emulator, and gone with its environment.</summary>
public sealed class DatabaseTests
{
    private const string TemplateDetail = "query TemplateDetail($code: String!) { template(code: $code) { id name serializedConfig } }";
    private const string TemplateDeploy = "mutation TemplateDeployV2($input: TemplateDeployV2Input!) { templateDeployV2(input: $input) { projectId workflowId } }";
    private const string Workflow = "query WorkflowStatus($workflowId: String!) { workflowStatus(workflowId: $workflowId) { status error } }";

    private static bool HasRedis => File.Exists("/usr/bin/redis-server") || File.Exists("/usr/local/bin/redis-server");
    private static bool HasPostgres => Directory.Exists("/usr/lib/postgresql")
        && Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "postgres")));
    private static bool HasPsql => File.Exists("/usr/bin/psql");

    [Fact]
    public async Task TemplatesAnswerWithoutATokenInRailwaysShape()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var postgres = (await emulator.Anonymous.DataAsync(TemplateDetail, new { code = "postgres" })).GetProperty("template");
        Assert.Equal("PostgreSQL", postgres.GetProperty("name").GetString());
        var service = postgres.GetProperty("serializedConfig").GetProperty("services").EnumerateObject().Single().Value;
        Assert.Equal("Postgres", service.GetProperty("name").GetString());
        Assert.Contains("postgres", service.GetProperty("source").GetProperty("image").GetString());
        var variables = service.GetProperty("variables");
        foreach (var name in new[] { "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "POSTGRES_USER", "POSTGRES_PASSWORD",
            "POSTGRES_DB", "PGDATA", "DATABASE_URL", "DATABASE_PUBLIC_URL" })
            Assert.True(variables.TryGetProperty(name, out _), name);
        Assert.StartsWith("${{ secret(32", variables.GetProperty("POSTGRES_PASSWORD").GetProperty("defaultValue").GetString());
        Assert.Equal("/var/lib/postgresql/data", service.GetProperty("volumeMounts").EnumerateObject().Single().Value.GetProperty("mountPath").GetString());

        var redis = (await emulator.Anonymous.DataAsync(TemplateDetail, new { code = "redis" })).GetProperty("template");
        var redisService = redis.GetProperty("serializedConfig").GetProperty("services").EnumerateObject().Single().Value;
        Assert.Equal("Redis", redisService.GetProperty("name").GetString());
        Assert.Contains("redis", redisService.GetProperty("source").GetProperty("image").GetString());
        foreach (var name in new[] { "REDISHOST", "REDISPORT", "REDISUSER", "REDISPASSWORD", "REDIS_PASSWORD", "REDIS_URL", "REDIS_PUBLIC_URL" })
            Assert.True(redisService.GetProperty("variables").TryGetProperty(name, out _), name);

        var unknown = await emulator.Anonymous.SendAsync(TemplateDetail, new { code = "no-such-template" });
        Assert.Equal("Template not found", unknown.FirstError);
        // Only the public query gets in without a token.
        Assert.Equal("Not Authorized", (await emulator.Anonymous.SendAsync("{ me { name } }")).FirstError);
        Assert.Equal("Not Authorized", (await emulator.Anonymous.SendAsync("{ template(code: \"postgres\") { id } me { name } }")).FirstError);
    }

    [SkippableFact]
    public async Task PostgresKeepsItsRowsThroughRedeployRestartAndAnEmulatorRestart()
    {
        Skip.IfNot(HasPostgres, "PostgreSQL's server is not installed (apt-get install postgresql)");
        Skip.IfNot(HasPsql, "psql is not installed (apt-get install postgresql-client)");
        // A state folder deeper than a Unix-domain socket path may be (107 bytes), as a test run's temp folder is:
        // the server must not depend on a socket under it.
        var root = TestEmulator.NewStateDirectory();
        var state = Path.Combine(root, "state-" + new string('d', 100));
        try
        {
            string serviceId;
            DemoIds ids;
            await using (var emulator = await TestEmulator.StartAsync(stateDirectory: state))
            {
                ids = await DemoIds.ReadAsync(emulator.Account);
                var (added, firstDeployment) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
                serviceId = added;
                var variables = await VariablesAsync(emulator.Account, ids, serviceId);
                var url = variables.GetProperty("DATABASE_URL").GetString()!;
                Assert.StartsWith("postgresql://postgres:", url);
                Assert.Contains("@127.0.0.1:", url);
                Assert.Equal(variables.GetProperty("DATABASE_PUBLIC_URL").GetString(), url);
                var password = variables.GetProperty("PGPASSWORD").GetString()!;
                Assert.Equal(32, password.Length);
                Assert.Equal("", Psql(url, "create table seeds(name text); insert into seeds values ('wheat');"));
                Assert.Equal("wheat", Psql(url, "select name from seeds"));
                Assert.Empty(CommandLinesContaining(password));
                Assert.Empty(FilesContaining(state, password));
                var logs = await LogTextAsync(emulator.Account, firstDeployment);
                Assert.DoesNotContain(password, logs);
                Assert.Contains("PostgreSQL accepts connections", logs);

                // A wrong password is refused (scram).
                Assert.Contains("password authentication failed", Psql(url.Replace(password, "wrong" + password[5..]), "select 1", expectFailure: true));

                await emulator.Account.DataAsync("mutation($e: String!, $s: String!) { serviceInstanceRedeploy(environmentId: $e, serviceId: $s) }",
                    new { e = ids.ProductionId, s = serviceId });
                var second = await WaitForNewSuccessAsync(emulator.Account, ids, serviceId, [firstDeployment]);
                Assert.Equal(url, (await VariablesAsync(emulator.Account, ids, serviceId)).GetProperty("DATABASE_URL").GetString());
                Assert.Equal("wheat", Psql(url, "select name from seeds"));

                await emulator.Account.DataAsync("mutation($id: String!) { deploymentRestart(id: $id) }", new { id = second });
                await WaitForRestartAsync(emulator.Account, second);
                Assert.Equal("2", Psql(url, "insert into seeds values ('barley'); select count(*) from seeds"));
            }
            await using (var again = await TestEmulator.StartAsync(stateDirectory: state))
            {
                var url = (await VariablesAsync(again.Account, ids, serviceId)).GetProperty("DATABASE_URL").GetString()!;
                Assert.Equal("2", await RetryAsync(() => Psql(url, "select count(*) from seeds")));
            }
            Assert.Empty(await ProcessScan.StillRunningAfterAsync(ServersUnder(state, broad: true), TimeSpan.FromSeconds(10)));
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    [SkippableFact]
    public async Task RedisKeepsItsKeysThroughRedeployAndAnEmulatorRestart()
    {
        Skip.IfNot(HasRedis, "redis-server is not installed (apt-get install redis-server, or build/Install-DatabaseServers.ps1)");
        var state = TestEmulator.NewStateDirectory();
        try
        {
            string serviceId;
            DemoIds ids;
            await using (var emulator = await TestEmulator.StartAsync(stateDirectory: state))
            {
                ids = await DemoIds.ReadAsync(emulator.Account);
                var (added, first) = await AddDatabaseAsync(emulator.Account, "redis", ids);
                serviceId = added;
                var variables = await VariablesAsync(emulator.Account, ids, serviceId);
                var url = new Uri(variables.GetProperty("REDIS_URL").GetString()!);
                Assert.Equal("127.0.0.1", url.Host);
                var password = variables.GetProperty("REDIS_PASSWORD").GetString()!;
                Assert.Equal("-NOAUTH", (await RedisAsync(url.Port, null, "GET", "crop"))[..7]);
                Assert.Equal("+OK", await RedisAsync(url.Port, password, "SET", "crop", "rye"));
                Assert.Empty(CommandLinesContaining(password));
                Assert.Empty(FilesContaining(state, password));
                Assert.DoesNotContain(password, await LogTextAsync(emulator.Account, first));
                await emulator.Account.DataAsync("mutation($e: String!, $s: String!) { serviceInstanceRedeploy(environmentId: $e, serviceId: $s) }",
                    new { e = ids.ProductionId, s = serviceId });
                await WaitForNewSuccessAsync(emulator.Account, ids, serviceId, [first]);
                Assert.Equal("$3\r\nrye", await RedisAsync(url.Port, password, "GET", "crop"));
            }
            await using (var again = await TestEmulator.StartAsync(stateDirectory: state))
            {
                var url = new Uri((await VariablesAsync(again.Account, ids, serviceId)).GetProperty("REDIS_URL").GetString()!);
                var password = (await VariablesAsync(again.Account, ids, serviceId)).GetProperty("REDIS_PASSWORD").GetString()!;
                Assert.Equal("$3\r\nrye", await RetryAsync(() => RedisAsync(url.Port, password, "GET", "crop").GetAwaiter().GetResult()));
            }
        }
        finally
        {
            DeleteQuietly(state);
        }
    }

    [SkippableFact]
    public async Task Kill9OfTheEmulatorEndsItsDatabaseServersAndTheNextStartServesTheSameData()
    {
        Skip.IfNot(HasPostgres && HasPsql, "PostgreSQL's server or psql is not installed");
        var state = TestEmulator.NewStateDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            string url;
            DemoIds ids;
            string serviceId;
            using (var first = await EmulatorProcess.StartAsync("--port", "0", "--state", state))
            {
                var account = new GraphQLTestClient(http, first.GraphqlUrl, bearer: TestEmulator.AccountToken);
                ids = await DemoIds.ReadAsync(account);
                (serviceId, _) = await AddDatabaseAsync(account, "postgres", ids);
                if (HasRedis)
                    await AddDatabaseAsync(account, "redis", ids);
                url = (await VariablesAsync(account, ids, serviceId)).GetProperty("DATABASE_URL").GetString()!;
                Psql(url, "create table harvest(n int); insert into harvest values (7);");
                var servers = ServersUnder(state);
                Assert.Equal(HasRedis ? 2 : 1, servers.Count);
                first.Kill9();
                Assert.Empty(await ProcessScan.StillRunningAfterAsync(servers, TimeSpan.FromSeconds(15)));
                Assert.Empty(await ProcessScan.StillRunningAfterAsync(ServersUnder(state, broad: true), TimeSpan.FromSeconds(10)));
            }
            using var second = await EmulatorProcess.StartAsync("--port", "0", "--state", state);
            var again = new GraphQLTestClient(http, second.GraphqlUrl, bearer: TestEmulator.AccountToken);
            Assert.Equal(url, (await VariablesAsync(again, ids, serviceId)).GetProperty("DATABASE_URL").GetString());
            // The stale postmaster.pid of the killed server did not stop this one.
            Assert.Equal("7", await RetryAsync(() => Psql(url, "select n from harvest")));
        }
        finally
        {
            DeleteQuietly(state);
        }
    }

    [SkippableFact]
    public async Task AForkGetsItsOwnEmptyServerAndDeletingAnEnvironmentStopsItAndRemovesItsData()
    {
        Skip.IfNot(HasPostgres && HasPsql, "PostgreSQL's server or psql is not installed");
        await using var emulator = await TestEmulator.StartAsync();
        var ids = await DemoIds.ReadAsync(emulator.Account);
        var (serviceId, _) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
        var productionUrl = (await VariablesAsync(emulator.Account, ids, serviceId)).GetProperty("DATABASE_URL").GetString()!;
        Psql(productionUrl, "create table rows_of_production(x int);");
        var fork = (await emulator.Account.DataAsync(
            "mutation($input: EnvironmentCreateInput!) { environmentCreate(input: $input) { id } }",
            new { input = new { projectId = ids.ProjectId, name = "qa", sourceEnvironmentId = ids.ProductionId } }))
            .GetProperty("environmentCreate").GetProperty("id").GetString()!;
        var forkIds = ids with { ProductionId = fork };
        await WaitForNewSuccessAsync(emulator.Account, forkIds, serviceId, []);
        var forkUrl = (await VariablesAsync(emulator.Account, forkIds, serviceId)).GetProperty("DATABASE_URL").GetString()!;
        Assert.NotEqual(new Uri(productionUrl).Port, new Uri(forkUrl).Port);
        Assert.Equal("0", Psql(forkUrl, "select count(*) from pg_tables where tablename = 'rows_of_production'"));
        var volumes = await emulator.Account.DataAsync("query($id: String!) { environment(id: $id) { volumeInstances { edges { node { volumeId serviceId } } } } }", new { id = fork });
        var volumeId = volumes.GetProperty("environment").GetProperty("volumeInstances").GetProperty("edges")[0].GetProperty("node").GetProperty("volumeId").GetString()!;
        var folder = Path.Combine(emulator.StateDirectory, "volumes", volumeId);
        Assert.True(Directory.Exists(Path.Combine(folder, "pgdata")));
        var serversBefore = ServersUnder(folder);
        Assert.Single(serversBefore);
        // deploymentRemove stops the server; a redeploy starts it again on the same (fork's) data.
        var forkDeployment = await WaitForNewSuccessAsync(emulator.Account, forkIds, serviceId, []);
        Psql(forkUrl, "create table rows_of_qa(x int);");
        await emulator.Account.DataAsync("mutation($id: String!) { deploymentRemove(id: $id) }", new { id = forkDeployment });
        Assert.Empty(await ProcessScan.StillRunningAfterAsync(serversBefore, TimeSpan.FromSeconds(5)));
        Assert.Empty(ServersUnder(folder));
        await emulator.Account.DataAsync("mutation($e: String!, $s: String!) { serviceInstanceRedeploy(environmentId: $e, serviceId: $s) }",
            new { e = fork, s = serviceId });
        await WaitForNewSuccessAsync(emulator.Account, forkIds, serviceId, [forkDeployment]);
        Assert.Equal("1", Psql(forkUrl, "select count(*) from pg_tables where tablename = 'rows_of_qa'"));
        serversBefore = ServersUnder(folder);
        Assert.Single(serversBefore);

        await emulator.Account.DataAsync("mutation($id: String!) { environmentDelete(id: $id) }", new { id = fork });
        Assert.Empty(await ProcessScan.StillRunningAfterAsync(serversBefore, TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(folder));
        Assert.Equal("0", Psql(productionUrl, "select count(*) from rows_of_production"));
    }

    [Fact]
    public async Task AMissingServerBinaryFailsTheWorkflowWithTheDebianPackageAndMakesNothing()
    {
        var empty = Directory.CreateTempSubdirectory("railwayops-no-db-bin-").FullName;
        try
        {
            await using var emulator = await TestEmulator.StartAsync(overrideServices: services =>
                services.AddSingleton(provider => new EngineOptions(Path.GetFullPath(provider.GetRequiredService<Hosting.EmulatorOptions>().StateDirectory))
                {
                    DatabaseBinPath = empty,
                }));
            var ids = await DemoIds.ReadAsync(emulator.Account);
            foreach (var (code, package) in new[] { ("postgres", "postgresql"), ("redis", "redis-server") })
            {
                var template = (await emulator.Anonymous.DataAsync(TemplateDetail, new { code })).GetProperty("template");
                var deployed = await emulator.Account.DataAsync(TemplateDeploy, new
                {
                    input = new
                    {
                        projectId = ids.ProjectId, environmentId = ids.ProductionId,
                        templateId = template.GetProperty("id").GetString(), serializedConfig = template.GetProperty("serializedConfig"),
                    },
                });
                var workflowId = deployed.GetProperty("templateDeployV2").GetProperty("workflowId").GetString();
                var status = (await emulator.Account.DataAsync(Workflow, new { workflowId })).GetProperty("workflowStatus");
                Assert.Equal("Error", status.GetProperty("status").GetString());
                Assert.Contains($"Debian package {package}", status.GetProperty("error").GetString());
            }
            var services = await emulator.Account.DataAsync("query($id: String!) { project(id: $id) { services { edges { node { name } } } } }", new { id = ids.ProjectId });
            Assert.Equal(2, services.GetProperty("project").GetProperty("services").GetProperty("edges").GetArrayLength());
            Assert.Equal("NotFound", (await emulator.Account.DataAsync(Workflow, new { workflowId = "no-such-workflow" }))
                .GetProperty("workflowStatus").GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [SkippableFact]
    public async Task APortTakenWhileTheEmulatorWasDownIsReplacedAndTheVariablesFollow()
    {
        Skip.IfNot(HasPostgres && HasPsql, "PostgreSQL's server or psql is not installed");
        var state = TestEmulator.NewStateDirectory();
        try
        {
            DemoIds ids;
            string serviceId;
            Uri before;
            await using (var emulator = await TestEmulator.StartAsync(stateDirectory: state))
            {
                ids = await DemoIds.ReadAsync(emulator.Account);
                (serviceId, _) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
                before = new Uri((await VariablesAsync(emulator.Account, ids, serviceId)).GetProperty("DATABASE_URL").GetString()!);
                Psql(before.ToString(), "create table kept(x int); insert into kept values (5);");
            }
            using var squatter = new TcpListener(System.Net.IPAddress.Loopback, before.Port);
            squatter.Start();
            await using var again = await TestEmulator.StartAsync(stateDirectory: state);
            var after = new Uri((await VariablesAsync(again.Account, ids, serviceId)).GetProperty("DATABASE_URL").GetString()!);
            Assert.NotEqual(before.Port, after.Port);
            Assert.Equal("5", await RetryAsync(() => Psql(after.ToString(), "select x from kept")));
        }
        finally
        {
            DeleteQuietly(state);
        }
    }

    [SkippableFact]
    public async Task AServerBinaryGoneSinceTheDatabaseWasMadeFailsItsDeploymentsWithTheDebianPackage()
    {
        Skip.IfNot(HasPostgres, "PostgreSQL's server is not installed");
        var state = TestEmulator.NewStateDirectory();
        var empty = Directory.CreateTempSubdirectory("railwayops-no-db-bin-").FullName;
        try
        {
            DemoIds ids;
            string serviceId, live;
            await using (var emulator = await TestEmulator.StartAsync(stateDirectory: state))
            {
                ids = await DemoIds.ReadAsync(emulator.Account);
                (serviceId, live) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
            }
            await using var without = await TestEmulator.StartAsync(stateDirectory: state, overrideServices: services =>
                services.AddSingleton(provider => new EngineOptions(Path.GetFullPath(provider.GetRequiredService<Hosting.EmulatorOptions>().StateDirectory))
                {
                    DatabaseBinPath = empty,
                }));
            // The live one cannot start again: CRASHED, and its deploy log says what to install. A redeploy FAILS the same way.
            Assert.Equal("CRASHED", (await without.Account.DataAsync("query($id: String!) { deployment(id: $id) { status } }", new { id = live }))
                .GetProperty("deployment").GetProperty("status").GetString());
            Assert.Contains("install the Debian package postgresql", await LogTextAsync(without.Account, live));
            await without.Account.DataAsync("mutation($e: String!, $s: String!) { serviceInstanceRedeploy(environmentId: $e, serviceId: $s) }",
                new { e = ids.ProductionId, s = serviceId });
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            JsonElement newest;
            do
            {
                newest = (await without.Account.DataAsync("query($s: String!, $e: String!) { deployments(first: 1, input: { serviceId: $s, environmentId: $e }) { edges { node { id status } } } }",
                    new { s = serviceId, e = ids.ProductionId })).GetProperty("deployments").GetProperty("edges")[0].GetProperty("node");
                await Task.Delay(100);
            }
            while (newest.GetProperty("status").GetString() != "FAILED" && DateTime.UtcNow < deadline);
            Assert.Equal("FAILED", newest.GetProperty("status").GetString());
            Assert.Contains("install the Debian package postgresql", await LogTextAsync(without.Account, newest.GetProperty("id").GetString()!));
        }
        finally
        {
            DeleteQuietly(state);
            Directory.Delete(empty, recursive: true);
        }
    }

    [SkippableFact]
    public async Task ASecondDatabaseOfTheSameNameGetsASuffixAndReferencesResolveForOtherServices()
    {
        Skip.IfNot(HasPostgres, "PostgreSQL's server is not installed");
        await using var emulator = await TestEmulator.StartAsync();
        var ids = await DemoIds.ReadAsync(emulator.Account);
        var (first, _) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
        var (second, _) = await AddDatabaseAsync(emulator.Account, "postgres", ids);
        var names = (await emulator.Account.DataAsync("query($id: String!) { project(id: $id) { services { edges { node { id name } } } } }", new { id = ids.ProjectId }))
            .GetProperty("project").GetProperty("services").GetProperty("edges").EnumerateArray()
            .ToDictionary(e => e.GetProperty("node").GetProperty("id").GetString()!, e => e.GetProperty("node").GetProperty("name").GetString()!);
        Assert.Equal("Postgres", names[first]);
        Assert.Matches("^Postgres-[A-Za-z0-9]{4}$", names[second]);
        // web's DATABASE_URL = ${{Postgres.DATABASE_URL}} renders to the first database's URL, for web's deployments too.
        await emulator.Account.DataAsync("mutation($input: VariableUpsertInput!) { variableUpsert(input: $input) }", new
        {
            input = new { projectId = ids.ProjectId, environmentId = ids.ProductionId, serviceId = ids.WebId, name = "DATABASE_URL", value = "${{Postgres.DATABASE_URL}}", skipDeploys = true },
        });
        var web = await emulator.Account.DataAsync("query($e: String!, $p: String!, $s: String!) { variablesForServiceDeployment(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = ids.ProductionId, p = ids.ProjectId, s = ids.WebId });
        Assert.Equal((await VariablesAsync(emulator.Account, ids, first)).GetProperty("DATABASE_URL").GetString(),
            web.GetProperty("variablesForServiceDeployment").GetProperty("DATABASE_URL").GetString());
        // railway connect tells the kind from the instance's source image.
        var source = await emulator.Account.DataAsync("query($e: String!, $s: String!) { serviceInstance(environmentId: $e, serviceId: $s) { source { image repo } } }",
            new { e = ids.ProductionId, s = first });
        Assert.Contains("postgres", source.GetProperty("serviceInstance").GetProperty("source").GetProperty("image").GetString());
    }

    // ---- helpers ----

    /// <summary>What `railway add --database CODE` does: TemplateDetail, fill each variable's value from its default,
    /// TemplateDeployV2, WorkflowStatus until it is not Running; then the new service and its first deployment, SUCCESS.</summary>
    private static async Task<(string ServiceId, string DeploymentId)> AddDatabaseAsync(GraphQLTestClient account, string code, DemoIds ids)
    {
        var before = await ServiceIdsAsync(account, ids.ProjectId);
        var template = (await account.DataAsync(TemplateDetail, new { code })).GetProperty("template");
        var config = JsonNodeOf(template.GetProperty("serializedConfig"));
        foreach (var service in config["services"]!.AsObject())
            foreach (var variable in service.Value!["variables"]!.AsObject())
                variable.Value!["value"] = variable.Value["defaultValue"]!.GetValue<string>();
        var deployed = await account.DataAsync(TemplateDeploy, new
        {
            input = new { projectId = ids.ProjectId, environmentId = ids.ProductionId, templateId = template.GetProperty("id").GetString(), serializedConfig = config },
        });
        var workflowId = deployed.GetProperty("templateDeployV2").GetProperty("workflowId").GetString();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string status;
        do
        {
            var result = (await account.DataAsync(Workflow, new { workflowId })).GetProperty("workflowStatus");
            status = result.GetProperty("status").GetString()!;
            Assert.NotEqual("Error", status);
            await Task.Delay(50);
        }
        while (status == "Running" && DateTime.UtcNow < deadline);
        Assert.Equal("Complete", status);
        var serviceId = (await ServiceIdsAsync(account, ids.ProjectId)).Except(before).Single();
        var deploymentId = await WaitForNewSuccessAsync(account, ids, serviceId, []);
        return (serviceId, deploymentId);
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeOf(JsonElement element) =>
        System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!;

    private static async Task<HashSet<string>> ServiceIdsAsync(GraphQLTestClient account, string projectId) =>
        (await account.DataAsync("query($id: String!) { project(id: $id) { services { edges { node { id } } } } }", new { id = projectId }))
        .GetProperty("project").GetProperty("services").GetProperty("edges").EnumerateArray()
        .Select(e => e.GetProperty("node").GetProperty("id").GetString()!).ToHashSet();

    private static async Task<JsonElement> VariablesAsync(GraphQLTestClient account, DemoIds ids, string serviceId) =>
        (await account.DataAsync("query($e: String!, $p: String!, $s: String) { variables(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = ids.ProductionId, p = ids.ProjectId, s = serviceId })).GetProperty("variables");

    private static async Task<string> WaitForNewSuccessAsync(GraphQLTestClient account, DemoIds ids, string serviceId, IReadOnlyCollection<string> old)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var edges = (await account.DataAsync("query($s: String!, $e: String!) { deployments(input: { serviceId: $s, environmentId: $e }) { edges { node { id status } } } }",
                new { s = serviceId, e = ids.ProductionId })).GetProperty("deployments").GetProperty("edges").EnumerateArray()
                .Select(e => e.GetProperty("node")).Where(n => !old.Contains(n.GetProperty("id").GetString())).ToList();
            if (edges.FirstOrDefault(n => n.GetProperty("status").GetString() == "SUCCESS") is { ValueKind: JsonValueKind.Object } success)
                return success.GetProperty("id").GetString()!;
            Assert.DoesNotContain(edges, n => n.GetProperty("status").GetString() is "FAILED" or "CRASHED");
            Assert.True(DateTime.UtcNow < deadline, "no new SUCCESS deployment within 90 s");
            await Task.Delay(100);
        }
    }

    private static async Task WaitForRestartAsync(GraphQLTestClient account, string deploymentId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await account.DataAsync("query($id: String!) { deployment(id: $id) { status } }", new { id = deploymentId }))
            .GetProperty("deployment").GetProperty("status").GetString() != "SUCCESS")
        {
            Assert.True(DateTime.UtcNow < deadline, "the restart did not end in SUCCESS within 60 s");
            await Task.Delay(100);
        }
    }

    private static async Task<string> LogTextAsync(GraphQLTestClient account, string deploymentId)
    {
        var data = await account.DataAsync("query($id: String!) { buildLogs(deploymentId: $id) { message } deploymentLogs(deploymentId: $id) { message } }", new { id = deploymentId });
        return string.Join("\n", data.GetProperty("buildLogs").EnumerateArray().Concat(data.GetProperty("deploymentLogs").EnumerateArray())
            .Select(l => l.GetProperty("message").GetString()));
    }

    /// <summary>psql with the URL's password in PGPASSWORD (not on psql's command line); its trimmed output.</summary>
    private static string Psql(string url, string sql, bool expectFailure = false)
    {
        var uri = new Uri(url);
        var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        var info = new ProcessStartInfo("psql")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", uri.Host, "-p", uri.Port.ToString(), "-U", credentials[0], "-d", uri.AbsolutePath.Trim('/'), "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql })
            info.ArgumentList.Add(argument);
        info.Environment["PGPASSWORD"] = credentials[1];
        info.Environment["PGCONNECT_TIMEOUT"] = "5";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (expectFailure)
        {
            Assert.NotEqual(0, process.ExitCode);
            return error;
        }
        Assert.True(process.ExitCode == 0, "psql failed: " + error);
        return output.Result.Trim();
    }

    /// <summary>One RESP command (after AUTH when a password is given); the first line(s) of the answer.</summary>
    private static async Task<string> RedisAsync(int port, string? password, params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> SendAsync(string[] parts)
        {
            var text = new StringBuilder($"*{parts.Length}\r\n");
            foreach (var part in parts)
                text.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
            var line = (await reader.ReadLineAsync())!;
            return line.StartsWith('$') && line != "$-1" ? line + "\r\n" + await reader.ReadLineAsync() : line;
        }
        if (password is not null)
            Assert.Equal("+OK", await SendAsync(["AUTH", password]));
        return await SendAsync(command);
    }

    private static async Task<T> RetryAsync<T>(Func<T> action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return action();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Server processes (postgres, redis-server) whose command line or working folder names <paramref name="folder"/>.</summary>
    private static List<int> ServersUnder(string folder, bool broad = false)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id) || !ProcessScan.IsRunning(id))
                continue;
            try
            {
                // Debian's redis-server is a link to redis-check-rdb, so the command line tells Redis apart.
                var cmdline = File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ');
                var exe = (new FileInfo($"/proc/{id}/exe").LinkTarget ?? "").EndsWith("/postgres", StringComparison.Ordinal) ? "/postgres"
                    : cmdline.StartsWith("/usr/bin/redis-server", StringComparison.Ordinal) || cmdline.Contains("/redis-server ", StringComparison.Ordinal) ? "/redis-server" : "";
                if (exe.Length == 0)
                    continue;
                var cwd = new DirectoryInfo($"/proc/{id}/cwd").LinkTarget ?? "";
                // A postmaster names its data folder; Redis (and, with broad, PostgreSQL's workers) run in it.
                if (cmdline.Contains(folder, StringComparison.Ordinal)
                    || ((broad || exe.EndsWith("/redis-server", StringComparison.Ordinal)) && cwd.StartsWith(folder, StringComparison.Ordinal)))
                    found.Add(id);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>Files under <paramref name="folder"/> holding <paramref name="secret"/> in clear (the state journal seals
    /// variable values; PostgreSQL keeps a SCRAM verifier, Redis no password at all).</summary>
    private static List<string> FilesContaining(string folder, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            try
            {
                if (new FileInfo(file).Length < 64 * 1024 * 1024 && File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0)
                    found.Add(file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A socket or a file that went away meanwhile.
            }
        }
        return found;
    }

    private static List<int> CommandLinesContaining(string secret)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
                continue;
            try
            {
                if (File.ReadAllText($"/proc/{id}/cmdline").Contains(secret, StringComparison.Ordinal))
                    found.Add(id);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
