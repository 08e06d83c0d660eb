using System.Text.Json;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.Git;

namespace RailwayOps.Emulator.GitHub;

/// <summary>The GitHub REST subset Octokit calls, under the Enterprise-style /api/v3/ prefix.</summary>
public static class GitHubApi
{
    private static readonly string[] CommitStates = ["pending", "success", "failure", "error"];
    private static readonly string[] DeploymentStates = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];

    public static WebApplication MapGitHubApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v3").AddEndpointFilter(async (context, next) =>
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<IEmulatorStore>();
            var token = BearerToken(context.HttpContext.Request.Headers.Authorization.ToString());
            if (token is null || !store.IsGitHubTokenValid(token))
            {
                return Error(401, "Bad credentials");
            }
            try
            {
                return await next(context);
            }
            catch (GitHubApiException exception)
            {
                return Error(exception.StatusCode, exception.Message);
            }
            catch (EmulatorUserException exception)
            {
                return Error(422, exception.Message);
            }
            catch (JsonException)
            {
                return Error(400, "Problems parsing JSON");
            }
        });

        api.MapGet("/repos/{owner}/{name}", (HttpContext http, DeploymentEngine engine, string owner, string name) =>
            Json(GitHubJson.Repository(Repository(engine, owner, name), BaseUrl(http))));

        api.MapGet("/repos/{owner}/{name}/commits/{*reference}", (HttpContext http, DeploymentEngine engine, GitHubState state,
            string owner, string name, string reference) =>
        {
            var repository = Repository(engine, owner, name);
            // Branch names with a slash may arrive escaped (%2F), which routing leaves as is.
            reference = Uri.UnescapeDataString(reference);
            var (commitRef, combined) = reference.EndsWith("/statuses", StringComparison.Ordinal)
                ? (reference[..^"/statuses".Length], false)
                : reference.EndsWith("/status", StringComparison.Ordinal)
                    ? (reference[..^"/status".Length], true)
                    : throw new GitHubApiException(404, "Not Found");
            var sha = engine.Git.ResolveCommit(repository, commitRef)
                ?? throw new GitHubApiException(422, $"No commit found for SHA: {commitRef}");
            var statuses = state.Read(d => d.CommitStatuses
                .Where(s => Same(s.Repo, repository.Repo) && s.Sha == sha).OrderByDescending(s => s.Id).ToList());
            var baseUrl = BaseUrl(http);
            if (!combined)
            {
                return Json(statuses.Select(s => GitHubJson.CommitStatus(s, baseUrl)));
            }
            var latest = statuses.GroupBy(s => s.Context).Select(g => g.First()).ToList();
            return Json(new
            {
                state = CombinedState(latest),
                sha,
                total_count = latest.Count,
                statuses = latest.Select(s => GitHubJson.CommitStatus(s, baseUrl)),
                repository = GitHubJson.Repository(repository, baseUrl),
                commit_url = $"{baseUrl}repos/{repository.Repo}/commits/{sha}",
                url = $"{baseUrl}repos/{repository.Repo}/commits/{sha}/status",
            });
        });

        api.MapPost("/repos/{owner}/{name}/statuses/{sha}", async (HttpContext http, DeploymentEngine engine, GitHubState state,
            string owner, string name, string sha) =>
        {
            var repository = Repository(engine, owner, name);
            var body = await ReadBodyAsync(http);
            var resolved = engine.Git.ResolveCommit(repository, sha) ?? throw new GitHubApiException(422, $"No commit found for SHA: {sha}");
            var commitState = String(body, "state");
            if (commitState is null || !CommitStates.Contains(commitState))
            {
                throw new GitHubApiException(422, "Validation Failed: state must be one of pending, success, failure, error");
            }
            var now = DateTimeOffset.UtcNow;
            var status = state.Change(d =>
            {
                var entry = new CommitStatusEntry(d.TakeId(), repository.Repo, resolved, commitState, String(body, "target_url"),
                    String(body, "description"), String(body, "context") ?? "default", "emulator-user", now, now);
                d.CommitStatuses.Add(entry);
                return entry;
            });
            return Json(GitHubJson.CommitStatus(status, BaseUrl(http)), 201);
        });

        api.MapGet("/repos/{owner}/{name}/deployments", (HttpContext http, DeploymentEngine engine, GitHubState state,
            string owner, string name, string? sha, string? environment, string? task) =>
        {
            var repository = Repository(engine, owner, name);
            var reference = http.Request.Query["ref"].ToString();
            var deployments = state.Read(d => d.Deployments
                .Where(x => Same(x.Repo, repository.Repo)
                    && (string.IsNullOrEmpty(sha) || x.Sha == sha)
                    && (string.IsNullOrEmpty(environment) || x.Environment == environment)
                    && (string.IsNullOrEmpty(task) || x.Task == task)
                    && (string.IsNullOrEmpty(reference) || x.Ref == reference))
                .OrderByDescending(x => x.Id).ToList());
            var baseUrl = BaseUrl(http);
            return Json(deployments.Select(x => GitHubJson.Deployment(x, baseUrl)));
        });

        api.MapPost("/repos/{owner}/{name}/deployments", async (HttpContext http, DeploymentEngine engine, GitHubState state,
            string owner, string name) =>
        {
            var repository = Repository(engine, owner, name);
            var body = await ReadBodyAsync(http);
            var reference = String(body, "ref") ?? throw new GitHubApiException(422, "Validation Failed: ref is missing");
            var sha = engine.Git.ResolveCommit(repository, reference) ?? throw new GitHubApiException(422, $"No ref found for: {reference}");
            var environment = String(body, "environment") ?? "production";
            var deployment = state.Change(d =>
            {
                var entry = new GitHubDeploymentEntry(d.TakeId(), repository.Repo, sha, reference, String(body, "task") ?? "deploy",
                    environment, Payload(body), String(body, "description"), "emulator-user",
                    Bool(body, "transient_environment") ?? false, Bool(body, "production_environment") ?? environment == "production",
                    DateTimeOffset.UtcNow, null);
                d.Deployments.Add(entry);
                return entry;
            });
            return Json(GitHubJson.Deployment(deployment, BaseUrl(http)), 201);
        });

        api.MapGet("/repos/{owner}/{name}/deployments/{id:long}", (HttpContext http, DeploymentEngine engine, GitHubState state,
            string owner, string name, long id) =>
            Json(GitHubJson.Deployment(FindDeployment(state, Repository(engine, owner, name), id), BaseUrl(http))));

        api.MapGet("/repos/{owner}/{name}/deployments/{id:long}/statuses", (HttpContext http, DeploymentEngine engine,
            GitHubState state, string owner, string name, long id) =>
        {
            var deployment = FindDeployment(state, Repository(engine, owner, name), id);
            var statuses = state.Read(d => d.DeploymentStatuses.Where(s => s.DeploymentId == id).OrderByDescending(s => s.Id).ToList());
            var baseUrl = BaseUrl(http);
            return Json(statuses.Select(s => GitHubJson.DeploymentStatus(s, deployment, baseUrl)));
        });

        api.MapPost("/repos/{owner}/{name}/deployments/{id:long}/statuses", async (HttpContext http, DeploymentEngine engine,
            GitHubState state, string owner, string name, long id) =>
        {
            var deployment = FindDeployment(state, Repository(engine, owner, name), id);
            var body = await ReadBodyAsync(http);
            var deploymentState = String(body, "state");
            if (deploymentState is null || !DeploymentStates.Contains(deploymentState))
            {
                throw new GitHubApiException(422, "Validation Failed: invalid state");
            }
            var status = state.Change(d =>
            {
                var entry = new GitHubDeploymentStatusEntry(d.TakeId(), id, deploymentState, String(body, "description"),
                    String(body, "environment_url"), String(body, "log_url") ?? String(body, "target_url"), "emulator-user",
                    DateTimeOffset.UtcNow);
                d.DeploymentStatuses.Add(entry);
                return entry;
            });
            return Json(GitHubJson.DeploymentStatus(status, deployment, BaseUrl(http)), 201);
        });

        MapPullRequests(api);
        return app;
    }

    private static void MapPullRequests(RouteGroupBuilder api)
    {
        api.MapGet("/repos/{owner}/{name}/pulls", (HttpContext http, DeploymentEngine engine, PullRequestService pulls,
            string owner, string name, string? state, string? head, string? @base) =>
        {
            var repository = Repository(engine, owner, name);
            var wanted = string.IsNullOrEmpty(state) ? "open" : state;
            var headBranch = head is null ? null : head.Contains(':') ? head[(head.IndexOf(':') + 1)..] : head;
            var selected = pulls.List(repository.Repo)
                .Where(p => (wanted == "all" || p.State == wanted)
                    && (headBranch is null || p.Head == headBranch)
                    && (string.IsNullOrEmpty(@base) || p.Base == @base));
            return Json(selected.Select(p => PullRequestJson(engine, repository, p, BaseUrl(http))).ToList());
        });

        api.MapPost("/repos/{owner}/{name}/pulls", async (HttpContext http, DeploymentEngine engine, PullRequestService pulls,
            string owner, string name) =>
        {
            var repository = Repository(engine, owner, name);
            var body = await ReadBodyAsync(http);
            var head = String(body, "head") ?? throw new GitHubApiException(422, "Validation Failed: head is missing");
            var pullRequest = pulls.Open(repository, String(body, "title") ?? "", String(body, "body"), head, String(body, "base"));
            return Json(PullRequestJson(engine, repository, pullRequest, BaseUrl(http)), 201);
        });

        api.MapGet("/repos/{owner}/{name}/pulls/{number:int}", (HttpContext http, DeploymentEngine engine,
            PullRequestService pulls, string owner, string name, int number) =>
        {
            var repository = Repository(engine, owner, name);
            var pullRequest = pulls.Find(repository.Repo, number) ?? throw new GitHubApiException(404, "Not Found");
            return Json(PullRequestJson(engine, repository, pullRequest, BaseUrl(http)));
        });

        api.MapPatch("/repos/{owner}/{name}/pulls/{number:int}", async (HttpContext http, DeploymentEngine engine,
            PullRequestService pulls, string owner, string name, int number) =>
        {
            var repository = Repository(engine, owner, name);
            var body = await ReadBodyAsync(http);
            var pullRequest = await pulls.UpdateAsync(repository, number, String(body, "title"), String(body, "body"), String(body, "state"));
            return Json(PullRequestJson(engine, repository, pullRequest, BaseUrl(http)));
        });

        api.MapPut("/repos/{owner}/{name}/pulls/{number:int}/merge", async (HttpContext http, DeploymentEngine engine,
            PullRequestService pulls, string owner, string name, int number) =>
        {
            var repository = Repository(engine, owner, name);
            var body = await ReadBodyAsync(http);
            var merged = await pulls.MergeAsync(repository, number, String(body, "commit_title"));
            return Json(new { sha = merged.MergeCommitSha, merged = true, message = "Pull Request successfully merged" });
        });
    }

    private static object PullRequestJson(DeploymentEngine engine, HostedRepository repository, PullRequestEntry pullRequest,
        string baseUrl) =>
        GitHubJson.PullRequest(pullRequest, repository, engine.Git.BranchHead(repository, pullRequest.Head),
            engine.Git.BranchHead(repository, pullRequest.Base), baseUrl);

    private static HostedRepository Repository(DeploymentEngine engine, string owner, string name)
    {
        var repo = $"{owner}/{name}";
        if (!GitRepositoryHost.IsValidRepoName(repo))
        {
            throw new GitHubApiException(404, "Not Found");
        }
        engine.SyncRepositories();
        return engine.Git.Find(repo) ?? throw new GitHubApiException(404, "Not Found");
    }

    private static GitHubDeploymentEntry FindDeployment(GitHubState state, HostedRepository repository, long id) =>
        state.Read(d => d.Deployments.Find(x => x.Id == id && Same(x.Repo, repository.Repo)))
        ?? throw new GitHubApiException(404, "Not Found");

    private static string CombinedState(IReadOnlyCollection<CommitStatusEntry> latest) =>
        latest.Count == 0 ? "pending"
        : latest.Any(s => s.State is "failure" or "error") ? "failure"
        : latest.Any(s => s.State == "pending") ? "pending"
        : "success";

    /// <summary>GitHub accepts "token X" and "Bearer X" in any letter case (Octokit sends "Token X").</summary>
    private static string? BearerToken(string header)
    {
        var space = header.IndexOf(' ');
        if (space <= 0)
        {
            return null;
        }
        var scheme = header[..space];
        return scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase)
            ? header[(space + 1)..].Trim()
            : null;
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/api/v3/";

    private static async Task<JsonElement> ReadBodyAsync(HttpContext http)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body);
        return document.RootElement.Clone();
    }

    private static string? String(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool? Bool(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value)
            && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private static Dictionary<string, string> Payload(JsonElement body)
    {
        var payload = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("payload", out var value))
        {
            return payload;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            using var parsed = JsonDocument.Parse(value.GetString() is { Length: > 0 } text ? text : "{}");
            value = parsed.RootElement.Clone();
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                payload[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
        }
        return payload;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static IResult Json(object value, int statusCode = 200) =>
        Results.Json(value, GitHubJson.Options, "application/json; charset=utf-8", statusCode);

    private static IResult Error(int statusCode, string message) => Json(GitHubJson.Message(message), statusCode);
}
