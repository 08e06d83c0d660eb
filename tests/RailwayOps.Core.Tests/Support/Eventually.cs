using System.Diagnostics;

namespace RailwayOps.Core.Tests.Support;

/// <summary>
/// Waits for something a test can observe (a server's record of a subscribe, an event the code under test
/// reported) instead of sleeping and assuming it happened. The patience only turns "never" into a failure.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task Async(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (patience ?? Patience))
            {
                throw new Xunit.Sdk.XunitException($"Waited {clock.Elapsed.TotalSeconds:0.#} s for {what}; it never happened.");
            }

            await Task.Delay(10);
        }
    }
}
