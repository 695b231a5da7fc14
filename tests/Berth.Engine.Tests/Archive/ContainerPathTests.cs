using Berth.Engine.Archive;

namespace Berth.Engine.Tests.Archive;

/// <summary>Docker's lexical path rules for docker cp (values checked against Go's filepath and moby's archive package).</summary>
public sealed class ContainerPathTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/.")] // moby: filepath.Base("") is "." (the API refuses an empty path before this)
    [InlineData(".", "/.")]
    [InlineData("/d", "/d")]
    [InlineData("d", "/d")]
    [InlineData("/d/", "/d/")]
    [InlineData("/d/.", "/d/.")]
    [InlineData("/d//e/../f", "/d/f")]
    [InlineData("../../etc", "/etc")]
    [InlineData("/a/b/..", "/a")]
    [InlineData("/a/b/../", "/a/")]
    public void AbsoluteKeepsTheTrailingMarker(string given, string expected) => Assert.Equal(expected, ContainerPath.Absolute(given));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/d/.", ".")]
    [InlineData("/d/", "d")]
    [InlineData("/d", "d")]
    [InlineData("", ".")]
    [InlineData("a", "a")]
    public void BaseIsGosFilepathBase(string path, string expected) => Assert.Equal(expected, ContainerPath.Base(path));

    [Fact]
    public void SplitGivesParentAndName()
    {
        Assert.Equal(("/", "a"), ContainerPath.Split("/a"));
        Assert.Equal(("/a/b", "c"), ContainerPath.Split("/a/b/c"));
        Assert.Equal(("/", ""), ContainerPath.Split("/"));
    }

    [Fact]
    public void OnlyTrailingMarkersFollowTheLastElement()
    {
        Assert.True(ContainerPath.FollowsLast("/d/"));
        Assert.True(ContainerPath.FollowsLast("/d/."));
        Assert.False(ContainerPath.FollowsLast("/d"));
    }
}
