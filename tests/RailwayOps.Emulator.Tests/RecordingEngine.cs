using System.Collections.Concurrent;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Tests;

/// <summary>An engine that records what the GraphQL side asked of it, for tests of the mutations alone.</summary>
public sealed class RecordingEngine : IDeploymentEngine
{
    public ConcurrentQueue<string> Calls { get; } = new();
    public bool RollbackAllowed { get; set; }

    private void Record(string call) => Calls.Enqueue(call);

    public string Deploy(string environmentId, string serviceId, string? commitSha, string? reason = null)
    {
        if (commitSha == "unknown")
            throw new EmulatorUserException("Commit not found");
        Record($"Deploy {serviceId} {commitSha}");
        return "deployment-from-" + commitSha;
    }

    public DeploymentRecord Redeploy(string deploymentId) => throw new EmulatorUserException("not used by these tests");
    public void RedeployServiceInstance(string environmentId, string serviceId) => Record($"RedeployServiceInstance {serviceId}");
    public void Restart(string deploymentId) => Record($"Restart {deploymentId}");
    public void Rollback(string deploymentId) => Record($"Rollback {deploymentId}");
    public void Cancel(string deploymentId) => Record($"Cancel {deploymentId}");
    public Task StopAsync(string deploymentId)
    {
        Record($"Stop {deploymentId}");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string deploymentId)
    {
        Record($"Remove {deploymentId}");
        return Task.CompletedTask;
    }

    public void Approve(string deploymentId) => Record($"Approve {deploymentId}");
    public Task EnvironmentDeletedAsync(string environmentId)
    {
        Record($"EnvironmentDeleted {environmentId}");
        return Task.CompletedTask;
    }

    public void VariablesChanged(string environmentId, IReadOnlyCollection<string> serviceIds) =>
        Record($"VariablesChanged {environmentId} {string.Join(",", serviceIds.Order())}");
    public bool CanRollback(string deploymentId) => RollbackAllowed;
    public string? ServiceDomain(string environmentId, string serviceId) => "127.0.0.1:1";
    public Task ResumeAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAllAsync() => Task.CompletedTask;
    public Task ScaleAsync(string environmentId, string serviceId)
    {
        Record($"Scale {environmentId} {serviceId}");
        return Task.CompletedTask;
    }

    public IReadOnlyList<RunningReplica> RunningReplicas() => [];
}
