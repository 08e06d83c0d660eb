using System.Management.Automation;

namespace RailwayOps;

/// <summary>
/// Lets -Status take Railway's own spelling (NEEDS_APPROVAL) as well as the enum's (NeedsApproval);
/// anything else is left for the binder, whose error lists the valid values.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DeploymentStatusTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text => Convert(text),
            object[] items => items.Select(item => item is PSObject p ? p.BaseObject : item)
                .Select(item => item is string text ? Convert(text) : item)
                .ToArray(),
            _ => inputData,
        };
    }

    private static object Convert(string text) =>
        DeploymentStatusInfo.TryParseWireName(text, out var status) ? status : text;
}
