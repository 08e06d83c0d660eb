using System.Formats.Tar;
using System.IO.Compression;

namespace RailwayOps.Emulator.Upload;

/// <summary>Why an upload was refused: <see cref="TooLarge"/> answers 413, anything else 400.</summary>
public sealed class UploadRejectedException(string message, bool tooLarge = false) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;
}

/// <summary>
/// Unpacks the gzip tarball of <c>railway up</c> into a folder, streaming (nothing is held in memory but one
/// buffer). Refuses what Railway refuses: a body that is not a gzip tarball, an entry whose path escapes the
/// folder (<c>../</c>, absolute), a link pointing outside it, and more than the size limit (compressed or
/// unpacked).
/// </summary>
public static class UploadUnpacker
{
    /// <summary>Unpacks <paramref name="body"/> into <paramref name="target"/> (created); returns the number of files.</summary>
    public static async Task<int> UnpackAsync(Stream body, string target, UploadLimits limits, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target);
        var counted = new LimitedReadStream(body, limits.MaxCompressedBytes,
            $"The upload is larger than the emulator's limit of {limits.MaxCompressedBytes} bytes (compressed)");
        var files = 0;
        long unpacked = 0;
        try
        {
            await using var gzip = new GZipStream(counted, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var relative = Normalise(entry.Name);
                if (relative.Length == 0)
                {
                    continue; // "." or "./": the root itself.
                }
                var path = Resolve(root, relative, entry.Name);
                EnsureNoLinkOnTheWay(root, path, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        unpacked += entry.Length;
                        if (unpacked > limits.MaxUnpackedBytes)
                        {
                            throw new UploadRejectedException(
                                $"The upload unpacks to more than the emulator's limit of {limits.MaxUnpackedBytes} bytes", tooLarge: true);
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        if (new FileInfo(path).LinkTarget is not null)
                        {
                            File.Delete(path); // Replaced, never written through.
                        }
                        await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken);
                        files++;
                        break;
                    case TarEntryType.SymbolicLink:
                        CheckLinkTarget(root, path, entry.LinkName, entry.Name);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        if (File.Exists(path) || Directory.Exists(path))
                        {
                            File.Delete(path);
                        }
                        File.CreateSymbolicLink(path, entry.LinkName);
                        files++;
                        break;
                    case TarEntryType.HardLink:
                        var source = Resolve(root, Normalise(entry.LinkName), entry.LinkName);
                        if (!File.Exists(source))
                        {
                            throw new UploadRejectedException($"Invalid tarball: the hard link {entry.Name} names a file the archive has not held before it");
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.Copy(source, path, overwrite: true);
                        files++;
                        break;
                    case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes
                        or TarEntryType.LongLink or TarEntryType.LongPath:
                        break;
                    default:
                        throw new UploadRejectedException($"Invalid tarball: the entry {entry.Name} is a {entry.EntryType}, which a deployment cannot hold");
                }
            }
        }
        catch (InvalidDataException exception)
        {
            throw new UploadRejectedException($"The upload is not a gzip tarball: {exception.Message}");
        }
        catch (FormatException exception)
        {
            throw new UploadRejectedException($"The upload is not a valid tarball: {exception.Message}");
        }
        catch (EndOfStreamException)
        {
            throw new UploadRejectedException("The upload is not a valid tarball: it ends in the middle of an entry");
        }
        return files;
    }

    /// <summary>The entry's path relative to the root, with "./" prefixes and separators made uniform.</summary>
    private static string Normalise(string name)
    {
        var text = name.Replace('\\', '/');
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return text == "." ? "" : text.TrimEnd('/');
    }

    private static string Resolve(string root, string relative, string shownName)
    {
        if (relative.StartsWith('/') || Path.IsPathRooted(relative) || (relative.Length > 1 && relative[1] == ':'))
        {
            throw new UploadRejectedException($"Invalid tarball: the entry {shownName} has an absolute path");
        }
        if (relative.Split('/').Any(part => part == ".."))
        {
            throw new UploadRejectedException($"Invalid tarball: the entry {shownName} escapes the upload folder (..)");
        }
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new UploadRejectedException($"Invalid tarball: the entry {shownName} escapes the upload folder");
        }
        return full;
    }

    /// <summary>No entry is written through a link the archive made before it (a link inside may point anywhere inside,
    /// but writing through it is how an archive would reach outside).</summary>
    private static void EnsureNoLinkOnTheWay(string root, string path, string shownName)
    {
        for (var parent = Path.GetDirectoryName(path); parent is not null && parent.Length > root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (new DirectoryInfo(parent).LinkTarget is not null)
            {
                throw new UploadRejectedException($"Invalid tarball: the entry {shownName} lies under a symbolic link");
            }
        }
    }

    /// <summary>A link's target must be relative, stay inside the folder, and use ".." only at its start.</summary>
    private static void CheckLinkTarget(string root, string path, string linkName, string shownName)
    {
        var link = linkName.Replace('\\', '/');
        var escapes = link.Length == 0 || link.StartsWith('/') || Path.IsPathRooted(link) || (link.Length > 1 && link[1] == ':');
        if (!escapes)
        {
            var parts = link.Split('/');
            var seenName = false;
            foreach (var part in parts)
            {
                if (part == "..")
                {
                    escapes |= seenName;
                }
                else if (part is not ("" or "."))
                {
                    seenName = true;
                }
            }
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, link));
            escapes |= resolved != root && !resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        if (escapes)
        {
            throw new UploadRejectedException($"Invalid tarball: the symbolic link {shownName} points outside the upload folder ({linkName})");
        }
    }

    /// <summary>Copies an unpacked upload into a deployment's work folder, links as links and file modes kept.</summary>
    public static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(destination, linkTarget);
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyTree(directory.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination, overwrite: true);
            }
        }
    }
}

/// <summary>The emulator's upload limits (the README states them; an admin request changes them at runtime).</summary>
public sealed class UploadLimits
{
    /// <summary>1 GiB compressed: Railway does not publish its limit; this one lets the B7 bench send 500 MB.</summary>
    public const long DefaultMaxCompressedBytes = 1L << 30;
    /// <summary>4 GiB unpacked (a gzip bomb stops there).</summary>
    public const long DefaultMaxUnpackedBytes = 4L << 30;

    public long MaxCompressedBytes { get; set; } = DefaultMaxCompressedBytes;
    public long MaxUnpackedBytes { get; set; } = DefaultMaxUnpackedBytes;
}

/// <summary>Counts what is read through it and refuses to go past a limit.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string message) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        read += n;
        if (read > limit)
        {
            throw new UploadRejectedException(message, tooLarge: true);
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
