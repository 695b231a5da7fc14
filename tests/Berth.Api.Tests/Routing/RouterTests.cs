using Berth.Api.Routing;

namespace Berth.Api.Tests.Routing;

public sealed class RouterTests
{
    private static Router<string> Routes()
    {
        var r = new Router<string>();
        r.Map("GET", "/containers/json", "list");
        r.Map("GET", "/containers/{id}/json", "inspect");
        r.Map("POST", "/containers/{id}/start", "start");
        r.Map("GET", "/images/{name*}/json", "image-inspect");
        r.Map("DELETE", "/images/{name*}", "rmi");
        return r;
    }

    [Fact]
    public void OneSegmentParametersAreCaptured()
    {
        var (handler, values, known) = Routes().Match("GET", "/containers/abc/json");
        Assert.Equal("inspect", handler);
        Assert.Equal("abc", values["id"]);
        Assert.True(known);
    }

    [Fact]
    public void GreedyParametersTakeImageNamesWithSlashesAndPorts()
    {
        var (handler, values, _) = Routes().Match("GET", "/images/localhost:5000/a/b:tag/json");
        Assert.Equal("image-inspect", handler);
        Assert.Equal("localhost:5000/a/b:tag", values["name"]);
        (handler, values, _) = Routes().Match("DELETE", "/images/library%2Fbusybox");
        Assert.Equal("rmi", handler);
        Assert.Equal("library/busybox", values["name"]);
    }

    [Fact]
    public void AKnownPathWithAnotherMethodIsToldApartFromAnUnknownPath()
    {
        var (handler, _, known) = Routes().Match("DELETE", "/containers/abc/start");
        Assert.Null(handler);
        Assert.True(known);
        (handler, _, known) = Routes().Match("GET", "/nothing/here");
        Assert.Null(handler);
        Assert.False(known);
    }

    [Fact]
    public void HeadIsServedByGetAndEmptySegmentsDoNotMatch()
    {
        Assert.Equal("list", Routes().Match("HEAD", "/containers/json").Handler);
        Assert.Null(Routes().Match("POST", "/containers//start").Handler);
    }
}
