using RailwayOps.Emulator.State;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>Rendering of ${{...}} reference variables in one environment with two services, api and web.</summary>
public sealed class VariableReferencesTests
{
    private static VariableReferences Environment(
        Dictionary<string, string>? shared = null,
        Dictionary<string, string>? api = null,
        Dictionary<string, string>? web = null) =>
        new(shared ?? [],
        [
            new VariableReferences.ServiceScope("id-api", "api", api ?? [],
                new Dictionary<string, string>
                {
                    ["RAILWAY_PUBLIC_DOMAIN"] = "api.example.test",
                    ["RAILWAY_PRIVATE_DOMAIN"] = "api.railway.internal",
                }),
            new VariableReferences.ServiceScope("id-web", "web", web ?? [],
                new Dictionary<string, string> { ["RAILWAY_SERVICE_NAME"] = "web" }),
        ]);

    [Fact]
    public void A_shared_reference_gives_the_shared_value()
    {
        var references = Environment(shared: new() { ["LOG_LEVEL"] = "debug" });

        Assert.Equal("debug", references.Render("id-web", "${{shared.LOG_LEVEL}}"));
    }

    [Fact]
    public void A_service_reference_gives_that_services_variable()
    {
        var references = Environment(api: new() { ["TOKEN"] = "api-token" });

        Assert.Equal("api-token", references.Render("id-web", "${{api.TOKEN}}"));
    }

    [Fact]
    public void A_reference_without_a_namespace_gives_the_same_services_variable()
    {
        var references = Environment(
            api: new() { ["HOST"] = "api-host" },
            web: new() { ["HOST"] = "web-host", ["URL"] = "http://${{HOST}}" });

        Assert.Equal("http://web-host", references.RenderScope("id-web")["URL"]);
        Assert.Equal("api-host", references.Render("id-api", "${{HOST}}"));
    }

    [Fact]
    public void Railway_provided_variables_of_another_service_and_of_the_same_one_can_be_referenced()
    {
        var references = Environment();

        Assert.Equal("api.railway.internal", references.Render("id-web", "${{api.RAILWAY_PRIVATE_DOMAIN}}"));
        Assert.Equal("web", references.Render("id-web", "${{RAILWAY_SERVICE_NAME}}"));
    }

    [Fact]
    public void A_reference_inside_longer_text_and_several_in_one_value_are_all_rendered()
    {
        var references = Environment(shared: new() { ["VERSION"] = "v1" });

        Assert.Equal("https://api.example.test/v1", references.Render("id-web", "https://${{api.RAILWAY_PUBLIC_DOMAIN}}/v1"));
        Assert.Equal("api.example.test:v1:api.example.test",
            references.Render("id-web", "${{api.RAILWAY_PUBLIC_DOMAIN}}:${{shared.VERSION}}:${{api.RAILWAY_PUBLIC_DOMAIN}}"));
    }

    [Fact]
    public void Spaces_inside_the_braces_are_allowed()
    {
        var references = Environment(shared: new() { ["X"] = "x-value" }, web: new() { ["Y"] = "y-value" });

        Assert.Equal("x-value/y-value/api.example.test",
            references.Render("id-web", "${{ shared.X }}/${{  Y}}/${{api . RAILWAY_PUBLIC_DOMAIN }}"));
    }

    [Fact]
    public void A_referenced_value_with_references_is_rendered_in_its_own_scope()
    {
        var references = Environment(
            shared: new() { ["HOST"] = "shared-host", ["BASE"] = "https://${{HOST}}", ["URL"] = "${{shared.BASE}}/x" },
            api: new() { ["ENDPOINT"] = "${{shared.URL}}?from=${{RAILWAY_PRIVATE_DOMAIN}}" },
            web: new() { ["HOST"] = "web-host", ["UPSTREAM"] = "${{api.ENDPOINT}}" });

        Assert.Equal("https://shared-host/x?from=api.railway.internal", references.RenderScope("id-web")["UPSTREAM"]);
    }

    [Fact]
    public void A_cycle_renders_as_empty_and_stops()
    {
        var references = Environment(
            shared: new() { ["A"] = "a(${{api.B}})" },
            api: new() { ["B"] = "b(${{shared.A}})" },
            web: new() { ["SELF"] = "self(${{SELF}})", ["USES_A"] = "${{shared.A}}" });

        Assert.Equal("self()", references.RenderScope("id-web")["SELF"]);
        Assert.Equal("a(b())", references.RenderScope(null)["A"]);
        Assert.Equal("b(a())", references.RenderScope("id-api")["B"]);
        Assert.Equal("a(b())", references.RenderScope("id-web")["USES_A"]);
    }

    [Fact]
    public void A_missing_variable_or_service_renders_as_empty()
    {
        var references = Environment();

        Assert.Equal("[][][]", references.Render("id-web", "[${{shared.NOPE}}][${{nosuch.X}}][${{NOPE}}]"));
    }

    [Fact]
    public void Text_that_is_not_a_reference_is_left_alone()
    {
        var references = Environment();

        Assert.Equal("${HOME} $${{ {{x}} ${{a.b.c}}", references.Render("id-web", "${HOME} $${{ {{x}} ${{a.b.c}}"));
    }

    [Fact]
    public void A_deployment_sees_shared_then_own_then_provided_variables_each_rendered_in_its_scope()
    {
        var references = Environment(
            shared: new() { ["NAME"] = "shared-name", ["HELLO"] = "hello ${{NAME}}", ["OVERRIDDEN"] = "shared" },
            web: new() { ["NAME"] = "web-name", ["OVERRIDDEN"] = "${{shared.OVERRIDDEN}} then web", ["RAILWAY_SERVICE_NAME"] = "mine" });

        var deployment = references.RenderForDeployment("id-web");

        Assert.Equal("hello shared-name", deployment["HELLO"]);
        Assert.Equal("shared then web", deployment["OVERRIDDEN"]);
        Assert.Equal("web", deployment["RAILWAY_SERVICE_NAME"]);
    }
}
