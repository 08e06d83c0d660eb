using System.Text.Json;
using System.Text.Json.Serialization;

namespace RailwayOps.Emulator.State;

/// <summary>
/// The state folder: state.json (a snapshot, replaced atomically) and journal.jsonl (changes since
/// the snapshot, one JSON line each). Every line is flushed to the OS before the change is visible,
/// so a killed process loses nothing; changes other than log lines are also fsynced.
/// </summary>
public sealed class StatePersistence : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _snapshotPath;
    private readonly string _journalPath;
    private readonly SecretCodec _secrets;
    private FileStream? _journal;

    public StatePersistence(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _snapshotPath = Path.Combine(stateDirectory, "state.json");
        _journalPath = Path.Combine(stateDirectory, "journal.jsonl");
        _secrets = SecretCodec.ForFolder(stateDirectory);
    }

    public bool HasState => File.Exists(_snapshotPath) || File.Exists(_journalPath);

    public StateDocument? LoadSnapshot()
    {
        if (!File.Exists(_snapshotPath))
            return null;
        using var stream = File.OpenRead(_snapshotPath);
        var document = JsonSerializer.Deserialize<StateDocument>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{_snapshotPath} is empty");
        document.Variables = document.Variables.Select(_secrets.Open).ToList();
        document.Tokens = document.Tokens.Select(t => t with { Value = OpenToken(t.Value) }).ToList();
        document.GitHubTokens = document.GitHubTokens.Select(OpenToken).ToList();
        return document;
    }

    /// <summary>The journal's entries in order; a torn last line (the process died mid-write) is dropped.</summary>
    public IEnumerable<JournalEntry> ReadJournal()
    {
        if (!File.Exists(_journalPath))
            yield break;
        foreach (var line in File.ReadLines(_journalPath))
        {
            if (line.Length == 0)
                continue;
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line, JsonOptions);
            }
            catch (JsonException)
            {
                yield break;
            }
            if (entry is null)
                continue;
            if (entry.Variables is not null)
                entry.Variables = _secrets.Open(entry.Variables);
            yield return entry;
        }
    }

    /// <summary>Replaces the snapshot and starts an empty journal after it.</summary>
    public void WriteSnapshot(StateDocument document)
    {
        var sealedDocument = new StateDocument
        {
            FormatVersion = document.FormatVersion, NextSequence = document.NextSequence,
            Account = document.Account,
            Tokens = document.Tokens.Select(t => t with { Value = _secrets.Seal(t.Value) }).ToList(),
            GitHubTokens = document.GitHubTokens.Select(_secrets.Seal).ToList(),
            Projects = document.Projects, Services = document.Services, Environments = document.Environments,
            Instances = document.Instances, Triggers = document.Triggers, Deployments = document.Deployments, Logs = document.Logs,
            Variables = document.Variables.Select(_secrets.Seal).ToList(),
            // Without these two, a second restart lost every domain and volume (the first folded the journal into a
            // snapshot that did not hold them).
            Domains = document.Domains, Volumes = document.Volumes,
        };
        AtomicFile.Write(_snapshotPath, stream => JsonSerializer.Serialize(stream, sealedDocument, JsonOptions));
        _journal?.Dispose();
        _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        _journal.Flush(flushToDisk: true);
    }

    public void Append(JournalEntry entry)
    {
        if (entry.Variables is not null)
            entry = new JournalEntry { Variables = _secrets.Seal(entry.Variables) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, JsonOptions);
        var journal = _journal ??= new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        journal.Write(bytes);
        journal.WriteByte((byte)'\n');
        journal.Flush(flushToDisk: entry.Log is null);
    }

    /// <summary>Tokens are sealed like variable values; a state folder written before that holds them in clear text.</summary>
    private string OpenToken(string value) => value.StartsWith("enc1:", StringComparison.Ordinal) ? _secrets.Open(value) : value;

    public void Dispose() => _journal?.Dispose();
}
