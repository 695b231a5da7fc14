using Berth.Runtime;
using Berth.Runtime.Spec;
using static Berth.Runtime.Spec.MountFlags;

namespace Berth.Runtime.Tests;

public sealed class MountOptionParserTests
{
    [Fact]
    public void FlagsAndDataAreSeparated()
    {
        var o = MountOptionParser.Parse(["nosuid", "strictatime", "mode=755", "size=65536k"]);
        Assert.Equal(MS_NOSUID | MS_STRICTATIME, o.Flags);
        Assert.Equal("mode=755,size=65536k", o.Data);
        Assert.False(o.IsBind);
    }

    [Fact]
    public void LaterOptionsWin()
    {
        var o = MountOptionParser.Parse(["ro", "rw", "nosuid", "suid"]);
        Assert.Equal(0UL, o.Flags & (MS_RDONLY | MS_NOSUID));
        Assert.Equal(MS_RDONLY | MS_NOSUID, o.ClearedFlags);
    }

    [Fact]
    public void BindRbindAndPropagation()
    {
        var bind = MountOptionParser.Parse(["bind", "rprivate"]);
        Assert.True(bind.IsBind);
        Assert.False(bind.IsRecursiveBind);
        Assert.Equal([MS_PRIVATE | MS_REC], bind.Propagation);
        var rbind = MountOptionParser.Parse(["rbind", "slave", "shared"]);
        Assert.True(rbind.IsRecursiveBind);
        Assert.Equal([MS_SLAVE, MS_SHARED], rbind.Propagation);
    }

    [Fact]
    public void RecursiveAttributes()
    {
        var o = MountOptionParser.Parse(["rro", "rnosuid", "rnoexec", "rrw"]);
        Assert.Equal(MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, o.RecursiveSet);
        Assert.Equal(MOUNT_ATTR_RDONLY, o.RecursiveClear);
        var atime = MountOptionParser.Parse(["rnoatime"]);
        Assert.Equal(MOUNT_ATTR_NOATIME, atime.RecursiveSet);
        Assert.Equal(MOUNT_ATTR__ATIME, atime.RecursiveClear);
    }

    [Fact]
    public void TmpcopyupAndUnsupported()
    {
        Assert.True(MountOptionParser.Parse(["tmpcopyup"]).CopyUp);
        var e = Assert.Throws<RuntimeException>(() => MountOptionParser.Parse(["idmap"], "mounts[3]"));
        Assert.Equal("mounts[3]: mount option not supported: idmap", e.Message);
        Assert.Equal(RuntimeErrorKind.NotSupported, e.Kind);
    }

    [Fact]
    public void NullAndEmptyOptions()
    {
        Assert.Equal(0UL, MountOptionParser.Parse(null).Flags);
        Assert.Null(MountOptionParser.Parse(["", " "]).Data);
    }

    [Theory]
    [InlineData(null, MS_SLAVE | MS_REC)]
    [InlineData("", MS_SLAVE | MS_REC)]
    [InlineData("rprivate", MS_PRIVATE | MS_REC)]
    [InlineData("shared", MS_SHARED)]
    public void RootfsPropagation(string? value, ulong expected) => Assert.Equal(expected, MountOptionParser.RootfsPropagation(value));

    [Fact]
    public void UnknownRootfsPropagation() => Assert.Null(MountOptionParser.RootfsPropagation("sideways"));

    [Fact]
    public void AttributesFromFlags()
    {
        Assert.Equal(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME, ToAttributes(MS_RDONLY | MS_NOSUID | MS_NOATIME | MS_BIND));
    }
}
