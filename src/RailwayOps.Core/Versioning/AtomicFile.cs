namespace RailwayOps.Core.Versioning;

/// <summary>Replaces a file's content all at once: readers see either the old or the new bytes.</summary>
internal static class AtomicFile
{
    public static async Task WriteAllBytesAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        // A symbolic link keeps pointing where it did; the file it points to gets the new content.
        path = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Same folder as the target: a rename across file systems would not be atomic.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
