using System.Management.Automation;
using RailwayOps.Core.Variables;

namespace RailwayOps.Commands;

/// <summary>
/// Lists a service's variables (or an environment's shared variables). Values are SecureStrings
/// unless -AsPlainText asks for plain text, as Get-Secret does.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayVariable")]
[OutputType(typeof(RailwayVariable))]
public sealed class GetRailwayVariableCommand : VariableCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.VariableNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>References such as ${{Postgres.DATABASE_URL}} as written, not resolved.</summary>
    [Parameter]
    public SwitchParameter Unrendered { get; set; }

    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveScope(out var scope))
        {
            return;
        }

        var client = Client;
        RunPerItem(scope.Describe(), () =>
        {
            var variables = Run(token => client.Variables.GetAsync(scope.Target, Unrendered, token));
            VariableWriter.RegisterValues(variables);
            var filter = NameFilter.ForVariables(Name);
            var ci = AsPlainText ? Hosting.CiHost.ReporterFor(this) : null;
            foreach (var (name, value) in variables.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                if (value is not null && filter.IsMatch(name))
                {
                    // A CI runner hides the value in its logs only if told before the value is shown.
                    ci?.Mask(value);
                    WriteObject(scope.ToVariable(name, value, AsPlainText));
                }
            }

            foreach (var missing in filter.UnmatchedLiterals)
            {
                WriteFailure(CmdletFailure.VariableNotFound, new ItemNotFoundException(Text(CmdletText.VariableNotFound, missing, scope.Describe())), missing);
            }
        });
    }
}
