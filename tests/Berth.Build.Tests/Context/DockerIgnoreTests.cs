using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("**/*.md", "docs/README.md", true)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("docs", "docs/a/b.txt", true)]
    [InlineData("temp?", "temp1", true)]
    [InlineData("temp?", "temp12", false)]
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    [InlineData("node_modules/**", "node_modules/a/b", true)]
    [InlineData("/abs.txt", "abs.txt", true)]
    [InlineData("./x/../y", "y", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("[abc].txt", "b.txt", true)]
    public void Matches_like_docker(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore([pattern]).IsExcluded(path));

    [Fact]
    public void Last_matching_pattern_wins_and_exceptions_reinclude()
    {
        var ig = DockerIgnore.Parse("# comment\n*.md\n!README*.md\nREADME-secret.md\n");
        Assert.True(ig.IsExcluded("CHANGES.md"));
        Assert.False(ig.IsExcluded("README.md"));
        Assert.True(ig.IsExcluded("README-secret.md"));
    }

    [Fact]
    public void Exception_below_an_excluded_directory_keeps_the_walk_going()
    {
        var ig = DockerIgnore.Parse("files\n!files/keep.txt\n");
        Assert.True(ig.IsExcluded("files/drop.txt"));
        Assert.False(ig.IsExcluded("files/keep.txt"));
        Assert.True(ig.KeepsSomethingBelow("files"));
        Assert.False(DockerIgnore.Parse("files\n!**/*.go\n").KeepsSomethingBelow("files"));
    }

    [Fact]
    public void Lone_bang_is_an_error() => Assert.Throws<BuildException>(() => new DockerIgnore(["!"]));
}
