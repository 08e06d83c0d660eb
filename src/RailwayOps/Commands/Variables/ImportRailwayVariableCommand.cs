using System.Management.Automation;
using RailwayOps.Core.Variables;

namespace RailwayOps.Commands;

/// <summary>
/// Sets every variable of a .env file in one request, reporting for each name whether it was new,
/// changed or unchanged (never the values), and verifying the result by reading it back.
/// </summary>
[Cmdlet(VerbsData.Import, "RailwayVariable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayVariableChange))]
public sealed class ImportRailwayVariableCommand : VariableCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public SwitchParameter SkipDeploy { get; set; }

    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(path))
        {
            WriteFailure(CmdletFailure.DotEnvNotFound, new FileNotFoundException(Text(CmdletText.DotEnvNotFound, path), path), path);
            return;
        }

        IReadOnlyList<DotEnvEntry>? entries = null;
        RunPerItem(path, () =>
        {
            entries = DotEnvParser.Parse(File.ReadAllText(path), path);
            foreach (var entry in entries)
            {
                VariableValue.ToPlain(entry.Value, entry.Name);
            }
        });
        if (entries is null || !TryResolveScope(out var scope))
        {
            return;
        }

        WriteVerbose(Text(CmdletText.DotEnvRead, entries.Count, path));
        RunPerItem(scope.Describe(), () =>
        {
            var writer = Writer;
            var values = entries.Select(entry => new KeyValuePair<string, string>(entry.Name, entry.Value)).ToList();
            var plan = Run(token => writer.PlanAsync(scope.Target, values, replace: false, token));
            var detail = string.Join("; ", plan.Changes
                .GroupBy(change => change.Kind)
                .Select(group => $"{group.Key}: {Names(group.Select(change => change.Name))}"));
            if (!ShouldProcess(scope.Describe(), Text(CmdletText.ImportVariablesAction, values.Count, path, detail)))
            {
                return;
            }

            Run(token => writer.ApplyAsync(plan, SkipDeploy, token));
            foreach (var change in plan.Changes)
            {
                WriteObject(scope.ToChange(change));
            }
        });
    }
}
