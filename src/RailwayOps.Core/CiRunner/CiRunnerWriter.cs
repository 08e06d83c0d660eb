using RailwayOps.Core.Auth;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.CiRunner;

/// <summary>
/// Speaks a CI runner's logging protocol: error annotations, collapsible groups, secret masking and the
/// job summary. Lines go to <c>writeLine</c>, which must reach the process's standard output: that is
/// where both runners read commands. Every text except a value being masked is redacted first.
/// </summary>
public abstract class CiRunnerWriter
{
    private readonly Action<string> writeLine;
    private readonly Redactor redactor;

    protected CiRunnerWriter(ISystemEnvironment environment, Action<string> writeLine, Redactor? redactor)
    {
        Environment = environment ?? throw new ArgumentNullException(nameof(environment));
        this.writeLine = writeLine ?? throw new ArgumentNullException(nameof(writeLine));
        this.redactor = redactor ?? Redactor.Global;
    }

    public abstract CiRunnerKind Kind { get; }

    protected ISystemEnvironment Environment { get; }

    /// <summary>The runner the environment names, or null outside CI.</summary>
    public static CiRunnerWriter? Detect(ISystemEnvironment environment, Action<string> writeLine, Redactor? redactor = null) =>
        DetectKind(environment) switch
        {
            CiRunnerKind.GitHubActions => new GitHubActionsRunner(environment, writeLine, redactor),
            CiRunnerKind.AzurePipelines => new AzurePipelinesRunner(environment, writeLine, redactor),
            _ => null,
        };

    /// <summary>GITHUB_ACTIONS=true, then TF_BUILD=True (both compared without case, as the runners set them).</summary>
    public static CiRunnerKind DetectKind(ISystemEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (IsTrue(environment.GetVariable(CiVariableNames.GitHubActions)))
        {
            return CiRunnerKind.GitHubActions;
        }

        return IsTrue(environment.GetVariable(CiVariableNames.AzurePipelines)) ? CiRunnerKind.AzurePipelines : CiRunnerKind.None;
    }

    /// <summary>
    /// Tells the runner to hide <paramref name="value"/> in every later log line. Call it before the value
    /// is shown anywhere. Each line of a multi-line value is masked on its own, as the runners match per line.
    /// </summary>
    public void Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        foreach (var line in value.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Distinct(StringComparer.Ordinal))
        {
            writeLine(MaskCommand(line));
        }
    }

    /// <summary>An error annotation: the run's summary lists it and the job log shows it in red.</summary>
    public void Error(string title, string message) => writeLine(ErrorCommand(Redact(title), Redact(message)));

    /// <summary>A collapsible group of lines (a log tail); the lines are shown, never obeyed as commands.</summary>
    public void Group(string title, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        writeLine(BeginGroupCommand(Redact(title)));
        foreach (var line in InertLines(lines.Select(Redact)))
        {
            writeLine(line);
        }

        writeLine(EndGroupCommand());
    }

    /// <summary>Adds Markdown to the job's summary page.</summary>
    public void AppendSummary(string markdown)
    {
        if (!string.IsNullOrWhiteSpace(markdown))
        {
            WriteSummary(Redact(markdown));
        }
    }

    protected void WriteLine(string line) => writeLine(line);

    protected abstract string MaskCommand(string value);

    protected abstract string ErrorCommand(string title, string message);

    protected abstract string BeginGroupCommand(string title);

    protected abstract string EndGroupCommand();

    /// <summary>The lines of a group as written, with whatever keeps the runner from obeying them.</summary>
    protected abstract IEnumerable<string> InertLines(IEnumerable<string> lines);

    protected abstract void WriteSummary(string markdown);

    private string Redact(string? text) => redactor.Redact(text ?? string.Empty);

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
