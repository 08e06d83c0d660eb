using Microsoft.AspNetCore.Http.Features;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.Graph;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Upload;

/// <summary>
/// <c>POST /project/{projectId}/environment/{environmentId}/up?serviceId=&amp;message=</c>: the REST endpoint of
/// <c>railway up</c> (API.md §3.16). The gzip tarball is unpacked as it arrives into a staging folder; only a
/// complete, valid upload becomes a deployment, built and started exactly as a pushed commit. Answers
/// <c>{deploymentId, url, logsUrl, deploymentDomain}</c>; 400 <c>{message}</c>, 413 when too large, 401 without a
/// valid token. A refused upload leaves nothing behind.
/// </summary>
public static class UploadEndpoint
{
    public const string Route = "/project/{projectId}/environment/{environmentId}/up";

    public static WebApplication MapUpload(this WebApplication app)
    {
        app.MapPost(Route, HandleAsync);
        app.MapPut(Admin.AdminPaths.Prefix + "/upload-limit", (UploadLimitRequest request, UploadLimits limits) =>
        {
            if (request.MaxCompressedBytes is { } compressed)
            {
                limits.MaxCompressedBytes = compressed;
            }
            if (request.MaxUnpackedBytes is { } unpacked)
            {
                limits.MaxUnpackedBytes = unpacked;
            }
            return Results.Json(new { maxCompressedBytes = limits.MaxCompressedBytes, maxUnpackedBytes = limits.MaxUnpackedBytes });
        });
        return app;
    }

    public sealed record UploadLimitRequest(long? MaxCompressedBytes, long? MaxUnpackedBytes);

    private static async Task<IResult> HandleAsync(HttpContext http, string projectId, string environmentId,
        GraphExecutor executor, EmulatorStore store, DeploymentEngine engine, UploadLimits limits, EngineOptions options)
    {
        var caller = executor.Authenticate(http.Request);
        if (caller is null)
        {
            return Results.Json(new { message = GraphErrors.NotAuthorizedMessage }, statusCode: StatusCodes.Status401Unauthorized);
        }
        var environment = store.GetEnvironment(environmentId);
        if (environment is null || environment.ProjectId != projectId || !caller.CanSeeEnvironment(projectId, environmentId))
        {
            return BadRequest("Environment not found");
        }
        var serviceId = http.Request.Query["serviceId"].ToString();
        if (serviceId.Length == 0)
        {
            return BadRequest("serviceId is required: the emulator does not create a service from an upload");
        }
        if (store.GetServiceInstance(environmentId, serviceId) is null)
        {
            return BadRequest("Service not found");
        }
        if (http.Request.ContentLength is { } length && length > limits.MaxCompressedBytes)
        {
            return TooLarge($"The upload is larger than the emulator's limit of {limits.MaxCompressedBytes} bytes (compressed)");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null; // The limit above is this endpoint's own.
        }
        var message = http.Request.Query["message"].ToString();
        var staging = Path.Combine(options.UploadRoot, ".incoming-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = await UploadUnpacker.UnpackAsync(http.Request.Body, staging, limits, http.RequestAborted);
            // A client that went away before the answer (stopped, timed out) never learns of a deployment: none is made.
            http.RequestAborted.ThrowIfCancellationRequested();
            var deployment = engine.DeployUpload(environmentId, serviceId, staging, message.Length == 0 ? null : message, files);
            var domain = engine.ServiceDomain(environmentId, serviceId) ?? "";
            var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
            var url = $"{baseUrl}/project/{projectId}/service/{serviceId}?environmentId={environmentId}&id={deployment.Id}";
            return Results.Json(new { deploymentId = deployment.Id, url, logsUrl = url + "#build", deploymentDomain = domain });
        }
        catch (UploadRejectedException rejected)
        {
            return rejected.TooLarge ? TooLarge(rejected.Message) : BadRequest(rejected.Message);
        }
        catch (EmulatorUserException refused)
        {
            return BadRequest(refused.Message);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException bad)
        {
            return BadRequest(bad.Message);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new { message }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge(string message) =>
        Results.Json(new { message }, statusCode: StatusCodes.Status413PayloadTooLarge);
}
