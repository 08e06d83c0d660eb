using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// The repository's railway.toml / railway.json (with its environments.&lt;name&gt; overrides) against the live settings
/// of the service in that environment: one difference per field, nothing when in sync. -PassThru writes one patch per
/// service instance that Set-RailwayServiceInstance takes by property name — the migration path off config as code.
/// </summary>
[Cmdlet(VerbsData.Compare, "RailwayServiceConfig")]
[OutputType(typeof(RailwayServiceConfigDifference), typeof(RailwayServiceConfigPatch))]
public sealed class CompareRailwayServiceConfigCommand : ServiceInstanceCmdlet
{
    /// <summary>The config file, or a folder to search from (upwards to the git root). Default: the current location.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Write a patch for Set-RailwayServiceInstance instead of the differences.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryReadFile(out var file))
        {
            return;
        }

        if (!TryResolveInstance(out var project, out var environment, out var service))
        {
            return;
        }

        var client = Client;
        RunNamed(service.Name, Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () =>
        {
            IReadOnlyDictionary<string, object?> inFile;
            try
            {
                inFile = file.SettingsFor(environment.Name, environment.IsEphemeral || environment.IsPullRequest);
            }
            catch (ServiceConfigFileException exception)
            {
                WriteFailure(CmdletFailure.InvalidConfigFile, new InvalidDataException(Format(CmdletText.InvalidConfigFile, exception.File, exception.Message)), exception.File);
                return;
            }

            foreach (var key in file.NotCompared())
            {
                WriteVerbose(Format(CmdletText.ConfigKeyNotCompared, key, file.Path));
            }

            var live = Run(token => client.ServiceInstances.GetAsync(project, environment, service, token));
            var differences = new List<RailwayServiceConfigDifference>();
            foreach (var (field, value) in inFile.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var current = SetRailwayServiceInstanceCommand.Value(live, field);
                if (!SetRailwayServiceInstanceCommand.SameValue(current, value))
                {
                    differences.Add(new RailwayServiceConfigDifference
                    {
                        ProjectId = live.ProjectId,
                        EnvironmentId = live.EnvironmentId,
                        EnvironmentName = live.EnvironmentName,
                        ServiceId = live.ServiceId,
                        ServiceName = live.ServiceName,
                        Field = field,
                        InFile = value is List<string> list ? list.ToArray() : value,
                        Live = current is IReadOnlyList<string> liveList ? liveList.ToArray() : current,
                        File = file.Path,
                    });
                }
            }

            WriteVerbose(Format(CmdletText.ConfigCompared, file.Path, live, differences.Count));
            if (!PassThru)
            {
                WriteObject(differences, enumerateCollection: true);
                return;
            }

            if (differences.Count > 0)
            {
                WriteObject(Patch(live, differences));
            }
        });
    }

    private static RailwayServiceConfigPatch Patch(RailwayServiceInstance live, List<RailwayServiceConfigDifference> differences)
    {
        var patch = new RailwayServiceConfigPatch
        {
            ProjectId = live.ProjectId,
            EnvironmentId = live.EnvironmentId,
            ServiceId = live.ServiceId,
            ServiceName = live.ServiceName,
            EnvironmentName = live.EnvironmentName,
            Fields = differences.Select(d => d.Field).ToList(),
        };
        foreach (var difference in differences)
        {
            var value = difference.InFile;
            switch (difference.Field)
            {
                case nameof(patch.BuildCommand): patch.BuildCommand = (string?)value; break;
                case nameof(patch.WatchPatterns): patch.WatchPatterns = (string[]?)value; break;
                case nameof(patch.StartCommand): patch.StartCommand = (string?)value; break;
                case nameof(patch.HealthcheckPath): patch.HealthcheckPath = (string?)value; break;
                case nameof(patch.HealthcheckTimeout): patch.HealthcheckTimeout = (int?)value; break;
                case nameof(patch.RestartPolicy): patch.RestartPolicy = (string?)value; break;
                case nameof(patch.RestartPolicyMaxRetries): patch.RestartPolicyMaxRetries = (int?)value; break;
                case nameof(patch.Replicas): patch.Replicas = (int?)value; break;
                case nameof(patch.Region): patch.Region = (string?)value; break;
                case nameof(patch.SleepApplication): patch.SleepApplication = (bool?)value; break;
                case nameof(patch.CronSchedule): patch.CronSchedule = (string?)value; break;
            }
        }

        return patch;
    }

    private bool TryReadFile(out ServiceConfigFile file)
    {
        file = null!;
        var start = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var given = Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path);
        var found = given is not null && File.Exists(given) ? given : ServiceConfigFile.Find(given ?? start);
        if (found is null)
        {
            WriteFailure(CmdletFailure.ConfigFileNotFound, new FileNotFoundException(Format(CmdletText.ConfigFileNotFound, given ?? start)), given ?? start);
            return false;
        }

        try
        {
            file = ServiceConfigFile.Read(found);
            return true;
        }
        catch (ServiceConfigFileException exception)
        {
            WriteFailure(CmdletFailure.InvalidConfigFile, new InvalidDataException(Format(CmdletText.InvalidConfigFile, found, exception.Message)), found);
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            WriteFailure(CmdletFailure.InvalidConfigFile, new InvalidDataException(Format(CmdletText.InvalidConfigFile, found, exception.Message)), found);
            return false;
        }
    }
}
