using System.Text.Json;

namespace RailwayOps.Emulator.GitHub;

public sealed record CommitStatusEntry(long Id, string Repo, string Sha, string State, string? TargetUrl,
    string? Description, string Context, string Creator, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record GitHubDeploymentEntry(long Id, string Repo, string Sha, string Ref, string Task, string Environment,
    Dictionary<string, string> Payload, string? Description, string Creator, bool TransientEnvironment,
    bool ProductionEnvironment, DateTimeOffset CreatedAt, string? RailwayDeploymentId);

public sealed record GitHubDeploymentStatusEntry(long Id, long DeploymentId, string State, string? Description,
    string? EnvironmentUrl, string? LogUrl, string Creator, DateTimeOffset CreatedAt);

public sealed record PullRequestEntry(string Repo, int Number, long Id, string Title, string? Body, string Head,
    string Base, string State, bool Merged, string? MergeCommitSha, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt, DateTimeOffset? MergedAt, List<string> EnvironmentIds);

/// <summary>What the emulated GitHub remembers, saved whole to one JSON file after each change
/// (write to a temp file, then rename, so a crash leaves either the old or the new file).</summary>
public sealed class GitHubState
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
    private readonly string _path;
    private readonly object _lock = new();
    private Document _document;

    public GitHubState(string path)
    {
        _path = path;
        _document = File.Exists(path)
            ? JsonSerializer.Deserialize<Document>(File.ReadAllText(path), JsonOptions) ?? new Document()
            : new Document();
    }

    public T Read<T>(Func<Document, T> read)
    {
        lock (_lock)
        {
            return read(_document);
        }
    }

    public T Change<T>(Func<Document, T> change)
    {
        lock (_lock)
        {
            var result = change(_document);
            Save();
            return result;
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_document, JsonOptions));
        File.Move(temp, _path, overwrite: true);
    }

    public sealed class Document
    {
        public long NextId { get; set; } = 1000;
        public List<CommitStatusEntry> CommitStatuses { get; set; } = [];
        public List<GitHubDeploymentEntry> Deployments { get; set; } = [];
        public List<GitHubDeploymentStatusEntry> DeploymentStatuses { get; set; } = [];
        public List<PullRequestEntry> PullRequests { get; set; } = [];

        public long TakeId() => NextId++;

        public int NextPullRequestNumber(string repo) =>
            PullRequests.Where(p => string.Equals(p.Repo, repo, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Number).DefaultIfEmpty(0).Max() + 1;
    }
}
