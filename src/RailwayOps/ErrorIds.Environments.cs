namespace RailwayOps;

public static partial class ErrorIds
{
    // Environments, domains and status (New/Remove/Rename-RailwayEnvironment, Get/New/Remove-RailwayDomain, Get-RailwayStatus).
    public const string InvalidEnvironmentName = "RailwayInvalidEnvironmentName";
    public const string EnvironmentExists = "RailwayEnvironmentExists";
    public const string EnvironmentSourceOtherProject = "RailwayEnvironmentSourceOtherProject";
    public const string DomainTargetIncomplete = "RailwayDomainTargetIncomplete";
    public const string DomainExists = "RailwayDomainExists";
    public const string DomainTaken = "RailwayDomainTaken";
    public const string InvalidDomainName = "RailwayInvalidDomainName";
    public const string DomainNotFound = "RailwayDomainNotFound";
}
