using RailwayOps.Core.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Versioning;

public sealed class VersionSourceLocatorTests : IDisposable
{
    private readonly TemporaryFolder repo = new();

    public void Dispose() => this.repo.Dispose();

    [Theory]
    [InlineData("app/config.py", "class Settings:\n    app_name: str = \"x\"\n    app_version: str = \"0.2.1\"\n", VersionSourceKind.PythonAppVersion, 3)]
    [InlineData("config.py", "import os\napp_version = '0.2.1'\n", VersionSourceKind.PythonAppVersion, 2)]
    [InlineData("pkg/__init__.py", "\"\"\"Package.\"\"\"\n__version__ = \"0.2.1\"\n", VersionSourceKind.PythonDunderVersion, 2)]
    [InlineData("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"x\"\nversion = \"0.2.1\"\n", VersionSourceKind.PyProject, 6)]
    [InlineData("pyproject.toml", "[tool.black]\nversion = \"9.9.9\"\n[tool.poetry]\nname = \"x\"\nversion = \"0.2.1\"\n", VersionSourceKind.PyProject, 5)]
    [InlineData("package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": { \"version\": \"9.9.9\" },\n  \"version\": \"0.2.1\"\n}\n", VersionSourceKind.PackageJson, 4)]
    [InlineData("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <Version>0.2.1</Version>\n  </PropertyGroup>\n</Project>\n", VersionSourceKind.CsProj, 3)]
    [InlineData("VERSION", "0.2.1\n", VersionSourceKind.VersionFile, 1)]
    public void Locate_FindsEachKind(string relativePath, string content, VersionSourceKind kind, int line)
    {
        this.repo.WriteText(relativePath, content);

        var source = VersionSourceLocator.Locate(this.repo.Path);

        Assert.Equal(this.repo.Combine(relativePath), source.File);
        Assert.Equal(kind, source.Kind);
        Assert.Equal("0.2.1", source.Literal);
        Assert.Equal(SemanticVersion.Parse("0.2.1"), source.Version);
        Assert.Equal(line, source.Line);
    }

    [Fact]
    public void Locate_PrefersConfigAppVersion_OverOtherKinds()
    {
        this.repo.WriteText("app/config.py", "app_version = \"1.0.0\"\n");
        this.repo.WriteText("pyproject.toml", "[project]\nversion = \"3.0.0\"\n");
        this.repo.WriteText("app/__init__.py", "__version__ = \"2.0.0\"\n");

        var source = VersionSourceLocator.Locate(this.repo.Path);

        Assert.Equal(VersionSourceKind.PythonAppVersion, source.Kind);
        Assert.Equal("1.0.0", source.Literal);
    }

    [Fact]
    public void Locate_SeveralCandidatesOfDifferentFiles_ListsThemAndHowToChoose()
    {
        this.repo.WriteText("pyproject.toml", "[project]\nversion = \"3.0.0\"\n");
        this.repo.WriteText("web/package.json", "{ \"version\": \"4.0.0\" }");

        var error = Assert.Throws<AmbiguousVersionSourceException>(() => VersionSourceLocator.Locate(this.repo.Path));

        Assert.Equal(
            new[] { this.repo.Combine("pyproject.toml"), this.repo.Combine("web/package.json") },
            error.Candidates.Select(c => c.File).Order(StringComparer.Ordinal));
        Assert.Contains("pyproject.toml:2 (PyProject) 3.0.0", error.Message);
        Assert.Contains(Path.Combine("web", "package.json") + ":1 (PackageJson) 4.0.0", error.Message);
        Assert.Contains("-File", error.Message);
    }

    [Fact]
    public void Locate_TwoConfigAppVersions_IsAmbiguous()
    {
        this.repo.WriteText("api/config.py", "app_version = \"1.0.0\"\n");
        this.repo.WriteText("worker/config.py", "app_version = \"1.0.0\"\n");

        var error = Assert.Throws<AmbiguousVersionSourceException>(() => VersionSourceLocator.Locate(this.repo.Path));

        Assert.Equal(2, error.Candidates.Count);
        Assert.All(error.Candidates, c => Assert.Equal(VersionSourceKind.PythonAppVersion, c.Kind));
    }

    [Fact]
    public void Locate_WithFile_PicksThatSource()
    {
        this.repo.WriteText("pyproject.toml", "[project]\nversion = \"3.0.0\"\n");
        this.repo.WriteText("web/package.json", "{ \"version\": \"4.0.0\" }");

        var source = VersionSourceLocator.Locate(this.repo.Path, "web/package.json");

        Assert.Equal(VersionSourceKind.PackageJson, source.Kind);
        Assert.Equal("4.0.0", source.Literal);
    }

    [Fact]
    public void Locate_WithFileWithoutDeclaration_SaysSo()
    {
        this.repo.WriteText("app/config.py", "DEBUG = True\n");

        var error = Assert.Throws<VersionSourceNotFoundException>(() => VersionSourceLocator.Locate(this.repo.Path, "app/config.py"));

        Assert.Equal(this.repo.Combine("app/config.py"), error.Path);
    }

    [Fact]
    public void Locate_WithUnsupportedFile_SaysSo()
    {
        this.repo.WriteText("README.md", "version 1.0.0\n");

        Assert.Throws<VersionSourceNotFoundException>(() => VersionSourceLocator.Locate(this.repo.Path, "README.md"));
    }

    [Fact]
    public void Locate_SkipsDependencyBuildAndHiddenFolders()
    {
        this.repo.WriteText("app/config.py", "app_version = \"1.0.0\"\n");
        this.repo.WriteText("node_modules/lib/package.json", "{ \"version\": \"9.0.0\" }");
        this.repo.WriteText(".venv/lib/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText("venv/lib/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText("bin/Debug/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText("obj/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText("dist/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText("build/config.py", "app_version = \"9.0.0\"\n");
        this.repo.WriteText(".git/config.py", "app_version = \"9.0.0\"\n");

        var candidates = VersionSourceLocator.FindCandidates(this.repo.Path);

        Assert.Equal(this.repo.Combine("app/config.py"), Assert.Single(candidates).File);
    }

    [Fact]
    public void Locate_StopsAtTheDepthLimit()
    {
        var tooDeep = string.Join('/', Enumerable.Repeat("d", VersionSourceLocator.MaxDirectoryDepth + 1)) + "/VERSION";
        this.repo.WriteText(tooDeep, "1.0.0\n");

        Assert.Throws<VersionSourceNotFoundException>(() => VersionSourceLocator.Locate(this.repo.Path));
    }

    [Fact]
    public void Locate_IgnoresCommentsAndOtherAssignments()
    {
        this.repo.WriteText("config.py", "# app_version = \"9.9.9\"\nself.app_version = \"9.9.9\"\nother_app_version = \"9.9.9\"\n");
        this.repo.WriteText("pyproject.toml", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n[tool.black]\nversion = \"1.0.0\"\n");

        Assert.Throws<VersionSourceNotFoundException>(() => VersionSourceLocator.Locate(this.repo.Path));
    }

    [Fact]
    public void Locate_EmptyFolder_NamesWhatItLookedFor()
    {
        var error = Assert.Throws<VersionSourceNotFoundException>(() => VersionSourceLocator.Locate(this.repo.Path));

        Assert.Contains("config.py", error.Message);
        Assert.Contains("package.json", error.Message);
    }

    [Fact]
    public void Locate_HonoursCancellation()
    {
        this.repo.WriteText("VERSION", "1.0.0\n");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => VersionSourceLocator.Locate(this.repo.Path, cancellationToken: cancelled.Token));
    }
}
