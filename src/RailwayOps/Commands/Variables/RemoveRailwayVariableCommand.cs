using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>
/// Deletes variables by name (wildcards match existing names), one request per name as Railway's
/// API requires, and reads back to confirm each is gone. Confirms by default; -Force does not.
/// </summary>
/// <remarks>
/// Piped names are collected per target and handled in EndProcessing, so that a pipeline of many
/// variables costs one read before and one read after, not two per variable.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "RailwayVariable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RailwayVariable))]
public sealed class RemoveRailwayVariableCommand : VariableCmdlet
{
    private readonly List<(VariableScope Scope, List<string> Names)> pending = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.VariableNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Write each removed variable (its last value as a SecureString).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Remove without asking for confirmation (an explicit -Confirm still asks; -WhatIf still only describes).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveScope(out var scope))
        {
            return;
        }

        var entry = pending.FirstOrDefault(item => item.Scope == scope);
        if (entry.Names is null)
        {
            entry = (scope, new List<string>());
            pending.Add(entry);
        }

        entry.Names.AddRange(Name!);
    }

    protected override void EndProcessing()
    {
        foreach (var (scope, names) in pending)
        {
            RunPerItem(scope.Describe(), () => Remove(scope, names));
        }

        base.EndProcessing();
    }

    private void Remove(VariableScope scope, IReadOnlyList<string> names)
    {
        var writer = Writer;
        var existing = Run(token => writer.ReadAsync(scope.Target, token));
        var filter = NameFilter.ForVariables(names.Distinct(StringComparer.Ordinal));
        var matched = existing.Keys.Where(filter.IsMatch).OrderBy(name => name, StringComparer.Ordinal).ToList();
        foreach (var missing in filter.UnmatchedLiterals)
        {
            WriteFailure(CmdletFailure.VariableNotFound, new ItemNotFoundException(Text(CmdletText.VariableNotFound, missing, scope.Describe())), missing);
        }

        var removed = new List<string>();
        foreach (var name in matched)
        {
            if (ShouldProcessWithForce(scope.Describe(), Text(CmdletText.RemoveVariableAction, name), Force))
            {
                RunPerItem(name, () =>
                {
                    Run(token => writer.DeleteAsync(scope.Target, name, token));
                    removed.Add(name);
                });
            }
        }

        Run(token => writer.VerifyRemovedAsync(scope.Target, removed, token));
        if (PassThru)
        {
            foreach (var name in removed)
            {
                WriteObject(scope.ToVariable(name, existing[name] ?? string.Empty, asPlainText: false));
            }
        }
    }
}
