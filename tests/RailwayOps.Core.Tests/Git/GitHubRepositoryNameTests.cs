using RailwayOps.Core.Git;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

public class GitHubRepositoryNameTests
{
    [Theory]
    [InlineData("https://github.com/acme/web.git", "acme", "web")]
    [InlineData("https://github.com/acme/web", "acme", "web")]
    [InlineData("https://github.com/acme/web/", "acme", "web")]
    [InlineData("https://x-access-token:ghp_secret@github.com/acme/web.git", "acme", "web")]
    [InlineData("http://127.0.0.1:5123/git/acme/web.git", "acme", "web")]
    [InlineData("ssh://git@github.com/acme/web.git", "acme", "web")]
    [InlineData("ssh://git@ghe.example.com:2222/acme/my.repo.git", "acme", "my.repo")]
    [InlineData("git@github.com:acme/web.git", "acme", "web")]
    [InlineData("github.com:acme/web", "acme", "web")]
    [InlineData("/tmp/emulator/git/acme/web.git", "acme", "web")]
    [InlineData("file:///tmp/emulator/git/acme/web.git", "acme", "web")]
    [InlineData(@"C:\emulator\git\acme\web.git", "acme", "web")]
    [InlineData(" git@github.com:acme/web.git\n", "acme", "web")]
    public void Parse_ReadsOwnerAndName(string url, string owner, string name)
    {
        Assert.True(GitHubRepositoryName.TryParse(url, out var repository));
        Assert.Equal(new GitHubRepositoryName(owner, name), repository);
    }

    [Theory]
    [InlineData("")]
    [InlineData("web")]
    [InlineData("https://github.com/")]
    [InlineData("https://github.com/acme")]
    [InlineData("git@github.com:web.git")]
    public void Parse_WithoutOwnerAndName_Fails(string url)
    {
        Assert.False(GitHubRepositoryName.TryParse(url, out _));
    }

    [Theory]
    [InlineData("fatal: unable to access 'https://bot:tok3n@github.com/a/b.git/'", "fatal: unable to access 'https://***@github.com/a/b.git/'")]
    [InlineData("git push https://tok3n@host/a/b.git main", "git push https://***@host/a/b.git main")]
    [InlineData("https://user:p@ss@host/x", "https://***@host/x")]
    [InlineData("https://github.com/a/b@v1", "https://github.com/a/b@v1")]
    [InlineData("git@github.com:a/b.git", "git@github.com:a/b.git")]
    public void Redact_RemovesUrlUserInfo(string text, string expected)
    {
        Assert.Equal(expected, GitRedaction.Redact(text));
    }

    [Theory]
    [InlineData("/work/main", true, false)]
    [InlineData("../sibling", true, false)]
    [InlineData("C:\\src\\app", true, false)]
    [InlineData("file:///work/main", true, false)]
    [InlineData("/tmp/state/git/railwayops/hello-railway.git", true, true)]
    [InlineData("file:///tmp/state/git/acme/web.git/", true, true)]
    [InlineData("https://github.com/acme/web.git", false, false)]
    [InlineData("git@github.com:acme/web.git", false, false)]
    [InlineData("ssh://git@github.com/acme/web.git", false, false)]
    [InlineData("", false, false)]
    public void IsLocalPath_TellsAFolderFromAHost(string url, bool local, bool hosted)
    {
        Assert.Equal(local, GitHubRepositoryName.IsLocalPath(url, out var looksHosted));
        Assert.Equal(hosted, looksHosted);
    }
}
