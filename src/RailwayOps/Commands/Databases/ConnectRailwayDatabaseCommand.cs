using System.ComponentModel;
using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// <c>railway connect</c>: opens psql (PostgreSQL) or redis-cli (Redis) against a database service, attached to the
/// console, with the credentials in the child's environment only (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE; redis-cli
/// gets -h and -p, and REDISCLI_AUTH). -ArgumentList goes to the client as it is (psql -c, redis-cli PING), so scripts
/// run it without a terminal; the client's exit code is $LASTEXITCODE. A missing client is RailwayDatabaseClientNotFound
/// naming the package to install, and nothing is started.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "RailwayDatabase")]
[OutputType(typeof(string))]
public sealed class ConnectRailwayDatabaseCommand : DatabaseCmdlet
{
    /// <summary>Arguments for psql or redis-cli, passed as they are, after the connection's own.</summary>
    [Parameter(ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public string[]? ArgumentList { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveDatabase(out var target))
        {
            return;
        }

        var (program, package) = target.Connection.Kind == DatabaseKind.Postgres ? ("psql", "postgresql-client") : ("redis-cli", "redis-tools");
        if (FindTool(program, package, target.Service.Name) is not { } path)
        {
            return;
        }

        var arguments = new List<string>();
        if (target.Connection.Kind == DatabaseKind.Redis)
        {
            arguments.AddRange(target.Connection.RedisArguments());
        }

        arguments.AddRange(ArgumentList ?? []);
        var capture = MyInvocation.PipelinePosition < MyInvocation.PipelineLength;
        LocalCommand command;
        try
        {
            command = LocalCommand.Start(path, arguments, SessionState.Path.CurrentFileSystemLocation.ProviderPath, target.Connection.ClientEnvironment(), capture);
        }
        catch (Win32Exception exception)
        {
            WriteRailwayError(new DatabaseException(DatabaseFailureKind.ClientNotFound, Format(CmdletText.DatabaseToolNotStarted, path, exception.Message), exception)
            { Package = package }, target.Service.Name);
            return;
        }

        using (command)
        {
            WriteVerbose(Format(CmdletText.DatabaseConnecting, program, target, command.Id));
            try
            {
                if (command.Output is { } output)
                {
                    RunStream(token => Lines(output, token), line => WriteObject(line));
                }

                // An interactive session (the terminal's, nothing to run given): Ctrl+C belongs to psql / redis-cli, which
                // cancel a query on it and go on, as under `railway connect`; the session ends when the client does.
                var interactive = (ArgumentList is null || ArgumentList.Length == 0) && !capture && !Console.IsInputRedirected;
                var exitCode = Run(token => command.WaitAsync(interactive ? CancellationToken.None : token));
                WriteVerbose(Format(CmdletText.DatabaseClientExited, program, exitCode));
            }
            finally
            {
                StopTool(command);
                try
                {
                    SessionState.PSVariable.Set("global:LASTEXITCODE", command.ExitCode);
                }
                catch (InvalidOperationException)
                {
                    // Not ended: nothing to report.
                }
            }
        }
    }

    private static async IAsyncEnumerable<string> Lines(StreamReader output, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await output.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }
}
