using GraphQL;
using GraphQLParser.AST;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// Templates: <c>template(code|id)</c> (Railway's database templates, public as on Railway), <c>templateDeployV2</c>
/// (creates the template's services from the serializedConfig the caller sends, possibly edited, in one environment:
/// image, volume, variables with their generators expanded, and a first deployment that runs the database server) and
/// <c>workflowStatus</c> (Running until every deployment has started, Complete then, Error when one failed or the
/// server cannot run on this machine).
/// </summary>
public static class TemplateFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("template", Template);
        fields.Query("workflowStatus", WorkflowStatus);
        fields.Mutation("templateDeployV2", TemplateDeployV2);
    }

    private static object Template(IResolveFieldContext context)
    {
        var code = context.GetArgument<string?>("code");
        var id = context.GetArgument<string?>("id");
        var template = (code is not null ? DatabaseTemplates.ByCode(code) : null) ?? (id is not null ? DatabaseTemplates.ById(id) : null);
        if (template is null || (code is not null && id is not null && template.Id != id))
            throw new ExecutionError("Template not found");
        return new TemplateView(template);
    }

    private static object TemplateDeployV2(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var template = DatabaseTemplates.ById((string)input["templateId"]!) ?? throw new ExecutionError("Template not found");
        if (input.GetValueOrDefault("stageOnly") is true)
            throw new ExecutionError("The emulator does not model staged template deploys (stageOnly)");
        if (input.GetValueOrDefault("existingRootServiceId") is not null)
            throw new ExecutionError("The emulator does not model database clusters (existingRootServiceId)");
        if (input.GetValueOrDefault("projectId") is not string projectId)
            throw new ExecutionError("The emulator needs projectId: it deploys a template into an existing project");
        var project = graph.Project(projectId);
        EnvironmentRecord environment;
        if (input.GetValueOrDefault("environmentId") is string environmentId)
        {
            environment = graph.Environment(environmentId);
            if (environment.ProjectId != project.Id)
                throw GraphErrors.NotFound("Environment");
        }
        else
        {
            environment = graph.Store.GetEnvironments(project.Id).FirstOrDefault(e => !e.IsEphemeral && graph.Caller.CanSeeEnvironment(project.Id, e.Id))
                ?? throw GraphErrors.NotFound("Environment");
        }
        var plans = Plans(input["serializedConfig"], template);
        var workflowId = Guid.NewGuid().ToString();
        // A server this machine cannot run is known before anything is made: the workflow fails and nothing is left half made.
        var problem = plans.Select(p => p.Image is null ? null : graph.Engine.ImageProblem(p.Image)).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            graph.Store.PutWorkflow(new WorkflowEntry(workflowId, [], [], problem));
            return new TemplateDeployPayloadView(project.Id, workflowId);
        }
        var serviceIds = new List<string>();
        var deploymentIds = new List<string>();
        foreach (var plan in plans)
        {
            var service = graph.Store.CreateTemplateService(project.Id, environment.Id, plan);
            serviceIds.Add(service.Id);
            deploymentIds.Add(graph.Engine.DeployImage(environment.Id, service.Id, "deploy"));
        }
        graph.Store.PutWorkflow(new WorkflowEntry(workflowId, serviceIds, deploymentIds, null));
        return new TemplateDeployPayloadView(project.Id, workflowId);
    }

    /// <summary>The services of a serializedConfig: each needs a source image (the emulator builds no code from a
    /// template); a variable's value is the one the caller filled in, else its defaultValue (as Railway's CLI fills it).</summary>
    private static List<TemplateServicePlan> Plans(object? config, TemplateDefinition template)
    {
        if (config is not IDictionary<string, object?> root || Get(root, "services") is not IDictionary<string, object?> services
            || services.Count == 0)
            throw new ExecutionError("serializedConfig must be an object with a services object");
        var plans = new List<TemplateServicePlan>();
        foreach (var (key, value) in services)
        {
            if (value is not IDictionary<string, object?> service)
                throw new ExecutionError($"serializedConfig.services.{key} must be an object");
            var name = Get(service, "name") as string ?? template.ServiceName;
            var image = Get(Get(service, "source") as IDictionary<string, object?>, "image") as string;
            if (string.IsNullOrWhiteSpace(image))
                throw new ExecutionError($"serializedConfig.services.{key} has no source.image: the emulator deploys template services from an image only");
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Get(service, "variables") is IDictionary<string, object?> declared)
            {
                foreach (var (variable, spec) in declared)
                {
                    if (spec is not IDictionary<string, object?> fields)
                        continue;
                    var text = Get(fields, "value") as string is { Length: > 0 } given ? given
                        : Get(fields, "defaultValue") as string;
                    if (text is null)
                        continue;
                    variables[variable] = DatabaseTemplates.ExpandGenerators(text);
                }
            }
            var mountPath = (Get(service, "volumeMounts") as IDictionary<string, object?>)?.Values
                .OfType<IDictionary<string, object?>>().Select(m => Get(m, "mountPath") as string)
                .FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
            plans.Add(new TemplateServicePlan(name, image, variables, mountPath));
        }
        return plans;
    }

    private static object? Get(IDictionary<string, object?>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : null;

    private static object WorkflowStatus(IResolveFieldContext context)
    {
        var graph = G(context);
        var workflow = graph.Store.GetWorkflow(Arg(context, "workflowId"));
        if (workflow is null)
            return new WorkflowResultView("NotFound", null);
        if (workflow.Error is not null)
            return new WorkflowResultView("Error", workflow.Error);
        var running = false;
        foreach (var deploymentId in workflow.DeploymentIds)
        {
            var deployment = graph.Store.GetDeployment(deploymentId);
            if (deployment is null)
                return new WorkflowResultView("Error", "The service's deployment is gone (its environment was deleted)");
            if (deployment.Status is DeployStatus.FAILED or DeployStatus.CRASHED)
                return new WorkflowResultView("Error", FailureOf(graph.Store, deploymentId));
            running |= deployment.Status is DeployStatus.QUEUED or DeployStatus.INITIALIZING or DeployStatus.WAITING;
        }
        return new WorkflowResultView(running ? "Running" : "Complete", null);
    }

    private static string FailureOf(EmulatorStore store, string deploymentId) =>
        store.GetLogs(deploymentId, LogKind.Build).Concat(store.GetLogs(deploymentId, LogKind.Deploy))
            .Where(l => l.Severity == "error").Select(l => l.Message).LastOrDefault()
        ?? "The deployment failed";
}

public sealed class TemplateView(TemplateDefinition template)
{
    public string Id => template.Id;
    public string Code => template.Code;
    public string Name => template.Name;
    public string Description => template.Description;
    public string? Image => null;
    public string Category => template.Category;
    public string? Readme => null;
    public string? DemoProjectId => null;
    public string Status => "PUBLISHED";
    public string? WorkspaceId => null;
    public object SerializedConfig => template.SerializedConfig();
}

public sealed record TemplateDeployPayloadView(string ProjectId, string? WorkflowId);

public sealed record WorkflowResultView(string Status, string? Error);

/// <summary>The queries Railway answers without a token (the CLI's TemplateDetail and Template): every operation is a
/// query whose root fields are all public.</summary>
public static class PublicQueries
{
    private static readonly HashSet<string> Fields = ["template", "__typename"];

    public static bool IsPublic(string query)
    {
        GraphQLDocument document;
        try
        {
            document = GraphQLParser.Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return false;
        }
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operations.Count > 0 && operations.All(o => o.Operation == OperationType.Query
            && o.SelectionSet.Selections.All(s => s is GraphQLField field && Fields.Contains(field.Name.StringValue)));
    }
}
