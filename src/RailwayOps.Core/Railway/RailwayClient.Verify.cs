using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>
    /// Proves the token works with the cheapest query its kind allows: projectToken for a project
    /// token, one project for any other (workspace tokens cannot call <c>me</c>).
    /// </summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        if (IsProjectToken)
        {
            await GetProjectTokenAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await transport.QueryAsync("Projects", new JsonObject { ["first"] = 1 }, cancellationToken).ConfigureAwait(false);
    }
}
