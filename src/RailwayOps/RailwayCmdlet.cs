using RailwayOps.Core.Railway;
using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Events;
using RailwayOps.Core.Secrets;

namespace RailwayOps;

/// <summary>
/// The base of every RailwayOps cmdlet: one cancellation source (Ctrl+C stops at once), the only
/// async→sync bridge, Core's events written on the pipeline thread, and exceptions mapped to ErrorRecords.
/// </summary>
public abstract class RailwayCmdlet : PSCmdlet, IDisposable
{
    private protected const int ProgressActivityId = 0x5241;
    private const int StreamWindow = 100;

    private readonly CancellationTokenSource cancellation = new();
    private readonly PipelineBridge bridge;
    private readonly IRailwayEventSink events;
    private bool disposed;

    protected RailwayCmdlet()
    {
        bridge = new PipelineBridge(WriteEvent);
        events = new RedactingEventSink(bridge, Redactor.Global);
    }

    /// <summary>Cancelled when the pipeline stops (Ctrl+C, Select-Object -First, PowerShell.Stop()).</summary>
    protected CancellationToken CancellationToken => cancellation.Token;

    /// <summary>The sink to hand to Core; whatever it receives is written on the pipeline thread.</summary>
    protected IRailwayEventSink EventSink => events;

    protected override void StopProcessing() => cancellation.Cancel();

    /// <summary>Runs Core's async work and returns its result, writing its events as they come.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return bridge.Pump(() => operation(cancellation.Token), cancellation.Cancel);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected void Run(Func<CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Run<bool>(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// Pumps an async stream, handing each item to <paramref name="onItem"/> on the pipeline thread as
    /// it arrives. The worker runs at most one window ahead, so a lazy source is not drained early.
    /// </summary>
    protected void RunStream<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, Action<T> onItem)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onItem);
        var window = new SemaphoreSlim(StreamWindow);
        Run<bool>(async token =>
        {
            await foreach (var item in source(token).WithCancellation(token).ConfigureAwait(false))
            {
                await window.WaitAsync(token).ConfigureAwait(false);
                bridge.Post(() =>
                {
                    window.Release();
                    onItem(item);
                });
            }

            return true;
        });
    }

    /// <summary>A non-terminating error for one item; the pipeline goes on. Its ErrorId is the exception's row in <see cref="ErrorMap"/>.</summary>
    protected void WriteRailwayError(Exception exception, object? target) => WriteError(ErrorMap.For(exception, target));

    /// <summary>As <see cref="WriteRailwayError(Exception, object?)"/>, with the next step the cmdlet knows better than the failure's row.</summary>
    protected void WriteRailwayError(Exception exception, object? target, string? recommended) => WriteError(ErrorMap.For(exception, target, recommended));

    /// <summary>A terminating error: nothing this invocation could do would work.</summary>
    protected void ThrowRailwayError(Exception exception, object? target) => ThrowTerminatingError(ErrorMap.For(exception, target));

    /// <summary>A non-terminating error for a failure the cmdlet found itself; <paramref name="exception"/> carries its message.</summary>
    private protected void WriteFailure(CmdletFailure failure, Exception exception, object? target, string? recommended = null) =>
        WriteError(ErrorMap.For(failure, exception, target, recommended));

    /// <summary>Runs one unit of work; a Core failure becomes a non-terminating error for <paramref name="target"/>.</summary>
    protected void RunPerItem(object? target, Action work)
    {
        try
        {
            work();
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            WriteRailwayError(exception, target);
        }
    }

    /// <summary>
    /// <see cref="RunPerItem"/> for work on a named place ("service web in demo/production"): a Railway failure whose
    /// message does not say where (Railway's own "Problem processing request" names only the operation) is reported with
    /// the place in front, so that a pipeline over several services or environments says which one failed. The
    /// exception's kind, so its ErrorId and category, is kept.
    /// </summary>
    protected void RunNamed(object? target, string place, Action work) => RunPerItem(target, () =>
    {
        try
        {
            work();
        }
        catch (RailwayApiException exception) when (!exception.Message.Contains(place, StringComparison.Ordinal))
        {
            throw new RailwayApiException(exception.Kind, Format(CmdletText.FailedAt, place, exception.Message), exception)
            {
                OperationName = exception.OperationName,
                Resource = exception.Resource,
                StatusCode = exception.StatusCode,
                RetryAfter = exception.RetryAfter,
                ServerMessage = exception.ServerMessage,
                DeadlinePassed = exception.DeadlinePassed,
            };
        }
    });

    /// <summary>Exceptions the base turns into error records; pipeline control flow passes through untouched.</summary>
    protected static bool IsReportable(Exception exception) =>
        exception is not (PipelineStoppedException or OperationCanceledException or FlowControlException or ActionPreferenceStopException)
        && exception.GetType().Name != "StopUpstreamCommandsException";

    /// <summary>
    /// ShouldProcess for a ConfirmImpact High cmdlet with a -Force switch, with PowerShell's usual
    /// semantics: -Force skips the prompt (still saying on the verbose stream what is done, as
    /// ShouldProcess would), an explicit -Confirm asks even with -Force, and -WhatIf only describes.
    /// A prompt the host cannot show (pwsh -NonInteractive, a hosted runspace, stdin at its end) is a
    /// terminating RailwayConfirmationRequired error naming -Force and -Confirm:$false: every later
    /// prompt of this invocation would fail the same way, so nothing is left half done.
    /// </summary>
    protected bool ShouldProcessWithForce(string target, string action, SwitchParameter force)
    {
        if (force && !IsCommonSwitchOn("Confirm") && !IsWhatIf())
        {
            WriteVerbose(Format(CmdletText.ForcedOperation, action, target));
            return true;
        }

        return AskOrStop(target, action, () => ShouldProcess(target, action));
    }

    /// <summary>
    /// ShouldContinue for a second, stronger question (such as a change that also deletes), with the same
    /// RailwayConfirmationRequired outcome when the session cannot prompt.
    /// </summary>
    protected bool ShouldContinueOrStop(string target, string action, string query, string caption) =>
        AskOrStop(target, action, () => ShouldContinue(query, caption));

    private bool AskOrStop(string target, string action, Func<bool> ask)
    {
        try
        {
            return ask();
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            // Only a cmdlet that has -Force is told to use it.
            var hasForce = MyInvocation.MyCommand.Parameters.ContainsKey("Force");
            var message = Format(CmdletText.ConfirmationUnavailable, MyInvocation.MyCommand.Name, action, target,
                hasForce ? CmdletText.ConfirmationWayOutWithForce : CmdletText.ConfirmationWayOut);
            ThrowTerminatingError(ErrorMap.For(CmdletFailure.ConfirmationRequired, new InvalidOperationException(message, exception), target,
                hasForce ? CmdletText.RecommendedConfirmationWithForce : CmdletText.RecommendedConfirmation));
            return false;
        }
    }

    /// <summary>-WhatIf as ShouldProcess reads it: the switch when given, else $WhatIfPreference.</summary>
    private bool IsWhatIf() =>
        MyInvocation.BoundParameters.ContainsKey("WhatIf") ? IsCommonSwitchOn("WhatIf") : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    private bool IsCommonSwitchOn(string name) =>
        MyInvocation.BoundParameters.TryGetValue(name, out var value) && LanguagePrimitives.IsTrue(value);

    protected string Format(string format, params object?[] arguments) =>
        SafeText.Of(string.Format(CultureInfo.InvariantCulture, format, arguments));

    protected override void EndProcessing()
    {
        bridge.DrainPending();
        base.EndProcessing();
    }

    private void WriteEvent(RailwayEvent railwayEvent)
    {
        // Core's events are redacted already (RedactingEventSink); names and log text in them may still hold ESC sequences.
        var message = SafeText.Of(railwayEvent.Message);
        switch (railwayEvent.Level)
        {
            case RailwayEventLevel.Debug:
                WriteDebug(message);
                break;
            case RailwayEventLevel.Warning:
                WriteWarning(message);
                break;
            case RailwayEventLevel.Progress:
                var record = new ProgressRecord(railwayEvent.ActivityId ?? ProgressActivityId, SafeText.Of(railwayEvent.Activity ?? MyInvocation.MyCommand.Name), message)
                {
                    ParentActivityId = railwayEvent.ParentActivityId ?? -1,
                    PercentComplete = Math.Clamp(railwayEvent.PercentComplete, -1, 100),
                    RecordType = railwayEvent.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                };
                WriteProgress(record);
                break;
            default:
                WriteVerbose(message);
                break;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposed && disposing)
        {
            cancellation.Dispose();
        }

        disposed = true;
    }
}
