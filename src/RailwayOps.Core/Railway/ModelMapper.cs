using System.Globalization;
using System.Text.Json;

namespace RailwayOps.Core.Railway;

/// <summary>Maps GraphQL JSON nodes onto the module's output models. Missing optional fields become null.</summary>
internal static class ModelMapper
{
    public static RailwayProject Project(JsonElement node) => new()
    {
        ProjectId = RequiredString(node, "id"),
        Name = RequiredString(node, "name"),
        Description = String(node, "description"),
        CreatedAt = Date(node, "createdAt"),
        UpdatedAt = Date(node, "updatedAt"),
        WorkspaceId = String(node, "workspaceId"),
    };

    public static RailwayEnvironment Environment(JsonElement node, string? projectName)
    {
        var meta = Object(node, "meta");
        return new RailwayEnvironment
        {
            EnvironmentId = RequiredString(node, "id"),
            Name = RequiredString(node, "name"),
            ProjectId = RequiredString(node, "projectId"),
            ProjectName = projectName,
            IsEphemeral = Bool(node, "isEphemeral"),
            PullRequestNumber = meta is { } m ? Int(m, "prNumber") : null,
            PullRequestTitle = meta is { } t ? String(t, "prTitle") : null,
            PullRequestRepo = meta is { } r ? String(r, "prRepo") : null,
            Branch = meta is { } b ? String(b, "branch") : null,
            BaseBranch = meta is { } bb ? String(bb, "baseBranch") : null,
            SourceEnvironmentId = Object(node, "sourceEnvironment") is { } source ? String(source, "id") : null,
            CreatedAt = Date(node, "createdAt"),
        };
    }

    public static RailwayDeploymentTrigger Trigger(JsonElement node, string environmentId) => new()
    {
        TriggerId = RequiredString(node, "id"),
        EnvironmentId = String(node, "environmentId") ?? environmentId,
        ServiceId = String(node, "serviceId"),
        Branch = RequiredString(node, "branch"),
        Repository = RequiredString(node, "repository"),
        Provider = String(node, "provider"),
    };

    public static RailwayService Service(JsonElement node, string? projectName) => new()
    {
        ServiceId = RequiredString(node, "id"),
        Name = RequiredString(node, "name"),
        ProjectId = RequiredString(node, "projectId"),
        ProjectName = projectName,
        CreatedAt = Date(node, "createdAt"),
    };

    public static RailwayDeployment Deployment(JsonElement node, string? knownProjectName = null)
    {
        var statusText = RequiredString(node, "status");
        if (!DeploymentStatusInfo.TryParseWireName(statusText, out var status))
        {
            throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Unknown deployment status '{statusText}'.");
        }

        var meta = Object(node, "meta");
        var environment = Object(node, "environment");
        var service = Object(node, "service");
        var project = service is { } s ? Object(s, "project") : null;
        return new RailwayDeployment
        {
            DeploymentId = RequiredString(node, "id"),
            Status = status,
            CreatedAt = Date(node, "createdAt") ?? default,
            UpdatedAt = Date(node, "updatedAt") ?? default,
            StatusUpdatedAt = Date(node, "statusUpdatedAt"),
            ProjectId = RequiredString(node, "projectId"),
            ProjectName = (project is { } p ? String(p, "name") : null) ?? knownProjectName,
            EnvironmentId = RequiredString(node, "environmentId"),
            EnvironmentName = environment is { } e ? String(e, "name") : null,
            ServiceId = String(node, "serviceId"),
            ServiceName = service is { } sn ? String(sn, "name") : null,
            CommitHash = meta is { } m1 ? String(m1, "commitHash") : null,
            CommitMessage = meta is { } m2 ? String(m2, "commitMessage") : null,
            CommitAuthor = meta is { } m3 ? String(m3, "commitAuthor") : null,
            Branch = meta is { } m4 ? String(m4, "branch") : null,
            Repo = meta is { } m5 ? String(m5, "repo") : null,
            Url = Url(String(node, "url")),
            StaticUrl = Url(String(node, "staticUrl")),
            CanRedeploy = Bool(node, "canRedeploy"),
            CanRollback = Bool(node, "canRollback"),
            DeploymentStopped = Bool(node, "deploymentStopped"),
        };
    }

    public static RailwayDomain Domain(JsonElement node, RailwayDomainKind kind) => new()
    {
        DomainId = RequiredString(node, "id"),
        Domain = RequiredString(node, "domain"),
        Kind = kind,
        EnvironmentId = String(node, "environmentId"),
        ServiceId = String(node, "serviceId"),
        TargetPort = Int(node, "targetPort"),
    };

    /// <param name="redactor">
    /// Masks known secrets and URL user info in the message and the attribute values: a log line reaches the
    /// user as text like any message (a build that prints its environment prints tokens). Null keeps them raw.
    /// </param>
    public static RailwayLogLine LogLine(JsonElement node, RailwayLogType type, string deploymentId, Secrets.Redactor? redactor = null)
    {
        string Safe(string text) => redactor is null ? text : redactor.Redact(text);
        var raw = RequiredString(node, "timestamp");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in list.EnumerateArray())
            {
                if (String(attribute, "key") is { } key)
                {
                    attributes[key] = Safe(Unquote(String(attribute, "value") ?? string.Empty));
                }
            }
        }

        var severity = String(node, "severity")
            ?? (attributes.TryGetValue("level", out var level) ? level : null)
            ?? (attributes.TryGetValue("lvl", out var lvl) ? lvl : null);
        return new RailwayLogLine
        {
            RawTimestamp = raw,
            Timestamp = ParseTimestamp(raw),
            Message = Safe(RequiredString(node, "message")),
            Severity = severity,
            Type = type,
            DeploymentId = (Object(node, "tags") is { } tags ? String(tags, "deploymentId") : null) ?? deploymentId,
            Attributes = attributes,
        };
    }

    /// <summary>EnvironmentVariables is a JSON object of name → value; values may be null.</summary>
    public static IReadOnlyDictionary<string, string?> Variables(JsonElement value)
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

    public static DateTimeOffset ParseTimestamp(string raw)
    {
        // RFC 3339 with nanoseconds: DateTimeOffset takes at most 7 fractional digits.
        var text = System.Text.RegularExpressions.Regex.Replace(raw, @"(\.\d{7})\d+", "$1");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : default;
    }

    public static string RequiredString(JsonElement node, string name) =>
        String(node, name) ?? throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Railway's answer lacks the field '{name}'.");

    public static string? String(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? Object(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static bool Bool(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static int? Int(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static DateTimeOffset? Date(JsonElement node, string name) =>
        String(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static Uri? Url(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var absolute) ? absolute : null;
        }

        // Railway reports bare host names served over https; the emulator's loopback domains speak plain http.
        var loopback = text.StartsWith("127.", StringComparison.Ordinal) || text.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || text.StartsWith("[::1]", StringComparison.Ordinal);
        return Uri.TryCreate((loopback ? "http://" : "https://") + text, UriKind.Absolute, out var host) ? host : null;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
