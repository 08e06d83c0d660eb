using RailwayOps.Emulator.Hosting;

EmulatorOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return EmulatorStartupException.Usage;
}

// A start that cannot succeed says why in one line (no stack trace) and exits with a code that names the
// reason (see EmulatorStartupException), so that a launcher can report it as it is.
EmulatorHost host;
try
{
    host = await EmulatorHost.StartAsync(options);
}
catch (Exception error) when (error is EmulatorStartupException or IOException or UnauthorizedAccessException
    or InvalidOperationException)
{
    Console.Error.WriteLine("railwayops-emulator: error: " + error.Message);
    if (options.TemporaryState)
        await TemporaryStateFolder.DeleteIfMarkedAsync(options.StateDirectory);
    return error is EmulatorStartupException startup ? startup.ExitCode : EmulatorStartupException.StartFailed;
}

try
{
    if (options.ParentPid is { } parentPid)
        ParentProcessWatcher.Watch(parentPid, host.RequestStop);
    // The one line a launcher waits for; nothing else is written to stdout.
    Console.Out.WriteLine("RAILWAYOPS_EMULATOR_READY " + host.ReadyJson);
    Console.Out.Flush();
    await host.WaitForShutdownAsync();
}
finally
{
    // Stops every process it started, then closes the state; a temporary state folder goes last.
    await host.DisposeAsync();
    if (options.TemporaryState && await TemporaryStateFolder.DeleteIfMarkedAsync(options.StateDirectory) is { } failure)
        Console.Error.WriteLine($"railwayops-emulator: warning: the temporary state folder {options.StateDirectory} could not be deleted: {failure}");
}
return 0;
