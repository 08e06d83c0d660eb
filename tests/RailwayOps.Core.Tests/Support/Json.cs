namespace RailwayOps.Core.Tests.Support;

/// <summary>Small JSON fixtures for stub responses.</summary>
public static class Json
{
    public const string EmptyProjects = """{"data":{"projects":{"edges":[],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}""";

    public static string Errors(string message) => $$"""{"errors":[{"message":"{{message}}"}],"data":null}""";

    public static string Deployment(string id, string status = "SUCCESS", string commit = "0123456789abcdef0123456789abcdef01234567") => $$$"""
        {"id":"{{{id}}}","status":"{{{status}}}","createdAt":"2026-11-20T10:00:00Z","updatedAt":"2026-11-20T10:05:00Z","statusUpdatedAt":"2026-11-20T10:05:00Z",
         "projectId":"p1","environmentId":"e1","serviceId":"s1","url":null,"staticUrl":"web-production.up.railway.app",
         "canRedeploy":true,"canRollback":false,"deploymentStopped":false,
         "meta":{"commitHash":"{{{commit}}}","commitMessage":"Ship it - bump to v0.1.1","commitAuthor":"Ada","branch":"main","repo":"railwayops/hello-railway"},
         "environment":{"id":"e1","name":"production"},"service":{"id":"s1","name":"web","project":{"id":"p1","name":"demo"} } }
        """;

    public static string DeploymentsPage(IEnumerable<string> nodes, bool hasNext, string? endCursor) =>
        "{\"data\":{\"deployments\":{\"edges\":["
        + string.Join(",", nodes.Select(node => "{\"cursor\":\"c\",\"node\":" + node + "}"))
        + "],\"pageInfo\":{\"hasNextPage\":" + (hasNext ? "true" : "false")
        + ",\"endCursor\":" + (endCursor is null ? "null" : "\"" + endCursor + "\"") + "}}}}";
}
