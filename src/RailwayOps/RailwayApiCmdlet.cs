using System.Management.Automation;
using System.Security;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Resilience;

namespace RailwayOps;

/// <summary>
/// The base of cmdlets that call Railway: -Token and -Endpoint, context resolution from the current
/// PowerShell location, and one client per invocation.
/// </summary>
public abstract class RailwayApiCmdlet : RailwayCmdlet
{
    private RailwayClient? client;
    private RailwayContext? context;
    private Deadline? deadline;

    /// <summary>A Railway token for this call only; it takes precedence over every other source.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why; Isolation.Tests.ps1 checks).
    private object tokenKind = RailwayTokenKind.Account;

    /// <summary>What kind of token -Token is: Account (account, workspace or OAuth; sent as Bearer) or Project.</summary>
    [Parameter]
    public RailwayTokenKind TokenKind { get => (RailwayTokenKind)tokenKind; set => tokenKind = value; }

    /// <summary>The GraphQL endpoint for this call only.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The invocation's deadline in seconds (a waiting cmdlet's -TimeoutSec), or null for none. It starts with the
    /// invocation's first Railway request, when <see cref="Client"/> is made, and from then on every request,
    /// retry, subscription handshake and wait of the invocation answers to it.
    /// </summary>
    protected virtual int? DeadlineSeconds => null;

    /// <summary>The invocation's deadline (<see cref="Deadline.None"/> until the client is made, or when there is none).</summary>
    protected Deadline Deadline => deadline ?? Deadline.None;

    /// <summary>The resolved context of this invocation (resolved on first use).</summary>
    protected RailwayContext Context => context ??= ResolveContext(null, null, null);

    /// <summary>The client of this invocation; creating it without any token is a terminating error.</summary>
    protected RailwayClient Client
    {
        get
        {
            if (client is null)
            {
                try
                {
                    deadline ??= DeadlineSeconds is > 0 and var seconds ? Deadline.After(TimeSpan.FromSeconds(seconds)) : Deadline.None;
                    client = RailwayClient.Create(Context, EventSink, deadline);
                }
                catch (Exception exception) when (exception is ResolutionException or RailwayApiException)
                {
                    ThrowRailwayError(exception, Context.Endpoint.Value);
                }
            }

            return client!;
        }
    }

    /// <summary>Resolves with the given target parameters; contradictions are terminating errors.</summary>
    protected RailwayContext ResolveContext(string? project, string? environment, string? service)
    {
        var request = new ResolutionRequest
        {
            Endpoint = Endpoint,
            Credential = Token is null
                ? null
                : RailwayCredential.FromSecureString(Token, TokenKind, ValueSource.Parameter(nameof(Token))),
            Project = project,
            Environment = environment,
            Service = service,
            CurrentDirectory = SessionState.Path.CurrentFileSystemLocation?.ProviderPath,
        };
        try
        {
            var resolved = new ContextResolver(ProcessEnvironment.Instance).Resolve(request, SessionStore.Current);
            foreach (var warning in resolved.Warnings)
            {
                EventSink.Report(new RailwayEvent(RailwayEventLevel.Warning, warning));
            }

            EventSink.Report(new RailwayEvent(RailwayEventLevel.Verbose, Format(
                CmdletText.ContextResolved,
                resolved.Credential?.ToString() ?? Core.Messages.NoToken,
                resolved.Endpoint.Value,
                resolved.Endpoint.Source)));
            context = resolved;
            return resolved;
        }
        catch (ResolutionException exception)
        {
            ThrowRailwayError(exception, project ?? environment ?? service);
            throw;
        }
    }

    /// <summary>
    /// Resolves names to objects for one pipeline input. A miss (unknown project name) is that
    /// input's error, not the pipeline's: it is written and false returned.
    /// </summary>
    protected bool TryResolveTarget(RailwayContext resolved, out ResolvedTarget? target) => TryResolveTarget(resolved, Client, out target);

    /// <summary>As <see cref="TryResolveTarget(RailwayContext, out ResolvedTarget?)"/>, through <paramref name="api"/> (a client under a per-input deadline).</summary>
    protected bool TryResolveTarget(RailwayContext resolved, RailwayClient api, out ResolvedTarget? target)
    {
        try
        {
            target = Run(token => api.Projects.ResolveTargetAsync(resolved, token));
            return true;
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            WriteRailwayError(exception, resolved.Project?.Value ?? resolved.Environment?.Value ?? resolved.Service?.Value);
            target = null;
            return false;
        }
    }

    /// <summary>The project of a change that needs one (a new environment): its target, or the ProjectRequired error
    /// when no source names a project. False when the error was written.</summary>
    protected bool TryResolveProject(string? project, object? errorTarget, out ResolvedTarget? target)
    {
        var resolved = ResolveContext(project, null, null);
        if (!TryResolveTarget(resolved, out target))
        {
            return false;
        }

        if (target is null)
        {
            ThrowRailwayError(new ResolutionException(ResolutionErrorKind.ProjectRequired,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, Core.Messages.ProjectRequired, "Project")), errorTarget);
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            client?.Dispose();
            deadline?.Dispose();
        }

        base.Dispose(disposing);
    }
}
