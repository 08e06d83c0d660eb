using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;

namespace RailwayOps.Core.Railway;

/// <summary>How far an upload is: files packed (of the total, when known) and compressed bytes sent.</summary>
public sealed record UploadProgress(int FilesPacked, int? TotalFiles, long BytesRead, long? TotalBytes, long BytesSent, bool Completed = false);

/// <summary>
/// The body of an upload, written as it is sent: a tarball (PAX) through gzip straight into the request stream,
/// one file at a time, so memory stays one buffer whatever the folder's size. The length is not known ahead
/// (chunked); <see cref="BytesSent"/> counts what went out.
/// </summary>
public abstract class UploadContent : HttpContent
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);
    private readonly Action<UploadProgress>? progress;
    private readonly Stopwatch sinceReport = Stopwatch.StartNew();

    protected UploadContent(Action<UploadProgress>? progress)
    {
        this.progress = progress;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/gzip");
    }

    public long BytesSent { get; private set; }

    internal void Sent(long count) => BytesSent += count;

    protected void Report(UploadProgress now, bool force = false)
    {
        if (progress is not null && (force || sinceReport.Elapsed >= ReportEvery))
        {
            sinceReport.Restart();
            progress(now);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(stream, this);
        await WriteAsync(counting, cancellationToken).ConfigureAwait(false);
        await counting.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the gzip tarball into <paramref name="body"/>.</summary>
    protected abstract Task WriteAsync(Stream body, CancellationToken cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private sealed class CountingStream(Stream inner, UploadContent owner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => owner.BytesSent; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            owner.Sent(count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            owner.Sent(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A folder's selected files (see <see cref="SourceSelection"/>) as a streamed gzip tarball.</summary>
public sealed class FolderUploadContent(SourceSelection selection, Action<UploadProgress>? progress = null) : UploadContent(progress)
{
    protected override async Task WriteAsync(Stream body, CancellationToken cancellationToken)
    {
        var packed = 0;
        long read = 0;
        var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                foreach (var file in selection.Files)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await tar.WriteEntryAsync(file.FullPath, file.EntryName, cancellationToken).ConfigureAwait(false);
                    packed++;
                    read += file.Length;
                    Report(new UploadProgress(packed, selection.Files.Count, read, selection.TotalBytes, BytesSent));
                }
            }
        }

        Report(new UploadProgress(packed, selection.Files.Count, read, selection.TotalBytes, BytesSent, Completed: true), force: true);
    }
}

/// <summary>
/// The tree of one commit as a streamed gzip tarball, from <c>git archive</c> (never the working tree): what a
/// release uploads, so that what runs is exactly what was committed.
/// </summary>
public sealed class CommitUploadContent(string repositoryRoot, string commitSha, Action<UploadProgress>? progress = null) : UploadContent(progress)
{
    protected override async Task WriteAsync(Stream body, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "archive", "--format=tar.gz", commitSha })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE" })
        {
            info.Environment.Remove(name);
        }

        using var process = Process.Start(info) ?? throw new UploadException(UploadFailureKind.SourceUnreadable,
            string.Format(System.Globalization.CultureInfo.InvariantCulture, UploadMessages.ArchiveFailed, commitSha, "git could not be started"));
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var buffer = new byte[81920];
            int count;
            while ((count = await process.StandardOutput.BaseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await body.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                Report(new UploadProgress(0, null, BytesSent, null, BytesSent));
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Git.ProcessTermination.Stop(process);
            throw;
        }

        if (process.ExitCode != 0)
        {
            // The body is cut short: the endpoint refuses a truncated tarball, and this error says why.
            throw new UploadException(UploadFailureKind.SourceUnreadable, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                UploadMessages.ArchiveFailed, commitSha, (await stderr.ConfigureAwait(false)).Trim()));
        }

        Report(new UploadProgress(0, null, BytesSent, null, BytesSent, Completed: true), force: true);
    }
}
