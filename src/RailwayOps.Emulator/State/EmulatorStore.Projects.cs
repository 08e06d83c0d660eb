using System.Security.Cryptography;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Projects made through the API (projectCreate); the seed makes the others.
public sealed partial class EmulatorStore
{
    /// <summary>An empty project in the account's workspace with one environment; a name not given is generated, as
    /// Railway gives a new project a random name.</summary>
    public ProjectEntity CreateProject(string? name, string? description, string environmentName)
    {
        lock (_gate)
        {
            var projectName = string.IsNullOrWhiteSpace(name)
                ? "project-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()
                : name.Trim();
            if (!EnvironmentName.IsMatch(environmentName))
                throw new EmulatorUserException($"Invalid environment name '{environmentName}': use 1-64 letters, digits, '-' or '_', starting with a letter or digit");
            var now = Now;
            var project = new ProjectEntity(Guid.NewGuid().ToString(), projectName, description, _account.WorkspaceId, now, now);
            _persistence.Append(new JournalEntry { Project = project });
            _projects[project.Id] = project;
            var environment = new EnvironmentRecord(Guid.NewGuid().ToString(), environmentName, project.Id, false, null,
                null, null, null, null, null, now);
            _persistence.Append(new JournalEntry { Environment = environment });
            _environments[environment.Id] = environment;
            return project;
        }
    }
}
