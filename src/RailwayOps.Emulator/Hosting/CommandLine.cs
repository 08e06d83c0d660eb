using System.Globalization;

namespace RailwayOps.Emulator.Hosting;

/// <summary>--port N, --seed FILE|none, --state DIR, --latency-ms N, --parent-pid N, --temporary-state.</summary>
public static class CommandLine
{
    public const string Usage =
        "usage: RailwayOps.Emulator [--port N] [--seed FILE|none] [--state DIR] [--latency-ms N] [--parent-pid N] [--temporary-state]";

    /// <summary>Without --seed the bundled seeds/demo.json is used; "--seed none" starts empty.</summary>
    public static EmulatorOptions Parse(string[] args)
    {
        var options = new EmulatorOptions { SeedFile = Path.Combine(AppContext.BaseDirectory, "seeds", "demo.json") };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n : throw new ArgumentException($"{args[i - 1]} needs a non-negative whole number");
            switch (args[i])
            {
                case "--port": options.Port = Number(); break;
                case "--seed":
                    var seed = Value();
                    options.SeedFile = seed == "none" ? null : Path.GetFullPath(seed);
                    break;
                case "--state": options.StateDirectory = Path.GetFullPath(Value()); break;
                case "--latency-ms": options.LatencyMs = Number(); break;
                case "--parent-pid": options.ParentPid = Number(); break;
                case "--temporary-state": options.TemporaryState = true; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (options.Port > 65535)
            throw new ArgumentException("--port must be at most 65535");
        if (options.SeedFile is not null && !File.Exists(options.SeedFile))
            throw new ArgumentException($"seed file not found: {options.SeedFile}");
        if (options.TemporaryState && string.IsNullOrEmpty(options.StateDirectory))
            throw new ArgumentException("--temporary-state needs --state DIR");
        return options;
    }
}
