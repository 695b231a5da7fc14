using Berth.Api.Routing;

namespace Berth.Api.Tests.Routing;

public sealed class ApiVersionTests
{
    [Theory]
    [InlineData("/v1.41/containers/json", "1.41", "/containers/json")]
    [InlineData("/v1.24/_ping", "1.24", "/_ping")]
    [InlineData("/v1.50", "1.50", "/")]
    [InlineData("/containers/json", "1.50", "/containers/json")]
    [InlineData("/volumes", "1.50", "/volumes")]
    public void PrefixIsSplitOffAndAbsentMeansNewest(string path, string version, string rest)
    {
        Assert.Null(ApiVersion.Split(path, out var v, out var r));
        Assert.Equal(version, v.ToString());
        Assert.Equal(rest, r);
    }

    [Fact]
    public void VersionsOutsideTheRangeGetMobysMessages()
    {
        Assert.Equal("client version 1.99 is too new. Maximum supported API version is 1.50", ApiVersion.Split("/v1.99/info", out _, out _));
        Assert.Equal("client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version",
            ApiVersion.Split("/v1.12/info", out _, out _));
    }

    [Fact]
    public void VersionsCompareNumericallyNotAsText()
    {
        Assert.True(ApiVersion.TryParse("1.9", out var nine));
        Assert.True(ApiVersion.TryParse("1.10", out var ten));
        Assert.True(nine < ten);
        Assert.False(ApiVersion.TryParse("1", out _));
        Assert.False(ApiVersion.TryParse("x.y", out _));
    }
}
