namespace RailwayOps;

internal static partial class CmdletText
{
    // Environments.
    public const string InvalidEnvironmentName = "'{0}' is not a valid environment name: use 1-64 letters, digits, '-' or '_', starting with a letter or digit.";
    public const string EnvironmentExists = "Project '{1}' already has an environment named '{0}'; nothing was created. Pick another name, or remove it first with Remove-RailwayEnvironment.";
    public const string EnvironmentRenameExists = "Project '{1}' already has an environment named '{0}'; nothing was renamed.";
    public const string EnvironmentSourceOtherProject = "Environment '{0}' belongs to project '{1}', not '{2}': an environment is forked only from one of its own project; nothing was created.";
    public const string NewEnvironmentAction = "Create environment '{0}'";
    public const string NewEnvironmentForkAction = "Create environment '{0}' forked from '{1}' (its services, settings and variables; its services deploy{2})";
    public const string NewEnvironmentNoDeploys = " only on the next push";
    public const string NewEnvironmentActivity = "Creating environment {0}";
    public const string NewEnvironmentWaiting = "Waiting for Railway to apply the new environment's changes";
    public const string RemoveEnvironmentActivity = "Removing environment {0}";
    public const string RemoveEnvironmentWaiting = "Waiting for Railway to stop its services and delete it";
    public const string RemoveEnvironmentAction = "Remove environment '{0}' with its services' deployments, domains and variables";
    public const string RenameEnvironmentAction = "Rename environment '{0}' to '{1}'";
    public const string EnvironmentRemoved = "Removed environment '{0}' of project '{1}'.";
    public const string EnvironmentNotRemoved = "Railway answered false to deleting environment '{0}'; it may still exist: check with Get-RailwayEnvironment.";
    public const string RecommendedEnvironmentName = "Use 1-64 letters, digits, '-' or '_', starting with a letter or digit, e.g. 'pr-123' or 'staging'.";

    // Domains.
    public const string DomainTargetIncomplete = "{0} needs the environment and the service of the domain: pass -Environment and -Service (or pipe Get-RailwayService), or link the folder with 'railway link'.";
    public const string DomainExists = "Service '{0}' already has the service domain {1} in {2}; nothing was created. Pass -Name for a custom domain, or remove that one first with Remove-RailwayDomain.";
    public const string DomainTaken = "The domain '{0}' cannot be added: {1}. Nothing was created.";
    public const string InvalidDomainName = "'{0}' is not a domain name a custom domain can have (such as 'api.example.com'; not an IP address, a URL or a *.up.railway.app name).";
    public const string DomainNotFound = "Service '{1}' has no domain '{0}' in {2}; its domains: {3}.";
    public const string DomainsNone = "none";
    public const string NewServiceDomainAction = "Generate a *.up.railway.app domain for service '{0}' in {1}";
    public const string NewCustomDomainAction = "Add the custom domain '{0}' to service '{1}' in {2}";
    public const string RemoveDomainAction = "Remove domain '{0}' of service '{1}' in {2}";
    public const string DomainDnsRecord = "Create this DNS record at the DNS provider of {0}: {1} {2} -> {3} (status: {4}).";
    public const string DomainNotRemoved = "Railway answered false to deleting domain '{0}'; check with Get-RailwayDomain.";
    public const string RecommendedDomainTarget = "See the services with Get-RailwayService; then Get-RailwayDomain -Environment <name> -Service <name>.";

    // Status.
    public const string StatusTruncated = "Project '{0}' has more than {1} environments or services in one environment; the status shows the first {1}.";
}
