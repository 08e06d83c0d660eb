using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Variables;

/// <summary>
/// Writes variables so that success is never claimed on faith: every write is one request, and is
/// followed by a read-back that must show the new state.
/// </summary>
/// <remarks>
/// Values are compared unrendered: a reference such as <c>${{shared.X}}</c> is stored as written,
/// and comparing rendered values would report every reference as changed.
/// </remarks>
public sealed class VariableWriter
{
    private const string CollectionOperation = "variableCollectionUpsert";
    private const string DeleteOperation = "variableDelete";

    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public VariableWriter(RailwayClient client, IRailwayEventSink? events = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.events = events ?? NullEventSink.Instance;
    }

    /// <summary>Reads the target's variables (unrendered) and works out what writing <paramref name="values"/> would do.</summary>
    public async Task<VariablePlan> PlanAsync(
        VariableTarget target,
        IEnumerable<KeyValuePair<string, string>> values,
        bool replace,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        foreach (var (_, value) in list)
        {
            Redactor.Global.RegisterValue(value);
        }

        var current = await ReadAsync(target, cancellationToken).ConfigureAwait(false);
        var plan = new VariablePlan(target, list, replace, VariableDiff.Compare(current, list, replace));
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, plan.Summary));
        return plan;
    }

    /// <summary>Sends the plan in one request (none when nothing changes), then verifies it by reading back.</summary>
    /// <exception cref="VariableWriteException">Railway answered false, or the read-back does not show the new values.</exception>
    public async Task ApplyAsync(VariablePlan plan, bool skipDeploys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.RequiresWrite)
        {
            events.Report(new RailwayEvent(RailwayEventLevel.Verbose, VariableMessages.NoChangeNeeded));
            return;
        }

        var values = plan.Values.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var names = plan.Values.Select(pair => pair.Key).ToList();
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, VariableMessages.Format(VariableMessages.Writing, values.Count, Describe(plan.Target))));
        if (!await client.Variables.UpsertAsync(plan.Target, values, plan.Replace, skipDeploys, cancellationToken).ConfigureAwait(false))
        {
            throw new VariableWriteException(VariableWriteFailure.Rejected, VariableMessages.Format(VariableMessages.Rejected, CollectionOperation), names);
        }

        var readBack = await ReadAsync(plan.Target, cancellationToken).ConfigureAwait(false);
        var notApplied = VariableDiff.FindNotApplied(readBack, plan.Values)
            .Concat(VariableDiff.FindStillPresent(readBack, plan.Changes.Where(c => c.Kind == VariableChangeKind.Removed).Select(c => c.Name)))
            .ToList();
        if (notApplied.Count > 0)
        {
            throw new VariableWriteException(VariableWriteFailure.NotApplied,
                VariableMessages.Format(VariableMessages.NotApplied, string.Join(", ", notApplied)), notApplied);
        }
    }

    /// <summary>Deletes one variable (one request; Railway has no bulk delete).</summary>
    /// <exception cref="VariableWriteException">Railway answered false.</exception>
    public async Task DeleteAsync(VariableTarget target, string name, CancellationToken cancellationToken)
    {
        if (!await client.Variables.DeleteAsync(target, name, cancellationToken).ConfigureAwait(false))
        {
            throw new VariableWriteException(VariableWriteFailure.Rejected, VariableMessages.Format(VariableMessages.Rejected, DeleteOperation), new[] { name });
        }
    }

    /// <summary>Reads back after deletions and fails for every name still present.</summary>
    /// <exception cref="VariableWriteException">Some deleted names are still there.</exception>
    public async Task VerifyRemovedAsync(VariableTarget target, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return;
        }

        var remaining = VariableDiff.FindStillPresent(await ReadAsync(target, cancellationToken).ConfigureAwait(false), names);
        if (remaining.Count > 0)
        {
            throw new VariableWriteException(VariableWriteFailure.NotApplied,
                VariableMessages.Format(VariableMessages.StillPresent, string.Join(", ", remaining)), remaining);
        }
    }

    /// <summary>The target's variables, unrendered, each value registered for redaction before anything can print it.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> ReadAsync(VariableTarget target, CancellationToken cancellationToken)
    {
        var variables = await client.Variables.GetAsync(target, unrendered: true, cancellationToken).ConfigureAwait(false);
        RegisterValues(variables);
        return variables;
    }

    /// <summary>Registers every value with the process-wide redactor.</summary>
    public static void RegisterValues(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var value in variables.Values)
        {
            Redactor.Global.RegisterValue(value);
        }
    }

    private static string Describe(VariableTarget target) => target.ServiceId is null
        ? VariableMessages.Format(VariableMessages.SharedTarget, target.EnvironmentId)
        : VariableMessages.Format(VariableMessages.ServiceTarget, target.ServiceId, target.EnvironmentId);
}
