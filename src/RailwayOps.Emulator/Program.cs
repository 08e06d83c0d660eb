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
    return 2;
}

await using var host = await EmulatorHost.StartAsync(options);
if (options.ParentPid is { } parentPid)
    ParentProcessWatcher.Watch(parentPid, host.RequestStop);
// The one line a launcher waits for; nothing else is written to stdout.
Console.Out.WriteLine("RAILWAYOPS_EMULATOR_READY " + host.ReadyJson);
Console.Out.Flush();
await host.WaitForShutdownAsync();
return 0;
