using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RailwayOps.Emulator.Tests;

public sealed record GraphQLResponse(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Message)
{
    public JsonElement Data => Body.GetProperty("data");

    public string? FirstError =>
        Body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
            ? errors[0].GetProperty("message").GetString() : null;
}

/// <summary>Posts GraphQL operations the way a Railway client does, with one kind of token.</summary>
public sealed class GraphQLTestClient(HttpClient http, Uri endpoint, string? bearer = null, string? projectToken = null)
{
    public async Task<GraphQLResponse> SendAsync(string query, object? variables = null, string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        if (bearer is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        if (projectToken is not null)
            request.Headers.Add("Project-Access-Token", projectToken);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new GraphQLResponse(response.StatusCode, body, response);
    }

    /// <summary>Sends and asserts success, returning data.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null, string? operationName = null)
    {
        var response = await SendAsync(query, variables, operationName);
        Xunit.Assert.Equal(HttpStatusCode.OK, response.Status);
        Xunit.Assert.Null(response.FirstError);
        return response.Data;
    }
}
