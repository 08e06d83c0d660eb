using System.Text.Json;
using System.Text.Json.Serialization;

namespace RailwayOps.Emulator.State;

// The seed file format of src/RailwayOps.Emulator/README.md. Everything optional except names.

public sealed class SeedDocument
{
    public SeedAccount? Account { get; set; }
    public List<SeedToken> Tokens { get; set; } = [];
    public List<string> GitHubTokens { get; set; } = [];
    public List<SeedProject> Projects { get; set; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static SeedDocument Parse(string json) =>
        JsonSerializer.Deserialize<SeedDocument>(json, JsonOptions)
        ?? throw new InvalidDataException("the seed document is empty");

    public static SeedDocument Load(string path) => Parse(File.ReadAllText(path));
}

public sealed class SeedAccount
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Workspace { get; set; }
}

public sealed class SeedToken
{
    public string Kind { get; set; } = "account";
    public string Value { get; set; } = "";
    public string? Name { get; set; }
    public string? Project { get; set; }
    public string? Environment { get; set; }
}

public sealed class SeedProject
{
    public string Name { get; set; } = "";
    public string? Id { get; set; }
    public string? Description { get; set; }
    public List<SeedEnvironment> Environments { get; set; } = [];
    public List<SeedService> Services { get; set; } = [];
    /// <summary>Shared variables per environment name.</summary>
    public Dictionary<string, Dictionary<string, string>> SharedVariables { get; set; } = [];
}

public sealed class SeedEnvironment
{
    public string Name { get; set; } = "";
    public string? Id { get; set; }
    /// <summary>The branch this environment's services track; default: each service's branch.</summary>
    public string? Branch { get; set; }
}

public sealed class SeedService
{
    public string Name { get; set; } = "";
    public string? Id { get; set; }
    public string? Repo { get; set; }
    public string? Branch { get; set; }
    /// <summary>A folder holding the service's source (relative to the seed file's folder): the seed's
    /// deployments of the service get real commits of it in the hosted repository (see Git/SeedHistory).</summary>
    public string? Source { get; set; }
    /// <summary>Deploy triggers per environment name: the branch that deploys this service there, or null for
    /// none. An environment not named gets a trigger on its own branch, else the service's.</summary>
    public Dictionary<string, string?>? Triggers { get; set; }
    public SeedSettings? Settings { get; set; }
    /// <summary>Service variables per environment name.</summary>
    public Dictionary<string, Dictionary<string, string>> Variables { get; set; } = [];
    public List<SeedDeployment> Deployments { get; set; } = [];
    public SeedGeneratedDeployments? GeneratedDeployments { get; set; }
}

public sealed class SeedSettings
{
    public string? BuildCommand { get; set; }
    public string? StartCommand { get; set; }
    public string? HealthcheckPath { get; set; }
    public int? HealthcheckTimeout { get; set; }
    public string? RestartPolicyType { get; set; }
    public int? RestartPolicyMaxRetries { get; set; }
    public List<string>? WatchPatterns { get; set; }
    public int? NumReplicas { get; set; }
    public string? Region { get; set; }
}

public sealed class SeedDeployment
{
    public string? Id { get; set; }
    public string Environment { get; set; } = "";
    public string Status { get; set; } = "SUCCESS";
    public DateTimeOffset? CreatedAt { get; set; }
    public string? CommitHash { get; set; }
    public string? CommitMessage { get; set; }
    public string? CommitAuthor { get; set; }
    public string? Branch { get; set; }
    public List<string> BuildLogs { get; set; } = [];
    public List<string> DeployLogs { get; set; } = [];
}

public sealed class SeedGeneratedDeployments
{
    public string Environment { get; set; } = "";
    public int Count { get; set; }
}
