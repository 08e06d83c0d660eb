using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Where a variable cmdlet reads or writes: the Railway target plus the names to show.</summary>
internal sealed record VariableScope(VariableTarget Target, string? ProjectName, string EnvironmentName, string? ServiceName)
{
    public bool Shared => Target.ServiceId is null;

    public string Describe() => ServiceName is null
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, CmdletText.VariableScopeShared, ProjectName ?? Target.ProjectId, EnvironmentName)
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, CmdletText.VariableScopeService, ServiceName, ProjectName ?? Target.ProjectId, EnvironmentName);

    public RailwayVariable ToVariable(string name, string value, bool asPlainText) => new()
    {
        Name = name,
        Value = asPlainText ? value : VariableValue.ToSecureString(value),
        ProjectId = Target.ProjectId,
        EnvironmentId = Target.EnvironmentId,
        ServiceId = Target.ServiceId,
        ServiceName = ServiceName,
        EnvironmentName = EnvironmentName,
        Shared = Shared,
    };

    public RailwayVariableChange ToChange(Core.Variables.VariableChange change) => new()
    {
        Name = change.Name,
        Change = change.Kind,
        ProjectId = Target.ProjectId,
        EnvironmentId = Target.EnvironmentId,
        ServiceId = Target.ServiceId,
        ServiceName = ServiceName,
        EnvironmentName = EnvironmentName,
        Shared = Shared,
    };
}
