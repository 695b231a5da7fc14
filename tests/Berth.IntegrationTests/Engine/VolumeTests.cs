using System.Text.Json;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>Volumes through the real docker CLI: the local driver, copy-up, anonymous volumes, --volumes-from, prune.</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class VolumeTests(BerthdFixture daemon) : EngineTest(daemon)
{
    [Fact]
    public void CreateListFilterInspectAndRemove()
    {
        string plain = Volume("plain"), labelled = Volume("labelled");
        Assert.Equal(plain, Ok("volume", "create", plain).Trim());
        Ok("volume", "create", "--label", "it5=" + Tag, "--label", "flag", labelled);
        // create is idempotent
        Assert.Equal(plain, Ok("volume", "create", plain).Trim());

        var all = Lines(Ok("volume", "ls", "-q"));
        Assert.Contains(plain, all);
        Assert.Contains(labelled, all);
        Assert.Equal([labelled], Lines(Ok("volume", "ls", "-q", "--filter", "label=it5=" + Tag)));
        Assert.Equal([labelled], Lines(Ok("volume", "ls", "-q", "--filter", "label=it5", "--filter", "label=flag")));
        Assert.Equal([plain], Lines(Ok("volume", "ls", "-q", "--filter", "name=" + plain)));
        Assert.Contains(plain, Lines(Ok("volume", "ls", "-q", "--filter", "dangling=true")));
        Assert.Contains(plain, Lines(Ok("volume", "ls", "-q", "--filter", "driver=local")));
        Assert.Contains("invalid filter 'colour'", Fails("volume", "ls", "--filter", "colour=red"));

        using var doc = JsonDocument.Parse(Ok("volume", "inspect", labelled));
        var v = doc.RootElement[0];
        Assert.Equal(labelled, v.GetProperty("Name").GetString());
        Assert.Equal("local", v.GetProperty("Driver").GetString());
        Assert.Equal("local", v.GetProperty("Scope").GetString());
        Assert.Equal(Tag, v.GetProperty("Labels").GetProperty("it5").GetString());
        Assert.Equal(Path.Combine(D.DataRoot, "volumes", labelled, "_data"), v.GetProperty("Mountpoint").GetString());
        Assert.True(Directory.Exists(v.GetProperty("Mountpoint").GetString()));

        Assert.Contains("no such volume", Fails("volume", "inspect", Name("missing")));
        Assert.Contains("no such volume", Fails("volume", "rm", Name("missing")));
        Ok("volume", "rm", "-f", Name("missing"));
        Ok("volume", "rm", plain, labelled);
        Assert.DoesNotContain(plain, Lines(Ok("volume", "ls", "-q")));
        Assert.False(Directory.Exists(Path.Combine(D.DataRoot, "volumes", plain)));
        Assert.Contains("includes invalid characters", Fails("volume", "create", "bad/name"));
    }

    [Fact]
    public void VolumeInUseIsRefusedEvenWithForce()
    {
        string vol = Volume("used"), c = Container("user");
        Ok("run", "--name", c, "-v", vol + ":/data", "busybox", "sh", "-c", "echo kept > /data/f");
        var err = Fails("volume", "rm", vol);
        Assert.Contains("volume is in use", err);
        Assert.Contains("volume is in use", Fails("volume", "rm", "-f", vol));
        Assert.Contains("kept", Ok("run", "--rm", "-v", vol + ":/x", "busybox", "cat", "/x/f"));
        Ok("rm", c);
        Ok("volume", "rm", vol);
    }

    [Fact]
    public void NewNamedVolumeIsFilledFromTheImageOnce()
    {
        string vol = Volume("copyup"), mountVol = Volume("mountopt");
        int imageBin = int.Parse(Ok("run", "--rm", "busybox", "sh", "-c", "ls /bin | wc -l").Trim());
        // -v name:/bin: a new volume starts with the image's /bin.
        Assert.Equal(imageBin, int.Parse(Ok("run", "--rm", "-v", vol + ":/bin", "busybox", "sh", "-c", "ls /bin | wc -l").Trim()));
        // Once filled, it is not filled again: a file added and one removed stay that way, also on another path.
        Ok("run", "--rm", "-v", vol + ":/bin", "busybox", "sh", "-c", "rm /bin/vi && echo mine > /bin/extra");
        var listing = Lines(Ok("run", "--rm", "-v", vol + ":/mnt", "busybox", "ls", "/mnt"));
        Assert.Contains("extra", listing);
        Assert.DoesNotContain("vi", listing);
        // --mount type=volume creates on first use too; volume-nocopy keeps it empty.
        Assert.Equal(imageBin, int.Parse(Ok("run", "--rm", "--mount", $"type=volume,source={mountVol},target=/bin", "busybox", "sh", "-c", "ls /bin | wc -l").Trim()));
        string empty = Volume("nocopy");
        Ok("run", "--rm", "--mount", $"type=volume,source={empty},target=/etc,volume-nocopy", "busybox", "true");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(D.DataRoot, "volumes", empty, "_data")));
    }

    [Fact]
    public void AnonymousVolumesAndVolumesFrom()
    {
        string src = Container("src");
        Ok("run", "--name", src, "-v", "/data", "busybox", "sh", "-c", "echo shared > /data/f");
        string anon = Ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", src).Trim();
        Assert.Equal(64, anon.Length);
        Assert.Contains(anon, Lines(Ok("volume", "ls", "-q")));
        Assert.Equal("shared", Ok("run", "--rm", "--volumes-from", src, "busybox", "cat", "/data/f").Trim());
        var ro = Docker("run", "--rm", "--volumes-from", src + ":ro", "busybox", "sh", "-c", "echo x > /data/g");
        Assert.NotEqual(0, ro.Code);
        Assert.Contains("Read-only file system", ro.Err);
        // docker run --rm removes its anonymous volumes; docker rm -v removes the container's.
        var before = Lines(Ok("volume", "ls", "-q")).ToHashSet();
        Ok("run", "--rm", "-v", "/scratch", "busybox", "true");
        Assert.Equal(before, Lines(Ok("volume", "ls", "-q")).ToHashSet());
        Ok("rm", "-v", src);
        Assert.DoesNotContain(anon, Lines(Ok("volume", "ls", "-q")));
    }

    [Fact]
    public void ImageVolumesBecomeAnonymousVolumesWithTheImageContent()
    {
        string maker = Container("maker"), image = Image("withvol"), user = Container("volimg");
        Ok("run", "--name", maker, "busybox", "sh", "-c", "mkdir /vol && echo from-image > /vol/content");
        Ok("commit", "--change", "VOLUME /vol", maker, image);
        Assert.Equal("from-image", Ok("run", "--name", user, image, "cat", "/vol/content").Trim());
        var mount = Ok("inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Destination}} {{.Name}}{{end}}", user).Trim().Split(' ');
        Assert.Equal("volume", mount[0]);
        Assert.Equal("/vol", mount[1]);
        Ok("rm", "-v", user);
        Assert.DoesNotContain(mount[2], Lines(Ok("volume", "ls", "-q")));
    }

    [Fact]
    public void TmpfsVolumeFromDriverOptions()
    {
        string vol = Volume("tmpfs");
        Ok("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=4m", vol);
        var mounts = Ok("run", "--rm", "-v", vol + ":/t", "busybox", "sh", "-c", "grep ' /t ' /proc/mounts");
        Assert.Contains("tmpfs /t tmpfs", mounts);
        Assert.Contains("size=4096k", mounts);
        Assert.Contains("invalid option", Fails("volume", "create", "--opt", "colour=red", Volume("badopt")));
    }

    [Fact]
    public void PruneRemovesAnonymousVolumesUnlessAllIsGiven()
    {
        string named = Volume("prunenamed"), labelled = Volume("prunelabel");
        Ok("volume", "create", named);
        Ok("volume", "create", "--label", "prune-me=" + Tag, labelled);
        string holder = Container("anonholder");
        Ok("create", "--name", holder, "-v", "/anon", "busybox", "true");
        string anon = Ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", holder).Trim();
        TrackVolume(anon);
        Ok("rm", holder);
        var pruned = Ok("volume", "prune", "-f");
        Assert.Contains(anon, pruned);
        Assert.DoesNotContain(named, pruned);
        Assert.Contains("Total reclaimed space", pruned);
        var labelledOnly = Ok("volume", "prune", "-af", "--filter", "label=prune-me=" + Tag);
        Assert.Contains(labelled, labelledOnly);
        Assert.DoesNotContain(named, labelledOnly);
        Assert.Contains(named, Lines(Ok("volume", "ls", "-q")));
    }
}
