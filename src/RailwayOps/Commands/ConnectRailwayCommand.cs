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
            session = new RailwaySession
            {
                Endpoint = Endpoint is null ? null : ContextResolver.ValidateHttpUrl(Endpoint.OriginalString),
                Credential = Token is null ? null : RailwayCredential.FromSecureString(Token, TokenKind, ValueSource.Session),
                Project = Project,
                Environment = Environment,
                Service = Service,
                GitHubCredential = GitHubToken is null ? null : GitHubCredential.FromSecureString(GitHubToken, ValueSource.Session),
                GitHubApiUrl = GitHubApiUrl is null ? null : ContextResolver.ValidateHttpUrl(GitHubApiUrl.OriginalString),
            };
            context = new ContextResolver(ProcessEnvironment.Instance).Resolve(
                new ResolutionRequest { CurrentDirectory = SessionState.Path.CurrentFileSystemLocation?.ProviderPath },
                session);
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
            if (PassThru)
            {
                WriteObject(RailwayContextInfo.From(context));
            }
        }

        base.EndProcessing();
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
