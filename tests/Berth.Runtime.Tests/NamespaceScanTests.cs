using System.Text;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

public sealed class NamespaceScanTests
{
    private static NamespaceScan.Result? Scan(string json) => NamespaceScan.TryScan(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void PlainNamespacesAreRead()
    {
        var r = Scan("""{"process":{"terminal":false,"args":["x"]},"linux":{"resources":{"devices":[]},"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"network"},{"type":"cgroup"}]}}""");
        Assert.NotNull(r);
        Assert.Equal(0x20000000 | 0x20000 | 0x40000000, r!.UnshareFlags);
        Assert.True(r.NewCgroupNamespace);
    }

    [Theory]
    [InlineData("""{"process":{"terminal":true},"linux":{"namespaces":[{"type":"mount"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"mount"},{"type":"network","path":"/run/netns/x"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"mount"},{"type":"user"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"mount"},{"type":"bogus"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"mount"},{"type":"mount"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"pid"}]}}""")]
    [InlineData("""{"linux":{"namespaces":[{"type":"mount"}""")]
    [InlineData("""[]""")]
    public void AnythingElseIsLeftToTheFullValidation(string json) => Assert.Null(Scan(json));
}
