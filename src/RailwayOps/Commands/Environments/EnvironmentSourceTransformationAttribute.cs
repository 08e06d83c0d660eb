using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>Lets -Source take an environment object (from Get-RailwayEnvironment) as its id, so that a fork from
/// an environment of another project is recognised as such rather than looked up by name.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EnvironmentSourceTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            RailwayEnvironment environment => environment.EnvironmentId,
            var other => other,
        };
}
