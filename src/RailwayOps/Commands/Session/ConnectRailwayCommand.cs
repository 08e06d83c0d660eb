using System.Management.Automation;
using System.Security;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Sets this session's defaults (endpoint, token, targets, GitHub settings), after checking the token works.</summary>
[Cmdlet(VerbsCommunications.Connect, "Railway", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(RailwayContextInfo))]
public sealed class ConnectRailwayCommand : RailwayCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why; Isolation.Tests.ps1 checks).
    private object tokenKind = RailwayTokenKind.Account;

    [Parameter]
    public RailwayTokenKind TokenKind { get => (RailwayTokenKind)tokenKind; set => tokenKind = value; }

    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? GitHubToken { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? GitHubApiUrl { get; set; }

    /// <summary>Store the defaults without the verification request (offline use, or a token known to work).</summary>
    [Parameter]
    public SwitchParameter SkipVerify { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        RailwaySession session;
        RailwayContext context;
        try
        {
            var given = new RailwaySession
            {
                Endpoint = Endpoint is null ? null : ContextResolver.ValidateHttpUrl(Endpoint.OriginalString),
                Credential = Token is null ? null : RailwayCredential.FromSecureString(Token, TokenKind, ValueSource.Session),
                Project = Project,
                Environment = Environment,
                Service = Service,
                GitHubCredential = GitHubToken is null ? null : GitHubCredential.FromSecureString(GitHubToken, ValueSource.Session),
                GitHubApiUrl = GitHubApiUrl is null ? null : ContextResolver.ValidateHttpUrl(GitHubApiUrl.OriginalString),
            };

            // What this call does not name is kept from the session (the emulator's token after
            // Start-RailwayEmulator, the project of an earlier Connect-Railway).
            session = RailwaySession.Update(SessionStore.Current, given);
            var resolver = new ContextResolver(ProcessEnvironment.Instance);
            var request = new ResolutionRequest { CurrentDirectory = SessionState.Path.CurrentFileSystemLocation?.ProviderPath };
            context = resolver.Resolve(request, session);
            if (session.Credential is not null && session.Endpoint is null)
            {
                // The token is checked, and then used, at the endpoint in use now: pin it there.
                session = session with { Endpoint = context.Endpoint.Value };
                context = resolver.Resolve(request, session);
            }
        }
        catch (ResolutionException exception)
        {
            ThrowRailwayError(exception, Endpoint);
            return;
        }

        if (!SkipVerify)
        {
            Verify(context);
        }

        if (ShouldProcess(Format(CmdletText.ConnectTarget, context.Endpoint.Value), CmdletText.ConnectAction))
        {
            SessionStore.Set(session);
            WriteVerbose(Format(CmdletText.SessionUpdated, context.Endpoint.Value));
            WarnWhereOutranked(context);
            if (PassThru)
            {
                WriteObject(RailwayContextInfo.From(context));
            }
        }

        base.EndProcessing();
    }

    /// <summary>A value given here that a higher source outranks at the current location is said, never silently ignored.</summary>
    private void WarnWhereOutranked(RailwayContext context)
    {
        foreach (var (name, given, resolved) in new[]
        {
            (nameof(Endpoint), Endpoint is not null, context.Endpoint.Source),
            (nameof(Token), Token is not null, context.Credential?.Source),
            (nameof(Project), Project is not null, context.Project?.Source),
            (nameof(Environment), Environment is not null, context.Environment?.Source),
            (nameof(Service), Service is not null, context.Service?.Source),
        })
        {
            if (given && resolved is not null && resolved.Kind != ValueSourceKind.Session)
            {
                WriteWarning(Format(CmdletText.ConnectOutranked, name, resolved));
            }
        }
    }

    private void Verify(RailwayContext context)
    {
        try
        {
            using var client = RailwayClient.Create(context, EventSink);
            Run(client.VerifyAsync);
            WriteVerbose(Format(CmdletText.ConnectVerified, context.Credential, context.Endpoint.Value));
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            ThrowRailwayError(exception, context.Endpoint.Value);
        }
    }
}
