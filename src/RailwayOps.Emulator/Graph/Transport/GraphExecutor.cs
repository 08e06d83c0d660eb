using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>Runs GraphQL operations for the HTTP endpoint and the WebSocket handler alike.</summary>
public sealed class GraphExecutor(ISchema schema, IDocumentExecuter executer, EmulatorStore store, IDeploymentEngine engine)
{
    public Caller? Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim() : null;
        return store.Authenticate(bearer, request.Headers["Project-Access-Token"].ToString());
    }

    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, Caller caller, IServiceProvider services,
        CancellationToken cancellationToken) =>
        executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = request.Query;
            options.Variables = request.Variables;
            options.OperationName = request.OperationName;
            options.UserContext = new GraphContext(caller, store, engine);
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
            options.UnhandledExceptionDelegate = ShowUserErrors;
        });

    // Engine and store errors meant for the caller ("Commit not found") keep their message;
    // anything else stays GraphQL.NET's generic "Error trying to resolve field".
    private static Task ShowUserErrors(GraphQL.Execution.UnhandledExceptionContext context)
    {
        if (context.OriginalException is EmulatorUserException userError)
            context.ErrorMessage = userError.Message;
        return Task.CompletedTask;
    }
}
