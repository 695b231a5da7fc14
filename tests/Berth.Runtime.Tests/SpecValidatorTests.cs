using System.Text;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

public sealed class SpecValidatorTests
{
    private static RuntimeSpec Valid()
    {
        var s = DefaultSpec.Create();
        s.Process!.Capabilities = null;
        return s;
    }

    private static string Fails(Action<RuntimeSpec> edit)
    {
        var s = Valid();
        edit(s);
        return Assert.Throws<RuntimeException>(() => SpecValidator.Validate(s)).Message;
    }

    [Fact]
    public void DefaultSpecIsValid() => Assert.Empty(SpecValidator.Validate(Valid()));

    [Fact]
    public void EachProblemNamesItsField()
    {
        Assert.Equal("linux.namespaces: unknown namespace type: bogus", Fails(s => s.Linux!.Namespaces!.Add(new() { Type = "bogus" })));
        Assert.Equal("linux.namespaces: duplicate namespace type: pid", Fails(s => s.Linux!.Namespaces!.Add(new() { Type = "pid" })));
        Assert.Contains("user namespaces are not supported yet", Fails(s => s.Linux!.Namespaces!.Add(new() { Type = "user" })));
        Assert.Contains("linux.uidMappings", Fails(s => s.Linux!.UidMappings = [new IdMapping { Size = 1 }]));
        Assert.Equal("linux.namespaces: a mount namespace is required", Fails(s => s.Linux!.Namespaces!.RemoveAll(n => n.Type == "mount")));
        Assert.Equal("hostname: setting it needs a new uts namespace", Fails(s => s.Linux!.Namespaces!.RemoveAll(n => n.Type == "uts")));
        Assert.Equal("process.args: must not be empty", Fails(s => s.Process!.Args = []));
        Assert.Equal("process.cwd: must be an absolute path: tmp", Fails(s => s.Process!.Cwd = "tmp"));
        Assert.Equal("process.rlimits: unknown rlimit type: RLIMIT_X", Fails(s => s.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_X" }]));
        Assert.Contains("soft limit 5 is above hard limit 4", Fails(s => s.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 5, Hard = 4 }]));
        Assert.Equal("process.env: not KEY=value: NOPE", Fails(s => s.Process!.Env!.Add("NOPE")));
        Assert.Equal("root.path: missing", Fails(s => s.Root = null));
        Assert.Equal("process: missing", Fails(s => s.Process = null));
        Assert.Equal("mounts[7].destination: must be an absolute path: x", Fails(s => s.Mounts!.Add(new() { Destination = "x", Type = "tmpfs" })));
        Assert.Contains("mounts[7].type", Fails(s => s.Mounts!.Add(new() { Destination = "/x" })));
        Assert.Contains("mounts[7].source", Fails(s => s.Mounts!.Add(new() { Destination = "/x", Type = "bind" })));
        Assert.Contains("linux.sysctl: vm.swappiness", Fails(s => s.Linux!.Sysctl = new() { ["vm.swappiness"] = "1" }));
        Assert.Contains("linux.sysctl: net.ipv4.ip_forward needs a network namespace",
            Fails(s => { s.Linux!.Sysctl = new() { ["net.ipv4.ip_forward"] = "1" }; s.Linux.Namespaces!.RemoveAll(n => n.Type == "network"); }));
        Assert.Contains("linux.rootfsPropagation", Fails(s => s.Linux!.RootfsPropagation = "sideways"));
        Assert.Contains("linux.devices", Fails(s => s.Linux!.Devices = [new LinuxDevice { Path = "/etc/x", Type = "c" }]));
        Assert.Contains("hooks.prestart: path must be absolute", Fails(s => s.Hooks = new RuntimeHooks { Prestart = [new RuntimeHook { Path = "rel" }] }));
        Assert.Contains("hooks.poststop: timeout must be positive", Fails(s => s.Hooks = new RuntimeHooks { Poststop = [new RuntimeHook { Path = "/x", Timeout = 0 }] }));
    }

    [Fact]
    public void NamespacedSysctlsPass()
    {
        var s = Valid();
        s.Linux!.Sysctl = new() { ["kernel.shmmax"] = "1", ["fs.mqueue.msg_max"] = "5", ["net.core.somaxconn"] = "10" };
        SpecValidator.Validate(s);
    }

    [Fact]
    public void UnknownCapabilitiesAreWarnings()
    {
        var s = Valid();
        s.Process!.Capabilities = new LinuxCapabilities { Bounding = ["CAP_NOPE"] };
        Assert.Contains(SpecValidator.Validate(s), w => w.Contains("CAP_NOPE"));
    }

    [Fact]
    public void BundleParseNamesTheJsonProblem()
    {
        var e = Assert.Throws<RuntimeException>(() => Bundle.Parse("/b", Encoding.UTF8.GetBytes("{\"process\":{\"args\":[1]}}")));
        Assert.StartsWith("config.json: invalid at process.args", e.Message);
        var ok = Bundle.Parse("/b", Encoding.UTF8.GetBytes("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"}}"));
        Assert.Equal("rootfs", ok.Spec.Root!.Path);
    }

    [Fact]
    public void MissingRootfsIsNamed()
    {
        var b = Bundle.Parse("/nonexistent-bundle", Encoding.UTF8.GetBytes("{\"root\":{\"path\":\"rootfs\"}}"));
        var e = Assert.Throws<RuntimeException>(b.ResolveRootfs);
        Assert.StartsWith("root.path: /nonexistent-bundle/rootfs: no such file", e.Message);
    }
}
