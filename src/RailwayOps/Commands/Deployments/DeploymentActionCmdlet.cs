using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// The base of the deployment actions (Redo, Restart, Restore, Stop, Remove, Approve): deployments
/// from the pipeline by value or by DeploymentId, the current state read before acting, ShouldProcess
/// around the mutation itself, -PassThru, and -Wait through the same waiter as Wait-RailwayDeployment.
/// </summary>
public abstract class DeploymentActionCmdlet : DeploymentWaitingCmdlet
{
    protected const string IdSet = "Id";
    protected const string ObjectSet = "InputObject";

    private readonly List<WaitTarget> waitTargets = new();

    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RailwayDeployment[]? InputObject { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>-Wait only: the whole wait in seconds; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = DefaultTimeoutSec;

    /// <summary>What the ShouldProcess prompt says will happen to <paramref name="current"/>.</summary>
    protected abstract string ActionFor(RailwayDeployment current);

    /// <summary>Null when the action may go ahead, else the reason it may not (written as that deployment's error).</summary>
    protected virtual ErrorRecord? Refusal(RailwayDeployment current) => null;

    /// <summary>Carries out the mutation; returns the deployment the action produced (the new one for a redeploy).</summary>
    protected abstract Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken);

    /// <summary>
    /// Asks ShouldProcess before the mutation (a prompt the session cannot show is RailwayConfirmationRequired);
    /// a cmdlet with -Force passes it on.
    /// </summary>
    protected virtual bool ShouldAct(string target, string action) => ShouldProcessWithForce(target, action, force: false);

    /// <summary>Wait outcomes that mean the action did what it was asked (besides Succeeded).</summary>
    protected virtual IReadOnlySet<WaitOutcomeKind> ExpectedOutcomes { get; } = new HashSet<WaitOutcomeKind>();

    protected override void ProcessRecord()
    {
        var ids = ParameterSetName == ObjectSet ? InputObject!.Select(deployment => deployment.DeploymentId).ToArray() : Id!;
        var client = Client;
        foreach (var id in ids)
        {
            RunPerItem(id, () => Act(client, id));
        }
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (!Wait)
        {
            return;
        }

        var options = new WaitOptions { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
        RunPerItem(null, () => WaitFor(waitTargets, options, outcome => WriteOutcome(outcome, PassThru, ExpectedOutcomes)));
    }

    /// <summary>An action refused before any mutation: the deployment is the target; ErrorId and category are the failure's row in <see cref="ErrorMap"/>.</summary>
    private protected static ErrorRecord Refuse(CmdletFailure failure, string message, RailwayDeployment current, string? recommendedAction = null) =>
        ErrorMap.For(failure, new InvalidOperationException(message), current, recommendedAction);

    protected string Describe(RailwayDeployment deployment) => Format(
        CmdletText.DeploymentTarget,
        deployment.DeploymentId,
        deployment.ServiceName ?? deployment.ServiceId,
        deployment.EnvironmentName ?? deployment.EnvironmentId,
        deployment.Status.ToWireName(),
        deployment.CommitHash is { Length: > 7 } sha ? sha[..7] : deployment.CommitHash ?? "none");

    /// <summary>A Boolean mutation's false answer means nothing happened; that is the deployment's error, not a success.</summary>
    protected static void EnsureApplied(bool applied, string action, RailwayDeployment current)
    {
        if (!applied)
        {
            throw new DeploymentActionException(string.Format(System.Globalization.CultureInfo.InvariantCulture, CmdletText.ActionNotApplied, action, current.DeploymentId));
        }
    }

    private void Act(RailwayClient client, string id)
    {
        var current = Run(token => client.Deployments.GetAsync(id, token));
        if (Refusal(current) is { } refusal)
        {
            WriteError(refusal);
            return;
        }

        var action = ActionFor(current);
        if (!ShouldAct(Describe(current), action))
        {
            return;
        }

        RailwayDeployment result;
        try
        {
            result = Run(token => ActAsync(client, current, token));
        }
        catch (DeploymentActionException exception)
        {
            WriteRailwayError(exception, current);
            return;
        }

        WriteVerbose(Format(CmdletText.ActionApplied, Describe(current), action));
        if (Wait)
        {
            waitTargets.Add(new WaitTarget.ById(result.DeploymentId));
        }
        else if (PassThru)
        {
            WriteObject(result);
        }
    }
}

/// <summary>Railway accepted a deployment action but answered that it did not apply it.</summary>
public sealed class DeploymentActionException : Exception
{
    public DeploymentActionException(string message)
        : base(message)
    {
    }
}
