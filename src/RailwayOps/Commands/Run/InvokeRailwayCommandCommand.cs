using System.ComponentModel;
using System.Management.Automation;
using System.Text;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// <c>railway run</c>: runs a local command (an executable, or a script block in a child pwsh) with a service's rendered
/// variables and Railway's RAILWAY_* ones in its environment, read in one request. The child's exit code is
/// $LASTEXITCODE, its output streams through (captured as lines when this cmdlet's output goes on down a pipeline),
/// Ctrl+C reaches it, and no variable's value is written to any stream (-WhatIf and -Verbose name the variables only).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RailwayCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ScriptSet)]
[OutputType(typeof(string))]
public sealed class InvokeRailwayCommandCommand : RailwayApiCmdlet
{
    private const string ScriptSet = "ScriptBlock";
    private const string FileSet = "FilePath";

    // Names a shell, the dynamic loader or a language runtime acts on as it starts: a project member could choose what runs
    // on this machine through them, so they are left out (as railway run leaves them out).
    private static readonly HashSet<string> UnsafeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "PROMPT_COMMAND", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS1", "PS2", "PS4", "IFS", "CDPATH", "GLOBIGNORE",
        "ZDOTDIR", "FPATH", "NODE_OPTIONS", "NODE_REPL_EXTERNAL_MODULE", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME",
        "RUBYOPT", "RUBYLIB", "PERL5OPT", "PERL5LIB", "PERL5DB", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF",
        "GIT_PAGER", "GIT_EDITOR", "PAGER", "EDITOR", "VISUAL", "PSModulePath",
    };

    private static readonly string[] UnsafePrefixes = ["LD_", "DYLD_", "BASH_FUNC_"];

    /// <summary>PowerShell to run in a child pwsh (its <c>exit N</c> is the exit code).</summary>
    [Parameter(ParameterSetName = ScriptSet, Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock? ScriptBlock { get; set; }

    /// <summary>The executable to run: a path, or a name found on PATH.</summary>
    [Parameter(ParameterSetName = FileSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? FilePath { get; set; }

    /// <summary>Arguments for the executable (or the script block's $args), passed as they are, without a shell.</summary>
    [Parameter(ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public string[]? ArgumentList { get; set; }

    [Parameter]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var (file, arguments, scriptFile) = Executable();
        if (file is null)
        {
            return;
        }

        try
        {
            if (!TryResolveService(out var ids, out var shown))
            {
                return;
            }

            var client = Client;
            var rendered = Run(token => client.Variables.GetForServiceDeploymentAsync(ids.Project, ids.Environment, ids.Service, token));
            var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var dropped = new List<string>();
            foreach (var (name, value) in rendered)
            {
                if (UnsafeNames.Contains(name) || UnsafePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    dropped.Add(name);
                }
                else
                {
                    variables[name] = value ?? string.Empty;
                }
            }

            if (dropped.Count > 0)
            {
                WriteWarning(Format(CmdletText.CommandDropped, string.Join(", ", dropped)));
            }

            var names = variables.Count == 0 ? CmdletText.CommandVariablesNone : string.Join(", ", variables.Keys);
            var what = ScriptBlock is not null ? CmdletText.CommandScriptBlock : FilePath!;
            if (!ShouldProcess(shown, Format(CmdletText.CommandAction, what, shown, names)))
            {
                return;
            }

            // Captured only when the output goes on down the pipeline; otherwise the child writes to the terminal itself.
            var capture = MyInvocation.PipelinePosition < MyInvocation.PipelineLength;
            LocalCommand command;
            try
            {
                command = LocalCommand.Start(file, arguments, workingDirectory, variables, capture);
            }
            catch (Win32Exception exception)
            {
                WriteFailure(CmdletFailure.CommandNotFound, new CommandNotFoundException(Format(CmdletText.CommandNotFound, FilePath ?? file), exception), FilePath ?? file);
                return;
            }

            using (command)
            {
                WriteVerbose(Format(CmdletText.CommandStarted, what, command.Id, variables.Count));
                int exitCode;
                try
                {
                    if (command.Output is { } output)
                    {
                        RunStream(token => Lines(output, token), line => WriteObject(line));
                    }

                    exitCode = Run(token => command.WaitAsync(token));
                }
                finally
                {
                    // Also on a stop: the child is gone by now (LocalCommand.WaitAsync ends it), and its code is the caller's.
                    SetExitCode(command);
                }

                WriteVerbose(Format(CmdletText.CommandExited, what, exitCode));
            }
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }

    private void SetExitCode(LocalCommand command)
    {
        try
        {
            SessionState.PSVariable.Set("global:LASTEXITCODE", command.ExitCode);
        }
        catch (InvalidOperationException)
        {
            // Not started or not ended: nothing to report.
        }
    }

    private static async IAsyncEnumerable<string> Lines(StreamReader output, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await output.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    /// <summary>The file to start and its arguments; a script block runs in a child pwsh from a private temporary file.</summary>
    private (string? File, IReadOnlyList<string> Arguments, string? ScriptFile) Executable()
    {
        var arguments = ArgumentList ?? [];
        if (ScriptBlock is not null)
        {
            var (pwsh, prefix) = Pwsh();
            var script = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "railwayops-run-" + Guid.NewGuid().ToString("N") + ".ps1");
            using (var stream = new FileStream(script, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(Encoding.UTF8.GetBytes(ScriptBlock.ToString()));
            }

            return (pwsh, [.. prefix, "-NoProfile", "-NoLogo", "-File", script, .. arguments], script);
        }

        var found = InvokeCommand.GetCommand(FilePath!, CommandTypes.Application) as ApplicationInfo;
        if (found is null)
        {
            WriteFailure(CmdletFailure.CommandNotFound, new CommandNotFoundException(Format(CmdletText.CommandNotFound, FilePath)), FilePath);
            return (null, arguments, null);
        }

        return (found.Path, arguments, null);
    }

    /// <summary>This session's own pwsh: its executable, or dotnet with pwsh.dll when pwsh runs as a .NET tool.</summary>
    private static (string File, string[] Prefix) Pwsh()
    {
        var home = System.IO.Path.GetDirectoryName(typeof(PSObject).Assembly.Location) ?? string.Empty;
        var process = System.Environment.ProcessPath;
        if (process is not null && System.IO.Path.GetFileNameWithoutExtension(process).Equals("pwsh", StringComparison.OrdinalIgnoreCase))
        {
            return (process, []);
        }

        var dll = System.IO.Path.Combine(home, "pwsh.dll");
        if (process is not null && System.IO.Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) && File.Exists(dll))
        {
            return (process, [dll]);
        }

        var beside = System.IO.Path.Combine(home, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        return (File.Exists(beside) ? beside : "pwsh", []);
    }

    /// <summary>Project, environment and service ids: as given when all three are ids (no request), else resolved by name.</summary>
    private bool TryResolveService(out (string Project, string Environment, string Service) ids, out string shown)
    {
        var context = ResolveContext(Project, Environment, Service);
        ids = default;
        shown = string.Empty;
        if (context.Project?.Value is { } p && context.Environment?.Value is { } e && context.Service?.Value is { } s
            && Guid.TryParse(p, out _) && Guid.TryParse(e, out _) && Guid.TryParse(s, out _))
        {
            ids = (p, e, s);
            shown = Format(CmdletText.DeployTarget, s, p, e);
            return true;
        }

        if (!TryResolveTarget(context, out var resolved))
        {
            return false;
        }

        var missing = resolved is null ? (nameof(Project), "PROJECT")
            : resolved.Environment is null ? (nameof(Environment), "ENVIRONMENT")
            : resolved.Service is null ? (nameof(Service), "SERVICE")
            : ((string, string)?)null;
        if (missing is { } part)
        {
            WriteFailure(CmdletFailure.CommandTargetIncomplete,
                new ArgumentException(Format(CmdletText.CommandTargetIncomplete, MyInvocation.MyCommand.Name, part.Item1, part.Item2)),
                Project ?? Service);
            return false;
        }

        ids = (resolved!.Project.ProjectId, resolved.Environment!.EnvironmentId, resolved.Service!.ServiceId);
        shown = Format(CmdletText.DeployTarget, resolved.Service.Name, resolved.Project.Name, resolved.Environment.Name);
        return true;
    }
}
