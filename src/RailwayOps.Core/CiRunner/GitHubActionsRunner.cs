using System.Security.Cryptography;
using System.Text;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.CiRunner;

/// <summary>GitHub Actions' workflow commands (<c>::name props::message</c>) and $GITHUB_STEP_SUMMARY.</summary>
public sealed class GitHubActionsRunner : CiRunnerWriter
{
    public GitHubActionsRunner(ISystemEnvironment environment, Action<string> writeLine, Redactor? redactor = null)
        : base(environment, writeLine, redactor)
    {
    }

    public override CiRunnerKind Kind => CiRunnerKind.GitHubActions;

    protected override string MaskCommand(string value) => "::add-mask::" + WorkflowCommandEscaping.GitHubData(value);

    protected override string ErrorCommand(string title, string message) =>
        $"::error title={WorkflowCommandEscaping.GitHubProperty(title)}::{WorkflowCommandEscaping.GitHubData(message)}";

    protected override string BeginGroupCommand(string title) => "::group::" + WorkflowCommandEscaping.GitHubData(title);

    protected override string EndGroupCommand() => "::endgroup::";

    /// <summary>
    /// An app's log may print "::add-mask::" or "::error::" itself; GitHub's stop-commands with a one-time
    /// token makes the runner ignore every command until the token is echoed back.
    /// </summary>
    protected override IEnumerable<string> InertLines(IEnumerable<string> lines)
    {
        var token = "railwayops-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        yield return $"::stop-commands::{token}";
        foreach (var line in lines)
        {
            yield return line;
        }

        yield return $"::{token}::";
    }

    /// <summary>Appends to the file GITHUB_STEP_SUMMARY names; without it (a local act run) there is no summary.</summary>
    protected override void WriteSummary(string markdown)
    {
        var path = Environment.GetVariable(CiVariableNames.GitHubStepSummary);
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        File.AppendAllText(path, markdown.EndsWith('\n') ? markdown : markdown + "\n", new UTF8Encoding(false));
    }
}
