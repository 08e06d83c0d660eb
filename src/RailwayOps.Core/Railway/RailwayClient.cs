using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway.Transport;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Railway's API over one <see cref="GraphQLTransport"/>, one area client per part of it, the way Octokit's
/// GitHubClient has <c>client.Repository</c> and <c>client.Issue</c>: <c>railway.Deployments.ListAsync(...)</c>.
/// Each area client lives in its own folder beside its .graphql operations; all of them share this client's
/// connection (transport, subscription socket, paging). Lists are IAsyncEnumerable and fetch the next page
/// only when the caller has consumed the previous one.
/// </summary>
public sealed class RailwayClient : IDisposable
{
    public const int PageSize = ApiConnection.PageSize;

    private readonly ApiConnection connection;

    public RailwayClient(GraphQLTransport transport)
    {
        connection = new ApiConnection(transport);
        Projects = new ProjectsClient(connection, this);
        Environments = new EnvironmentsClient(connection, this);
        ServiceInstances = new ServiceInstancesClient(connection);
        Deployments = new DeploymentsClient(connection, this);
        Logs = new LogsClient(connection);
        Variables = new VariablesClient(connection);
        Domains = new DomainsClient(connection);
        Status = new StatusClient(connection, this);
        Uploads = new UploadsClient(connection);
        Volumes = new VolumesClient(connection);
        Metrics = new MetricsClient(connection);
        Databases = new DatabasesClient(connection);
    }

    /// <summary>A client for a resolved context; fails with <see cref="ResolutionErrorKind.NoToken"/> when there is no token.</summary>
    /// <param name="deadline">The deadline every request of the client answers to (a cmdlet's -TimeoutSec); none by default.</param>
    public static RailwayClient Create(RailwayContext context, IRailwayEventSink? events = null, Resilience.Deadline? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Credential is null)
        {
            throw new ResolutionException(ResolutionErrorKind.NoToken, Messages.NoToken);
        }

        return new RailwayClient(new GraphQLTransport(GraphQLTransportOptions.FromContext(context, events, deadline)));
    }

    /// <summary>Projects, their services, the project token's scope, and resolving a context's target.</summary>
    public ProjectsClient Projects { get; }

    /// <summary>A project's environments, listed and resolved by name or id.</summary>
    public EnvironmentsClient Environments { get; }

    /// <summary>A service in an environment: its settings and deploy triggers.</summary>
    public ServiceInstancesClient ServiceInstances { get; }

    /// <summary>Deployments: listed, read, followed, and acted on (redeploy, restart, rollback, stop, remove, approve).</summary>
    public DeploymentsClient Deployments { get; }

    /// <summary>A deployment's build and deploy logs, read or streamed.</summary>
    public LogsClient Logs { get; }

    /// <summary>A service's or an environment's variables.</summary>
    public VariablesClient Variables { get; }

    /// <summary>A service instance's domains.</summary>
    public DomainsClient Domains { get; }

    /// <summary>What <c>railway status</c> shows, in at most two requests.</summary>
    public StatusClient Status { get; }
    /// <summary>railway up: a folder or a commit's tree uploaded and deployed.</summary>
    public UploadsClient Uploads { get; }
    /// <summary>An environment's volumes.</summary>
    public VolumesClient Volumes { get; }

    /// <summary>CPU, memory and network samples.</summary>
    public MetricsClient Metrics { get; }

    /// <summary>Databases added from Railway's templates (templateDeployV2 and its workflow).</summary>
    public DatabasesClient Databases { get; }

    public GraphQLTransport Transport => connection.Transport;

    /// <summary>A client whose every request answers to <paramref name="deadline"/>; it shares this client's connections. Dispose it first.</summary>
    public RailwayClient WithDeadline(Resilience.Deadline deadline) => new(connection.Transport.WithDeadline(deadline));

    public RequestCounter Counter => connection.Transport.Counter;

    /// <summary>
    /// Proves the token works with the cheapest query its kind allows: projectToken for a project
    /// token, one project for any other (workspace tokens cannot call <c>me</c>).
    /// </summary>
    public Task VerifyAsync(CancellationToken cancellationToken) => Projects.VerifyTokenAsync(cancellationToken);

    public void Dispose() => connection.Dispose();
}
