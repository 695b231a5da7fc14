using System.Text.Json;
using Berth.Oci.Runtime;

namespace Berth.Oci.Tests.Runtime;

public sealed class RuntimeSpecJsonTests
{
    private const string Spec = """
        {"ociVersion":"1.2.0","process":{"terminal":false,"user":{"uid":1000,"gid":1000,"additionalGids":[1000,10]},
         "args":["sh","-c","true"],"env":["PATH=/bin"],"cwd":"/"},
         "root":{"path":"rootfs","readonly":true},"hostname":"h",
         "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec"]}],
         "linux":{"namespaces":[{"type":"pid"},{"type":"network","path":"/run/netns/x"}],
          "resources":{"memory":{"limit":1048576},"pids":{"limit":100}},"cgroupsPath":"/berth/x"}}
        """;

    [Fact]
    public void ARuncStyleSpecIsReadWithItsFields()
    {
        var spec = JsonSerializer.Deserialize(Spec, RuntimeJsonContext.Default.RuntimeSpec)!;
        Assert.Equal("1.2.0", spec.OciVersion);
        Assert.Equal(["sh", "-c", "true"], spec.Process!.Args);
        Assert.Equal(1000u, spec.Process.User!.Uid);
        Assert.Equal("rootfs", spec.Root!.Path);
        Assert.Equal("/run/netns/x", spec.Linux!.Namespaces!.Single(n => n.Type == "network").Path);
        Assert.Equal(1048576, spec.Linux.Resources!.Memory!.Limit);
    }

    [Fact]
    public void WritingAndReadingAgainKeepsTheSpec()
    {
        var spec = JsonSerializer.Deserialize(Spec, RuntimeJsonContext.Default.RuntimeSpec)!;
        string again = JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec);
        var back = JsonSerializer.Deserialize(again, RuntimeJsonContext.Default.RuntimeSpec)!;
        Assert.Equal(spec.Process!.Args, back.Process!.Args);
        Assert.Equal(spec.Linux!.CgroupsPath, back.Linux!.CgroupsPath);
        Assert.Equal(spec.Mounts![0].Options, back.Mounts![0].Options);
        Assert.Equal(100, back.Linux.Resources!.Pids!.Limit);
    }
}
