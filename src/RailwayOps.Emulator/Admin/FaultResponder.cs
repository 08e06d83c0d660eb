using Microsoft.AspNetCore.WebUtilities;
using RailwayOps.Emulator.Graph;

namespace RailwayOps.Emulator.Admin;

/// <summary>Writes the response a fault stands for, the way a failing server or proxy would.</summary>
public static class FaultResponder
{
    public static async Task RespondAsync(HttpContext context, FaultRule fault)
    {
        var response = context.Response;
        switch (fault.Kind)
        {
            case "reset":
                // Journal first: once the connection is gone the client may ask for the journal at once.
                JournalMiddleware.RecordNow(context, 0);
                context.Abort();
                return;
            case "retryAfter":
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = (fault.RetryAfterSeconds ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.ContentType = "application/json";
                await response.WriteAsync(GraphQLHttpEndpoint.ErrorBody(fault.Message ?? "You are being ratelimited"));
                return;
            case "status":
                var status = fault.Status ?? 503;
                response.StatusCode = status;
                response.ContentType = "application/json";
                await response.WriteAsync(GraphQLHttpEndpoint.ErrorBody(fault.Message ?? ReasonPhrases.GetReasonPhrase(status)));
                return;
            case "html":
                var htmlStatus = fault.Status ?? 502;
                var phrase = $"{htmlStatus} {ReasonPhrases.GetReasonPhrase(htmlStatus)}";
                response.StatusCode = htmlStatus;
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync($"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n<center><h1>{phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
                return;
            case "malformed":
                response.StatusCode = fault.Status ?? StatusCodes.Status200OK;
                response.ContentType = "application/json";
                await response.WriteAsync("{\"data\":{\"deployments\":{\"edges\":[{\"node\":{\"id\":");
                return;
            case "graphqlError":
                response.ContentType = "application/json";
                await response.WriteAsync(GraphQLHttpEndpoint.ErrorBody(fault.Message ?? "Internal server error"));
                return;
        }
    }
}
