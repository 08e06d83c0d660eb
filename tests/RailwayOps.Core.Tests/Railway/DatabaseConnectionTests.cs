using System.Text.Json.Nodes;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Secrets;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class DatabaseConnectionTests
{
    private static Dictionary<string, string?> Variables(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => (string?)p.Value, StringComparer.Ordinal);

    [Fact]
    public void The_public_url_wins_over_the_private_one_and_gives_the_place_and_the_credentials()
    {
        var connection = DatabaseConnection.FromVariables(DatabaseKind.Postgres, "Postgres", Variables(
            ("DATABASE_URL", "postgresql://postgres:pw-private-7f3a@postgres.railway.internal:5432/railway"),
            ("DATABASE_PUBLIC_URL", "postgresql://postgres:pw-public-7f3a9c@roundhouse.proxy.rlwy.net:41397/railway")));

        Assert.Equal("DATABASE_PUBLIC_URL", connection.Source);
        Assert.Equal("roundhouse.proxy.rlwy.net", connection.Host);
        Assert.Equal(41397, connection.Port);
        Assert.Equal("postgres", connection.User);
        Assert.Equal("railway", connection.Database);
        var environment = connection.ClientEnvironment();
        Assert.Equal("pw-public-7f3a9c", environment["PGPASSWORD"]);
        Assert.Equal("roundhouse.proxy.rlwy.net", environment["PGHOST"]);
        Assert.Equal("41397", environment["PGPORT"]);
        Assert.Equal("railway", environment["PGDATABASE"]);
        Assert.DoesNotContain("pw-public", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_password_is_registered_with_the_redactor_not_host_port_or_user()
    {
        DatabaseConnection.FromVariables(DatabaseKind.Postgres, "Postgres", Variables(
            ("DATABASE_URL", "postgresql://railwayuser:Zq8xW2nP4kLm9sRt@127.0.0.1:54321/railway")));

        Assert.Equal("connect to 127.0.0.1:54321 as railwayuser, password ********",
            Redactor.Global.Redact("connect to 127.0.0.1:54321 as railwayuser, password Zq8xW2nP4kLm9sRt"));
    }

    [Fact]
    public void A_redis_url_gives_redis_cli_host_and_port_and_the_password_for_REDISCLI_AUTH_only()
    {
        var connection = DatabaseConnection.FromVariables(DatabaseKind.Redis, "Redis", Variables(
            ("REDIS_URL", "redis://default:r3d1s-s3cret-pw@127.0.0.1:6380")));

        Assert.Equal(["-h", "127.0.0.1", "-p", "6380"], connection.RedisArguments());
        Assert.Equal("r3d1s-s3cret-pw", connection.ClientEnvironment()["REDISCLI_AUTH"]);
        Assert.DoesNotContain(connection.RedisArguments(), a => a.Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ghcr.io/railwayapp-templates/postgres-ssl:17", DatabaseKind.Postgres)]
    [InlineData("postgis/postgis:16-3.4", DatabaseKind.Postgres)]
    [InlineData("timescale/timescaledb:latest-pg16", DatabaseKind.Postgres)]
    [InlineData("redis:8.2.1", DatabaseKind.Redis)]
    [InlineData("bitnami/REDIS:7", DatabaseKind.Redis)]
    [InlineData("node:20", null)]
    [InlineData(null, null)]
    public void The_type_is_read_from_the_image_as_railway_connect_reads_it(string? image, DatabaseKind? kind) =>
        Assert.Equal(kind, DatabaseConnection.KindOfImage(image));

    [Fact]
    public void Missing_or_unusable_url_variables_are_a_clear_error_that_does_not_show_the_url()
    {
        var none = Assert.Throws<DatabaseException>(() => DatabaseConnection.FromVariables(DatabaseKind.Postgres, "Postgres", Variables(("PGHOST", "127.0.0.1"))));
        Assert.Equal(DatabaseFailureKind.NoConnectionVariables, none.Kind);
        Assert.Contains("DATABASE_PUBLIC_URL", none.Message, StringComparison.Ordinal);

        var wrong = Assert.Throws<DatabaseException>(() => DatabaseConnection.FromVariables(DatabaseKind.Postgres, "Postgres",
            Variables(("DATABASE_URL", "mysql://root:n0t-sh0wn-pw@127.0.0.1:3306/db"))));
        Assert.DoesNotContain("n0t-sh0wn-pw", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_config_is_renamed_for_Name_without_changing_the_template()
    {
        var config = JsonNode.Parse("""{"services":{"a1":{"name":"Postgres","source":{"image":"postgres:17"}}}}""")!.AsObject();
        var template = new RailwayTemplate("t1", "PostgreSQL", config);

        var renamed = DatabasesClient.ConfigFor(template, "analytics");

        Assert.Equal("analytics", DatabasesClient.ServiceNameOf(renamed));
        Assert.Equal("Postgres", DatabasesClient.ServiceNameOf(template.SerializedConfig));
        Assert.Equal("Postgres", DatabasesClient.ServiceNameOf(DatabasesClient.ConfigFor(template, null)));
    }
}
