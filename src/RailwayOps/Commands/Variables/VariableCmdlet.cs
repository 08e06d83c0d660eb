using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Variables;

namespace RailwayOps.Commands;

/// <summary>
/// The base of the variable cmdlets: where the variables live (project, environment, and a service
/// or -Shared), bound from parameters or by property name from piped objects. Variable failures
/// (a write Railway did not apply, a .env line, a name) are rows of <see cref="ErrorMap"/>.
/// </summary>
public abstract class VariableCmdlet : RailwayApiCmdlet
{
    private readonly Dictionary<(string?, string?, string?, bool), VariableScope> scopes = new();
    private VariableWriter? writer;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    // No ValidateNotNullOrEmpty: a piped shared variable carries a null ServiceId.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>The environment's shared variables instead of a service's own.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Shared { get; set; }

    protected VariableWriter Writer => writer ??= new VariableWriter(Client, EventSink);

    /// <summary>Resolves the target of the current pipeline input; a failure is written as that input's error.</summary>
    internal bool TryResolveScope(out VariableScope scope)
    {
        var service = string.IsNullOrWhiteSpace(Service) ? null : Service;
        var key = (Project, Environment, service, Shared.IsPresent);
        if (scopes.TryGetValue(key, out scope!))
        {
            return true;
        }

        if (Shared && service is not null)
        {
            WriteFailure(CmdletFailure.VariableSharedWithService, new ArgumentException(Text(CmdletText.VariableSharedWithService, service)), service);
            return false;
        }

        var context = ResolveContext(Project, Environment, Shared ? null : service);
        if (ReportMissingPieces(context))
        {
            return false;
        }

        if (!TryResolveTarget(context, out var target))
        {
            return false;
        }

        if (target is null)
        {
            WriteRailwayError(new ResolutionException(ResolutionErrorKind.ProjectRequired,
                string.Format(CultureInfo.InvariantCulture, Core.Messages.ProjectRequired, Shared ? nameof(Shared) : nameof(Service))), null);
            return false;
        }

        if (target.Environment is null)
        {
            WriteFailure(CmdletFailure.VariableEnvironmentRequired, new ArgumentException(CmdletText.VariableEnvironmentRequired), target.Project.Name);
            return false;
        }

        var resolvedService = Shared ? null : target.Service;
        if (!Shared && resolvedService is null)
        {
            WriteFailure(CmdletFailure.VariableServiceRequired, new ArgumentException(CmdletText.VariableServiceRequired), target.Environment.Name);
            return false;
        }

        scope = new VariableScope(
            new VariableTarget(target.Project.ProjectId, target.Environment.EnvironmentId, resolvedService?.ServiceId),
            target.Project.Name,
            target.Environment.Name,
            resolvedService?.Name);
        scopes[key] = scope;
        return true;
    }

    /// <summary>
    /// Variables live in a project, an environment and a service (or -Shared): every piece that no source
    /// gives is named in one error, so a bare Get-RailwayVariable says all it needs in one run. A project
    /// token brings its own project and environment. The ErrorId is the first missing piece's row in <see cref="ErrorMap"/>.
    /// </summary>
    private bool ReportMissingPieces(RailwayContext context)
    {
        var projectToken = context.Credential?.Kind == RailwayTokenKind.Project;
        var missing = new List<(string Parameter, string Variable, CmdletFailure Failure)>();
        if (context.Project is null && !projectToken)
        {
            missing.Add((nameof(Project), "RAILWAY_PROJECT_ID", CmdletFailure.VariableProjectMissing));
        }

        if (context.Environment is null && !projectToken)
        {
            missing.Add((nameof(Environment), "RAILWAY_ENVIRONMENT_ID", CmdletFailure.VariableEnvironmentMissing));
        }

        if (context.Service is null && !Shared)
        {
            missing.Add((nameof(Service), "RAILWAY_SERVICE_ID", CmdletFailure.VariableServiceMissing));
        }

        if (missing.Count == 0)
        {
            return false;
        }

        var parameters = string.Join(", ", missing.Select(piece => "-" + piece.Parameter));
        var message = Text(CmdletText.VariableTargetMissing, MyInvocation.MyCommand.Name, parameters,
            string.Join(", ", missing.Select(piece => piece.Variable)),
            Shared || missing.All(piece => piece.Parameter != nameof(Service)) ? string.Empty : CmdletText.VariableTargetMissingShared);
        WriteFailure(missing[0].Failure, new ArgumentException(message), null);
        return true;
    }

    /// <exception cref="InvalidVariableNameException">The name is not a valid variable name.</exception>
    internal static void ValidateName(string name)
    {
        if (!DotEnvParser.IsValidName(name))
        {
            throw new InvalidVariableNameException(Text(CmdletText.InvalidVariableName, name));
        }
    }

    /// <summary>Names for a message: "A, B" or "none".</summary>
    protected static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? CmdletText.NamesNone : string.Join(", ", list);
    }

    protected static string Text(string format, params object?[] arguments) =>
        SafeText.Of(string.Format(CultureInfo.InvariantCulture, format, arguments));
}
