using System.ComponentModel;
using System.Management.Automation;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>A database service resolved for one input: where it is and how to reach it (the password inside the connection only).</summary>
internal sealed record DatabaseTarget(RailwayProject Project, RailwayEnvironment Environment, RailwayService Service, DatabaseConnection Connection)
{
    public string Type => Connection.Kind.ToString();

    public override string ToString() => $"{Service.Name} ({Environment.Name})";
}

/// <summary>
/// The base of Connect-, Backup- and Restore-RailwayDatabase: one database service in one environment (as every
/// service-instance cmdlet names it), its type from the service's image as <c>railway connect</c> reads it, its connection
/// from its variables, and the client programs run through <see cref="LocalCommand"/> with the credentials in their
/// environment only.
/// </summary>
public abstract class DatabaseCmdlet : ServiceInstanceCmdlet
{
    /// <summary>The database service of the current input, or false after writing why not (nothing started).</summary>
    internal bool TryResolveDatabase(out DatabaseTarget target)
    {
        target = null!;
        if (!TryResolveInstance(out var project, out var environment, out var service))
        {
            return false;
        }

        var client = Client;
        DatabaseTarget? found = null;
        RunPerItem(service.Name, () =>
        {
            var instance = Run(token => client.ServiceInstances.GetAsync(project, environment, service, token));
            var kind = DatabaseConnection.KindOfImage(instance.SourceImage);
            if (kind is null)
            {
                throw new DatabaseException(DatabaseFailureKind.NotADatabase, Format(CmdletText.NotADatabase, service.Name, instance.SourceImage ?? CmdletText.NoImage));
            }

            var variables = Run(token => client.Variables.GetForServiceDeploymentAsync(project.ProjectId, environment.EnvironmentId, service.ServiceId, token));
            var connection = DatabaseConnection.FromVariables(kind.Value, service.Name, variables);
            WriteVerbose(Format(CmdletText.DatabaseResolved, service.Name, connection.Kind, connection.Host, connection.Port, connection.User, connection.Source));
            found = new DatabaseTarget(project, environment, service, connection);
        });
        target = found!;
        return found is not null;
    }

    /// <summary>The full path of a client program on PATH, or null after writing RailwayDatabaseClientNotFound naming its package.</summary>
    internal string? FindTool(string program, string package, object? errorTarget)
    {
        if (InvokeCommand.GetCommand(program, CommandTypes.Application) is ApplicationInfo found)
        {
            return found.Path;
        }

        WriteRailwayError(new DatabaseException(DatabaseFailureKind.ClientNotFound, Format(CmdletText.DatabaseClientNotFound, program, package, package)) { Package = package }, errorTarget);
        return null;
    }

    /// <summary>
    /// Runs a database tool to its end with the connection's environment, stderr captured for the error, progress
    /// every half second; a stop sends it SIGINT (LocalCommand) and rethrows. Returns the exit code, or throws
    /// <see cref="DatabaseException"/> (ToolFailed) with what it said.
    /// </summary>
    internal void RunTool(string path, IReadOnlyList<string> arguments, DatabaseTarget target, string activity, Func<string> status)
    {
        var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        LocalCommand command;
        try
        {
            command = LocalCommand.Start(path, arguments, workingDirectory, target.Connection.ClientEnvironment(), captureOutput: false, captureError: true);
        }
        catch (Win32Exception exception)
        {
            throw new DatabaseException(DatabaseFailureKind.ClientNotFound, Format(CmdletText.DatabaseToolNotStarted, path, exception.Message), exception);
        }

        using (command)
        {
            var program = System.IO.Path.GetFileName(path);
            WriteVerbose(Format(CmdletText.DatabaseToolStarted, program, command.Id, string.Join(' ', arguments)));
            var sink = EventSink;
            (int, string) outcome;
            try
            {
                outcome = Run(async token =>
            {
                var error = command.Error!.ReadToEndAsync(CancellationToken.None);
                var exit = command.WaitAsync(token);
                while (!token.IsCancellationRequested && await Task.WhenAny(exit, Task.Delay(500, token)).ConfigureAwait(false) != exit)
                {
                    sink.Report(new RailwayEvent(RailwayEventLevel.Progress, status()) { Activity = activity });
                }

                try
                {
                    // A stop: WaitAsync sends SIGINT, kills after the grace, and rethrows.
                    return (await exit.ConfigureAwait(false), await error.ConfigureAwait(false));
                }
                finally
                {
                    if (!token.IsCancellationRequested)
                    {
                        sink.Report(new RailwayEvent(RailwayEventLevel.Progress, activity) { Activity = activity, Completed = true });
                    }
                }
            });
            }
            finally
            {
                // A stop can leave the bridge before WaitAsync has ended the tool: end it here (SIGINT, then a kill after
                // the grace), so no tool outlives the cmdlet and the caller's cleanup (the partial file) comes after it.
                StopTool(command);
            }

            var (exitCode, said) = outcome;
            if (exitCode != 0)
            {
                var last = said.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3);
                var tail = string.Join(" ", last);
                throw new DatabaseException(DatabaseFailureKind.ToolFailed, Format(CmdletText.DatabaseToolFailed, program, exitCode, tail.Length > 0 ? ": " + tail : "."));
            }

            if (said.Trim().Length > 0)
            {
                WriteVerbose(Format(CmdletText.DatabaseToolSaid, program, said.Trim()));
            }
        }
    }

    /// <summary>Ends the child if it still runs (SIGINT, then a kill after LocalCommand's grace); waits for it.</summary>
    internal static void StopTool(LocalCommand command) => command.StopAsync().GetAwaiter().GetResult();

    /// <summary>The file path as the current location resolves it.</summary>
    internal string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}
