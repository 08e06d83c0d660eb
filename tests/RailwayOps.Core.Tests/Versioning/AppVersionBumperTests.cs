using System.Text;
using RailwayOps.Core.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Versioning;

public sealed class AppVersionBumperTests : IDisposable
{
    private readonly TemporaryFolder repo = new();

    public void Dispose() => this.repo.Dispose();

    public static TheoryData<string, byte[], byte[]> EncodedFiles()
    {
        const string before = "\"\"\"Settings — café.\"\"\"\r\nclass Settings:\n    app_name: str = 'hello'\r\n    app_version: str = \"0.1.9\"  # bumped by CPWTR\r\n\n";
        const string after = "\"\"\"Settings — café.\"\"\"\r\nclass Settings:\n    app_name: str = 'hello'\r\n    app_version: str = \"0.1.10\"  # bumped by CPWTR\r\n\n";
        return new TheoryData<string, byte[], byte[]>
        {
            { "utf-8 without BOM, mixed CRLF and LF", Encode(new UTF8Encoding(false), before), Encode(new UTF8Encoding(false), after) },
            { "utf-8 with BOM", Encode(new UTF8Encoding(true), before), Encode(new UTF8Encoding(true), after) },
            { "utf-16 LE with BOM", Encode(new UnicodeEncoding(false, true), before), Encode(new UnicodeEncoding(false, true), after) },
            { "utf-16 BE with BOM", Encode(new UnicodeEncoding(true, true), before), Encode(new UnicodeEncoding(true, true), after) },
            { "latin-1 (not UTF-8)", Encoding.Latin1.GetBytes(before.Replace("—", "-")), Encoding.Latin1.GetBytes(after.Replace("—", "-")) },
        };
    }

    [Theory]
    [MemberData(nameof(EncodedFiles))]
    public async Task Apply_ChangesOnlyTheLiteral_ByteForByte(string description, byte[] original, byte[] expected)
    {
        var path = this.repo.WriteBytes("app/config.py", original);

        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Patch);
        await AppVersionBumper.ApplyAsync(plan, CancellationToken.None);

        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)), description);
        Assert.Equal("0.1.9", plan.OldVersion.ToString());
        Assert.Equal("0.1.10", plan.NewVersion.ToString());
    }

    [Theory]
    [InlineData("package.json", "{\r\n\t\"name\": \"web\",\r\n\t\"version\": \"1.4.0-rc.2\",\r\n\t\"private\": true\r\n}", "{\r\n\t\"name\": \"web\",\r\n\t\"version\": \"1.4.0\",\r\n\t\"private\": true\r\n}")]
    [InlineData("pyproject.toml", "[project]\r\nname = 'x'\r\nversion = '1.4.0-rc.2'   # keep\r\n", "[project]\r\nname = 'x'\r\nversion = '1.4.0'   # keep\r\n")]
    [InlineData("App.csproj", "<Project>\r\n  <PropertyGroup>\r\n    <Version> 1.4.0-rc.2 </Version>\r\n  </PropertyGroup>\r\n</Project>", "<Project>\r\n  <PropertyGroup>\r\n    <Version> 1.4.0 </Version>\r\n  </PropertyGroup>\r\n</Project>")]
    [InlineData("VERSION", "1.4.0-rc.2\r\n", "1.4.0\r\n")]
    [InlineData("pkg/__init__.py", "__version__: str = '1.4.0-rc.2'\n", "__version__: str = '1.4.0'\n")]
    public async Task Apply_PreservesFormattingOfEveryKind(string relativePath, string before, string after)
    {
        var path = this.repo.WriteText(relativePath, before);

        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Minor);
        await AppVersionBumper.ApplyAsync(plan, CancellationToken.None);

        Assert.Equal(after, File.ReadAllText(path));
    }

    [Fact]
    public void Plan_DoesNotWrite_AndDescribesTheChange()
    {
        var path = this.repo.WriteText("VERSION", "2.3.4\n");

        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Major);

        Assert.Equal(path, plan.File);
        Assert.Equal(VersionSourceKind.VersionFile, plan.Kind);
        Assert.Equal("2.3.4", plan.OldVersion.ToString());
        Assert.Equal("3.0.0", plan.NewVersion.ToString());
        Assert.True(plan.HasChanges);
        Assert.Equal("2.3.4\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Plan_ExplicitVersion_IsWritten()
    {
        var path = this.repo.WriteText("VERSION", "2.3.4\n");

        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), "2.4.0-beta.1+sha.abc");
        await AppVersionBumper.ApplyAsync(plan, CancellationToken.None);

        Assert.Equal("2.4.0-beta.1+sha.abc\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("2.4")]
    [InlineData("v2.4.0")]
    [InlineData("2.4.0-")]
    [InlineData("latest")]
    [InlineData("")]
    public void Plan_InvalidExplicitVersion_IsRefused(string version)
    {
        this.repo.WriteText("VERSION", "2.3.4\n");

        Assert.Throws<InvalidVersionException>(() => AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), version));
    }

    [Fact]
    public void Plan_Downgrade_IsRefusedUnlessAllowed()
    {
        this.repo.WriteText("VERSION", "2.3.4\n");
        var source = VersionSourceLocator.Locate(this.repo.Path);

        var error = Assert.Throws<VersionDowngradeException>(() => AppVersionBumper.Plan(source, "2.3.4-rc.1"));
        Assert.Equal("2.3.4", error.Current.ToString());

        Assert.Equal("2.3.3", AppVersionBumper.Plan(source, "2.3.3", allowDowngrade: true).NewVersion.ToString());
    }

    [Fact]
    public async Task Plan_SameVersion_HasNoChanges_AndApplyLeavesTheFileAlone()
    {
        var path = this.repo.WriteText("VERSION", "2.3.4\n");
        var stamp = File.GetLastWriteTimeUtc(path).AddDays(-1);
        File.SetLastWriteTimeUtc(path, stamp);

        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), "2.3.4");
        await AppVersionBumper.ApplyAsync(plan, CancellationToken.None);

        Assert.False(plan.HasChanges);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Plan_CurrentLiteralNotSemVer_NamesTheFile()
    {
        var path = this.repo.WriteText("app/config.py", "app_version = \"0.2\"\n");

        var error = Assert.Throws<InvalidVersionException>(() => AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Patch));

        Assert.Equal(path, error.File);
        Assert.Equal("0.2", error.Text);
    }

    [Fact]
    public async Task Apply_FileChangedSincePlan_WritesNothing()
    {
        var path = this.repo.WriteText("VERSION", "2.3.4\n");
        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Patch);
        File.WriteAllText(path, "2.3.9\n");

        await Assert.ThrowsAsync<VersionException>(() => AppVersionBumper.ApplyAsync(plan, CancellationToken.None));

        Assert.Equal("2.3.9\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Apply_Cancelled_LeavesTheOriginalAndNoTemporaryFile()
    {
        var path = this.repo.WriteText("VERSION", "2.3.4\n");
        var plan = AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Patch);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AppVersionBumper.ApplyAsync(plan, cancelled.Token));

        Assert.Equal("2.3.4\n", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(this.repo.Path));
    }

    [SkippableFact]
    public async Task Apply_KeepsFilePermissions()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes and symbolic links without privileges are POSIX behaviour.");
        var path = this.repo.WriteText("VERSION", "2.3.4\n");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        await AppVersionBumper.ApplyAsync(AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path), VersionPart.Patch), CancellationToken.None);

        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(this.repo.Path));
    }

    [SkippableFact]
    public async Task Apply_ThroughASymbolicLink_UpdatesTheTargetAndKeepsTheLink()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes and symbolic links without privileges are POSIX behaviour.");
        var target = this.repo.WriteText("shared/VERSION", "2.3.4\n");
        var link = this.repo.Combine("VERSION");
        File.CreateSymbolicLink(link, target);

        await AppVersionBumper.ApplyAsync(AppVersionBumper.Plan(VersionSourceLocator.Locate(this.repo.Path, "VERSION"), VersionPart.Patch), CancellationToken.None);

        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("2.3.5\n", File.ReadAllText(target));
    }

    private static byte[] Encode(Encoding encoding, string text) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
}
