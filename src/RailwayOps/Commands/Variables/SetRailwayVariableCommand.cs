using System.Collections;
using System.Management.Automation;
using RailwayOps.Core.Variables;

namespace RailwayOps.Commands;

/// <summary>
/// Sets one variable, or many at once from a hashtable in a single request (so the service redeploys
/// once), then reads them back: a write that did not take effect is an error, never a success.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RailwayVariable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SingleSet)]
[OutputType(typeof(RailwayVariable))]
public sealed class SetRailwayVariableCommand : VariableCmdlet
{
    private const string SingleSet = "Single";
    private const string BulkSet = "Bulk";

    [Parameter(ParameterSetName = SingleSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.VariableNameCompleter))]
    public string? Name { get; set; }

    /// <summary>A string or a SecureString (numbers and booleans are written as text).</summary>
    [Parameter(ParameterSetName = SingleSet, Mandatory = true, Position = 1)]
    [AllowEmptyString]
    public object? Value { get; set; }

    [Parameter(ParameterSetName = BulkSet, Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public IDictionary? Variables { get; set; }

    [Parameter]
    public SwitchParameter SkipDeploy { get; set; }

    /// <summary>Remove every variable not in the new set; asks for confirmation like a high-impact change.</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    /// <summary>With -Replace: do not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var requested = Requested().ToList();
        if (requested.Count == 0)
        {
            WriteFailure(CmdletFailure.NoVariablesGiven, new ArgumentException(CmdletText.NoVariablesGiven), null);
            return;
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in requested)
        {
            RunPerItem(name, () =>
            {
                ValidateName(name);
                values.Add(new(name, VariableValue.ToPlain(value, name)));
            });
        }

        // One bad entry stops the whole write: a partial bulk set would redeploy with half the change.
        if (values.Count < requested.Count || !TryResolveScope(out var scope))
        {
            return;
        }

        RunPerItem(scope.Describe(), () =>
        {
            var writer = Writer;
            var plan = Run(token => writer.PlanAsync(scope.Target, values, Replace, token));
            var action = Text(CmdletText.SetVariablesAction, Names(values.Select(pair => pair.Key)), plan.Summary);
            if (Replace)
            {
                action += Text(CmdletText.SetVariablesReplaceNote, Names(Removed(plan)));
            }

            if (!ShouldProcessWithForce(scope.Describe(), action, Force) || (Replace && !ConfirmReplace(scope, action, plan)))
            {
                return;
            }

            Run(token => writer.ApplyAsync(plan, SkipDeploy, token));
            if (plan.RequiresWrite)
            {
                WriteVerbose(Text(CmdletText.VariablesWritten, Names(values.Select(pair => pair.Key)), scope.Describe(),
                    SkipDeploy ? CmdletText.VariablesSkipDeploy : CmdletText.VariablesRedeploy));
            }

            if (PassThru)
            {
                foreach (var (name, value) in values)
                {
                    WriteObject(scope.ToVariable(name, value, asPlainText: false));
                }
            }
        });
    }

    private IEnumerable<(string Name, object? Value)> Requested()
    {
        if (ParameterSetName == SingleSet)
        {
            yield return (Name!, Value);
            yield break;
        }

        foreach (DictionaryEntry entry in Variables!)
        {
            yield return (entry.Key?.ToString() ?? string.Empty, entry.Value);
        }
    }

    private static IEnumerable<string> Removed(VariablePlan plan) =>
        plan.Changes.Where(change => change.Kind == VariableChangeKind.Removed).Select(change => change.Name);

    /// <summary>
    /// -Replace deletes variables, so it confirms as a ConfirmImpact High change would: asked once, unless
    /// -Force, -Confirm:$false or $ConfirmPreference = 'None'. ShouldProcess has already asked when -Confirm
    /// was given or $ConfirmPreference is Medium or Low, so it is not asked a second time then. A session that
    /// cannot prompt stops with RailwayConfirmationRequired, as the Remove cmdlets do.
    /// </summary>
    private bool ConfirmReplace(VariableScope scope, string action, VariablePlan plan)
    {
        if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return true;
        }

        if (GetVariableValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.High)
        {
            return true;
        }

        return ShouldContinueOrStop(scope.Describe(), action, Text(CmdletText.ReplaceQuery, scope.Describe(), Names(Removed(plan))), CmdletText.ReplaceCaption);
    }
}
