using System.Globalization;

namespace RailwayOps.Core.Auth;

/// <summary>
/// Resolves the endpoint, token, targets and GitHub settings: parameters › environment variables › the
/// Railway CLI config › the Connect-Railway session › defaults, with one exception for the token. A token
/// set in this session (Connect-Railway -Token, Start-RailwayEmulator) belongs to the session's endpoint:
/// wherever that endpoint is the one in use it outranks RAILWAY_TOKEN, RAILWAY_API_TOKEN and the CLI
/// login, because the user gave it explicitly and most recently; at any other endpoint it does not apply.
/// Only -Token outranks it. Every token source present but not used is listed in
/// <see cref="RailwayContext.OutrankedTokenSources"/>, so nothing is outranked silently.
/// </summary>
public sealed class ContextResolver
{
    private readonly ISystemEnvironment environment;

    public ContextResolver(ISystemEnvironment environment)
    {
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    public RailwayContext Resolve(ResolutionRequest request, RailwaySession? session)
    {
        ArgumentNullException.ThrowIfNull(request);
        session ??= new RailwaySession();
        var warnings = new List<string>();
        var config = RailwayCliConfig.Load(environment, warnings.Add);
        var endpoint = ResolveEndpoint(request, session);
        var (credential, outranked) = ResolveCredential(request, session, config, endpoint.Value);
        var linked = config?.FindLinkedProject(request.CurrentDirectory);

        var environmentIdVariable = Variable(EnvironmentVariableNames.EnvironmentId);
        if (environmentIdVariable is not null && Variable(EnvironmentVariableNames.ProjectId) is null
            && credential?.Kind != RailwayTokenKind.Project)
        {
            throw new ResolutionException(ResolutionErrorKind.EnvironmentWithoutProject, Messages.EnvironmentWithoutProject);
        }

        var targets = ResolveTargets(request, session, linked, config?.Path);
        return new RailwayContext
        {
            Endpoint = endpoint,
            Credential = credential,
            OutrankedTokenSources = outranked,
            Project = targets.Project,
            Environment = targets.Environment,
            Service = targets.Service,
            LinkedProject = linked,
            HttpTimeout = ResolveHttpTimeout(warnings),
            GitHubCredential = ResolveGitHubCredential(request, session),
            GitHubApiUrl = ResolveGitHubApiUrl(request, session),
            Warnings = warnings,
        };
    }

    private (RailwayCredential? Credential, IReadOnlyList<ValueSource> Outranked) ResolveCredential(
        ResolutionRequest request, RailwaySession session, RailwayCliConfig? config, Uri endpoint)
    {
        var candidates = new List<RailwayCredential>();
        if (request.Credential is not null)
        {
            candidates.Add(request.Credential);
        }

        if (session.Credential is not null && IsSessionEndpoint(session, endpoint))
        {
            candidates.Add(session.Credential);
        }

        if (Variable(EnvironmentVariableNames.ProjectToken) is { } projectToken)
        {
            candidates.Add(new RailwayCredential(projectToken, RailwayTokenKind.Project, ValueSource.EnvironmentVariable(EnvironmentVariableNames.ProjectToken)));
        }

        if (Variable(EnvironmentVariableNames.ApiToken) is { } apiToken)
        {
            candidates.Add(new RailwayCredential(apiToken, RailwayTokenKind.Account, ValueSource.EnvironmentVariable(EnvironmentVariableNames.ApiToken)));
        }

        if ((config?.AccessToken ?? config?.LegacyToken) is { } cliToken)
        {
            candidates.Add(new RailwayCredential(cliToken, RailwayTokenKind.Account, ValueSource.ConfigFile(config!.Path)));
        }

        if (candidates.Count == 0)
        {
            return (null, Array.Empty<ValueSource>());
        }

        var outranked = candidates.Skip(1).Select(candidate => candidate.Source).ToList();
        if (session.Credential is not null && !candidates.Contains(session.Credential))
        {
            // The session's token exists but belongs to another endpoint than the one in use here.
            outranked.Add(session.Credential.Source);
        }

        return (candidates[0], outranked);
    }

    /// <summary>A session's token goes with the endpoint it was given for (the default one when the session names none).</summary>
    private static bool IsSessionEndpoint(RailwaySession session, Uri endpoint) =>
        Uri.Compare(session.Endpoint ?? new Uri(RailwayContext.DefaultEndpoint), endpoint, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private (ResolvedValue<string>? Project, ResolvedValue<string>? Environment, ResolvedValue<string>? Service) ResolveTargets(
        ResolutionRequest request, RailwaySession session, LinkedProject? linked, string? configPath)
    {
        var layers = new List<TargetLayer>
        {
            new(request.Project, request.Environment, request.Service, name => ValueSource.Parameter(name)),
            new(
                Variable(EnvironmentVariableNames.ProjectId),
                Variable(EnvironmentVariableNames.EnvironmentId),
                Variable(EnvironmentVariableNames.ServiceId),
                name => ValueSource.EnvironmentVariable(name switch
                {
                    "Project" => EnvironmentVariableNames.ProjectId,
                    "Environment" => EnvironmentVariableNames.EnvironmentId,
                    _ => EnvironmentVariableNames.ServiceId,
                })),
        };
        if (linked is not null && configPath is not null)
        {
            layers.Add(new(linked.ProjectId, linked.EnvironmentId, linked.ServiceId, _ => ValueSource.ConfigFile(configPath)));
        }

        layers.Add(new(session.Project, session.Environment, session.Service, _ => ValueSource.Session));

        var projectLayer = layers.FirstOrDefault(layer => layer.Project is not null);
        var project = projectLayer is null ? null : new ResolvedValue<string>(projectLayer.Project!, projectLayer.SourceFor("Project"));

        // A lower layer may add an environment or service only when it does not name a different
        // project: the environment of another project's link would silently target the wrong thing.
        bool Agrees(TargetLayer layer) => layer.Project is null || project is null
            || string.Equals(layer.Project, project.Value, StringComparison.OrdinalIgnoreCase);

        ResolvedValue<string>? Pick(Func<TargetLayer, string?> select, string field)
        {
            var layer = layers.FirstOrDefault(candidate => select(candidate) is not null && Agrees(candidate));
            return layer is null ? null : new ResolvedValue<string>(select(layer)!, layer.SourceFor(field));
        }

        return (project, Pick(layer => layer.Environment, "Environment"), Pick(layer => layer.Service, "Service"));
    }

    private ResolvedValue<Uri> ResolveEndpoint(ResolutionRequest request, RailwaySession session)
    {
        if (request.Endpoint is not null)
        {
            return new(ValidateHttpUrl(request.Endpoint.OriginalString), ValueSource.Parameter("Endpoint"));
        }

        if (Variable(EnvironmentVariableNames.ApiUrl) is { } fromVariable)
        {
            return new(ValidateHttpUrl(fromVariable), ValueSource.EnvironmentVariable(EnvironmentVariableNames.ApiUrl));
        }

        return session.Endpoint is not null
            ? new(session.Endpoint, ValueSource.Session)
            : new(new Uri(RailwayContext.DefaultEndpoint), ValueSource.Default);
    }

    private ResolvedValue<TimeSpan> ResolveHttpTimeout(List<string> warnings)
    {
        var raw = environment.GetVariable(EnvironmentVariableNames.HttpTimeout);
        if (raw is null)
        {
            return new(TimeSpan.FromSeconds(RailwayContext.DefaultHttpTimeoutSeconds), ValueSource.Default);
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return new(TimeSpan.FromSeconds(seconds), ValueSource.EnvironmentVariable(EnvironmentVariableNames.HttpTimeout));
        }

        warnings.Add(string.Format(CultureInfo.InvariantCulture, Messages.InvalidHttpTimeout, raw, RailwayContext.DefaultHttpTimeoutSeconds));
        return new(TimeSpan.FromSeconds(RailwayContext.DefaultHttpTimeoutSeconds), ValueSource.Default);
    }

    private GitHubCredential? ResolveGitHubCredential(ResolutionRequest request, RailwaySession session)
    {
        if (request.GitHubCredential is not null)
        {
            return request.GitHubCredential;
        }

        foreach (var name in new[] { EnvironmentVariableNames.GitHubToken, EnvironmentVariableNames.GhToken })
        {
            if (Variable(name) is { } token)
            {
                return new GitHubCredential(token, ValueSource.EnvironmentVariable(name));
            }
        }

        return session.GitHubCredential;
    }

    private ResolvedValue<Uri> ResolveGitHubApiUrl(ResolutionRequest request, RailwaySession session)
    {
        if (request.GitHubApiUrl is not null)
        {
            return new(WithTrailingSlash(ValidateHttpUrl(request.GitHubApiUrl.OriginalString)), ValueSource.Parameter("GitHubApiUrl"));
        }

        if (Variable(EnvironmentVariableNames.GitHubApiUrl) is { } fromVariable)
        {
            return new(WithTrailingSlash(ValidateHttpUrl(fromVariable)), ValueSource.EnvironmentVariable(EnvironmentVariableNames.GitHubApiUrl));
        }

        return session.GitHubApiUrl is not null
            ? new(WithTrailingSlash(session.GitHubApiUrl), ValueSource.Session)
            : new(new Uri(RailwayContext.DefaultGitHubApiUrl), ValueSource.Default);
    }

    /// <summary>Empty and whitespace values count as unset, as the CLI treats them.</summary>
    private string? Variable(string name) => environment.GetVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>An absolute http or https URL, or a ResolutionException naming the bad value.</summary>
    public static Uri ValidateHttpUrl(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw new ResolutionException(ResolutionErrorKind.InvalidEndpoint, Secrets.UrlRedaction.Redact(string.Format(Messages.RelativeEndpoint, text)));
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private sealed record TargetLayer(string? Project, string? Environment, string? Service, Func<string, ValueSource> SourceFor);
}
