namespace RailwayOps.Core.Release;

/// <summary>
/// One release-loop run at a time per repository: an exclusive lock on a file in the repository's shared
/// git folder, held from planning to the end of the run. Another run (another process, or another runspace
/// of this one) is refused at once instead of racing this one over the version file, the index and HEAD.
/// </summary>
/// <remarks>
/// .NET takes the lock with <c>flock</c> on Unix and a sharing mode on Windows; either way the operating
/// system releases it when the process ends, however it ends, so a killed run leaves no stale lock. The file
/// itself is never deleted: removing it while another run opens it would let two runs lock two files.
/// </remarks>
public sealed class RepositoryLock : IDisposable
{
    public const string FileName = "railwayops-cpwtr.lock";

    private readonly FileStream stream;

    private RepositoryLock(FileStream stream)
    {
        this.stream = stream;
    }

    /// <summary>Takes the lock of the repository whose shared git folder is <paramref name="gitDirectory"/>.</summary>
    /// <exception cref="ReleaseException">Another run holds it.</exception>
    public static RepositoryLock Acquire(string gitDirectory, string repositoryRoot)
    {
        var path = Path.Combine(gitDirectory, FileName);
        try
        {
            return new RepositoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new ReleaseException(ReleaseFailureKind.RepositoryBusy,
                ReleaseMessages.Format(ReleaseMessages.RepositoryBusy, repositoryRoot, path), null, exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ReleaseException(ReleaseFailureKind.RepositoryNotUsable,
                ReleaseMessages.Format(ReleaseMessages.LockUnwritable, path, exception.Message), null, exception);
        }
    }

    public void Dispose() => stream.Dispose();
}
