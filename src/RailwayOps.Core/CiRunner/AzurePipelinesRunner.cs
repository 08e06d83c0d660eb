using System.Text;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.CiRunner;

/// <summary>Azure Pipelines' logging commands (<c>##vso[area.action props]message</c>, <c>##[group]</c>).</summary>
public sealed class AzurePipelinesRunner : CiRunnerWriter
{
    public AzurePipelinesRunner(ISystemEnvironment environment, Action<string> writeLine, Redactor? redactor = null)
        : base(environment, writeLine, redactor)
    {
    }

    public override CiRunnerKind Kind => CiRunnerKind.AzurePipelines;

    protected override string MaskCommand(string value) => "##vso[task.setsecret]" + WorkflowCommandEscaping.AzureData(value);

    // logissue has no title property: the title leads the message, as Azure's own tasks do.
    protected override string ErrorCommand(string title, string message) =>
        "##vso[task.logissue type=error]" + WorkflowCommandEscaping.AzureData(string.IsNullOrEmpty(title) ? message : $"{title}: {message}");

    protected override string BeginGroupCommand(string title) => "##[group]" + WorkflowCommandEscaping.AzureData(title);

    protected override string EndGroupCommand() => "##[endgroup]";

    protected override IEnumerable<string> InertLines(IEnumerable<string> lines) => lines.Select(WorkflowCommandEscaping.AzureInertLine);

    /// <summary>
    /// Azure shows a Markdown file attached with task.uploadsummary on the run's Extensions tab; each call
    /// writes one file in the agent's temp folder and attaches it.
    /// </summary>
    protected override void WriteSummary(string markdown)
    {
        var folder = Environment.GetVariable(CiVariableNames.AzureTempDirectory);
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            folder = Path.GetTempPath();
        }

        var path = Path.Combine(folder, $"railwayops-summary-{Guid.NewGuid():n}.md");
        File.WriteAllText(path, markdown, new UTF8Encoding(false));
        WriteLine("##vso[task.uploadsummary]" + WorkflowCommandEscaping.AzureData(path));
    }
}
