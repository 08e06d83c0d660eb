using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Security;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;

namespace RailwayOps.Completion;

/// <summary>
/// Completes project, environment, service and variable names from the Railway API, resolving token,
/// endpoint and target exactly as the cmdlets do (the command line's own -Token, -Endpoint, -Project,
/// -Environment, -Service and -Shared come from the fake-bound parameters). Completion must never get in
/// the user's way: it never throws, never prompts, gives up after <see cref="Timeout"/>, and offers
/// nothing when there is no token or the API refuses it.
/// <para>
/// Attached with <c>[ArgumentCompleter(typeof(ProjectCompleter))]</c> (and its siblings) on the
/// parameters themselves: an attribute costs nothing at import, where registering script-block
/// completers with Register-ArgumentCompleter costs tens of milliseconds on every Import-Module.
/// </para>
/// </summary>
public abstract class RailwayArgumentCompleter : IArgumentCompleter
{
    /// <summary>How long a Tab press may wait for the API.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly IReadOnlyList<CompletionResult> Nothing = Array.Empty<CompletionResult>();

    protected RailwayArgumentCompleter(RailwayCompletionKind kind)
    {
        Kind = kind;
    }

    public RailwayCompletionKind Kind { get; }

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters) =>
        Complete(Kind, wordToComplete, fakeBoundParameters, CurrentDirectory(), needsProject: parameterName is "Environment" or "Service");

    /// <summary>
    /// The completions of <paramref name="wordToComplete"/>; empty on any failure. Completion follows the
    /// rule the cmdlets follow: nothing is guessed. A -Environment or -Service parameter
    /// (<paramref name="needsProject"/>) means one in the resolved project, so without a project on the
    /// command line or in context nothing is offered: any name offered would complete to a line that fails
    /// "Parameter -Environment needs a project". A -Name of Get-RailwayEnvironment / Get-RailwayService
    /// lists across every project, and so does its completion.
    /// </summary>
    public static IReadOnlyList<CompletionResult> Complete(
        RailwayCompletionKind kind,
        string? wordToComplete,
        IDictionary? fakeBoundParameters,
        string? currentDirectory,
        bool needsProject = false)
    {
        try
        {
            var (typed, quote) = CompletionText.Unquote(wordToComplete);
            var pattern = CompletionText.PrefixPattern(typed);
            return Candidates(kind, new BoundParameters(fakeBoundParameters), currentDirectory, needsProject)
                .Where(candidate => pattern.IsMatch(candidate.Name))
                .OrderBy(candidate => candidate.Name, StringComparer.OrdinalIgnoreCase)
                .Select(candidate => new CompletionResult(
                    CompletionText.Quote(candidate.Name, quote),
                    candidate.Name,
                    CompletionResultType.ParameterValue,
                    candidate.Id.Length == 0 ? candidate.Name : $"{candidate.Name} ({candidate.Id})"))
                .ToList();
        }
        catch (Exception)
        {
            // A completer that throws prints an error in the middle of the user's command line.
            return Nothing;
        }
    }

    private static IReadOnlyList<CompletionCandidate> Candidates(RailwayCompletionKind kind, BoundParameters bound, string? currentDirectory, bool needsProject)
    {
        RailwayContext context;
        try
        {
            context = new ContextResolver(ProcessEnvironment.Instance).Resolve(bound.ToRequest(kind, currentDirectory), SessionStore.Current);
        }
        catch (ResolutionException)
        {
            return Array.Empty<CompletionCandidate>();
        }

        if (context.Credential is null || (needsProject && context.Project is null && context.Credential.Kind != RailwayTokenKind.Project))
        {
            return Array.Empty<CompletionCandidate>();
        }

        // The session's identity is part of the key: Connect-Railway or Start-RailwayEmulator replaces the
        // session object, so names cached for the previous one are not offered for the new one.
        var session = SessionStore.Current is { } current ? RuntimeHelpers.GetHashCode(current) : 0;
        var key = string.Join('|', kind, context.Endpoint.Value, context.Credential.Kind, context.Credential.Source, session,
            context.Project?.Value, context.Environment?.Value, context.Service?.Value, bound.Shared);
        if (CompletionCache.TryGet(key, out var cached))
        {
            return cached;
        }

        IReadOnlyList<CompletionCandidate> fetched;
        var failed = false;
        try
        {
            fetched = Task.Run(() => FetchWithTimeoutAsync(kind, context, bound.Shared)).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            fetched = Array.Empty<CompletionCandidate>();
            failed = true;
        }

        CompletionCache.Set(key, fetched, failed);
        return fetched;
    }

    private static async Task<IReadOnlyList<CompletionCandidate>> FetchWithTimeoutAsync(RailwayCompletionKind kind, RailwayContext context, bool shared)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        using var client = RailwayClient.Create(context);
        return await FetchAsync(client, kind, context, shared, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CompletionCandidate>> FetchAsync(
        RailwayClient client, RailwayCompletionKind kind, RailwayContext context, bool shared, CancellationToken cancellationToken)
    {
        var candidates = new List<CompletionCandidate>();
        switch (kind)
        {
            case RailwayCompletionKind.Project:
                await foreach (var project in client.Projects.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add(new CompletionCandidate(project.Name, project.ProjectId));
                }

                break;
            case RailwayCompletionKind.Environment:
                await foreach (var environment in client.Environments.ListAsync(await ProjectOf(client, context, cancellationToken).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add(new CompletionCandidate(environment.Name, environment.EnvironmentId));
                }

                break;
            case RailwayCompletionKind.Service:
                await foreach (var service in client.Projects.ListServicesAsync(await ProjectOf(client, context, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add(new CompletionCandidate(service.Name, service.ServiceId));
                }

                break;
            case RailwayCompletionKind.VariableName:
                var target = await client.Projects.ResolveTargetAsync(context, cancellationToken).ConfigureAwait(false);
                if (target?.Environment is null || (!shared && target.Service is null))
                {
                    break;
                }

                var scope = new VariableTarget(target.Project.ProjectId, target.Environment.EnvironmentId, shared ? null : target.Service!.ServiceId);
                var variables = await client.Variables.GetAsync(scope, unrendered: true, cancellationToken).ConfigureAwait(false);
                candidates.AddRange(variables.Keys.Select(name => new CompletionCandidate(name, string.Empty)));
                break;
        }

        // Two projects may share a name; the user types the name once.
        return candidates.DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The project the command line or the context names; null (every project) when none is set.</summary>
    private static async Task<RailwayProject?> ProjectOf(RailwayClient client, RailwayContext context, CancellationToken cancellationToken)
    {
        if (context.Project is null && context.Credential?.Kind != RailwayTokenKind.Project)
        {
            return null;
        }

        return await client.Projects.ResolveAsync(context.Project?.Value, cancellationToken).ConfigureAwait(false);
    }

    private static string? CurrentDirectory()
    {
        try
        {
            return Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The command line's parameters as far as completion could evaluate them (variables, constants).</summary>
    private sealed class BoundParameters
    {
        private readonly IDictionary? values;

        public BoundParameters(IDictionary? values)
        {
            this.values = values;
        }

        public bool Shared => Get("Shared") switch
        {
            SwitchParameter flag => flag.IsPresent,
            bool flag => flag,
            null => false,
            _ => true,
        };

        public ResolutionRequest ToRequest(RailwayCompletionKind kind, string? currentDirectory)
        {
            var kindOfToken = Get("TokenKind") switch
            {
                RailwayTokenKind given => given,
                string text when Enum.TryParse<RailwayTokenKind>(text, true, out var parsed) => parsed,
                _ => RailwayTokenKind.Account,
            };
            var token = Get("Token") as SecureString;
            return new ResolutionRequest
            {
                Endpoint = Get("Endpoint") switch
                {
                    Uri uri => uri,
                    string text when Uri.TryCreate(text, UriKind.Absolute, out var parsed) => parsed,
                    _ => null,
                },
                Credential = token is null ? null : RailwayCredential.FromSecureString(token, kindOfToken, ValueSource.Parameter("Token")),
                // The parameter being completed is not part of the scope: its half-typed value would be.
                Project = kind == RailwayCompletionKind.Project ? null : Text("Project"),
                Environment = kind is RailwayCompletionKind.Project or RailwayCompletionKind.Environment ? null : Text("Environment"),
                Service = kind == RailwayCompletionKind.VariableName && !Shared ? Text("Service") : null,
                CurrentDirectory = currentDirectory,
            };
        }

        private string? Text(string name) => Get(name) switch
        {
            string text when !string.IsNullOrWhiteSpace(text) => text,
            string[] { Length: > 0 } many => many[0],
            _ => null,
        };

        private object? Get(string name)
        {
            if (values is null || !values.Contains(name))
            {
                return null;
            }

            var value = values[name];
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }
    }
}

/// <summary>Completes -Project (and Get-RailwayProject -Name) with project names.</summary>
public sealed class ProjectCompleter : RailwayArgumentCompleter
{
    public ProjectCompleter()
        : base(RailwayCompletionKind.Project)
    {
    }
}

/// <summary>Completes -Environment with the environments of the project on the command line or in context.</summary>
public sealed class EnvironmentCompleter : RailwayArgumentCompleter
{
    public EnvironmentCompleter()
        : base(RailwayCompletionKind.Environment)
    {
    }
}

/// <summary>Completes -Service with the services of the project on the command line or in context.</summary>
public sealed class ServiceCompleter : RailwayArgumentCompleter
{
    public ServiceCompleter()
        : base(RailwayCompletionKind.Service)
    {
    }
}

/// <summary>Completes a variable -Name with the names of the target service's (or -Shared) variables.</summary>
public sealed class VariableNameCompleter : RailwayArgumentCompleter
{
    public VariableNameCompleter()
        : base(RailwayCompletionKind.VariableName)
    {
    }
}
