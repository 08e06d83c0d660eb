namespace RailwayOps.Core.Railway;

internal static class DatabaseMessages
{
    public const string TemplateNotFound = "Railway has no '{0}' template to add a {1} database from.";
    public const string TemplateNoServices = "Railway's '{0}' template has no service in its serializedConfig; nothing was deployed.";
    public const string WorkflowFailed = "Railway could not add the {0} database: {1}";
    public const string WorkflowLost = "Railway lost the workflow {0} that adds the {1} database; see the project's services before trying again.";
    public const string WorkflowTimedOut = "The {0} database was not added within {1:0} s (workflow {2} is still running); see Get-RailwayService before trying again.";
    public const string WorkflowWaiting = "Adding the {0} database (workflow {1}: {2})";
    public const string WorkflowActivity = "New-RailwayDatabase {0}";
    public const string NoConnectionVariables = "{0} has none of {1}: it is not (yet) a {2} database service Railway has set up.";
    public const string InvalidConnectionUrl = "{0} of {1} is not a {2} URL with a host.";
    public const string RespError = "Redis answered {0}: {1}";
    public const string RespClosed = "Redis closed the connection to {0}.";
    public const string TemporaryServerFailed = "The temporary redis-server for the restore did not answer within {0:0} s{1}";
}
