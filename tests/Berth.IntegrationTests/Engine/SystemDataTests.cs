using System.Text.Json;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>system df (with -v), the prunes with their filters, and image list filters.</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class SystemDataTests(BerthdFixture daemon) : EngineTest(daemon)
{
    [Fact]
    public void SystemDfCountsImagesContainersAndVolumes()
    {
        string c = Container("df"), vol = Volume("df");
        Ok("run", "--name", c, "-v", vol + ":/v", "busybox", "sh", "-c", "dd if=/dev/zero of=/v/blob bs=1024 count=300 2>/dev/null; echo x > /f");
        var rows = Lines(Ok("system", "df", "--format", "{{json .}}")).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("Type").GetString()!);
        Assert.Equal(["Images", "Containers", "Local Volumes", "Build Cache"], rows.Keys.ToArray());
        Assert.True(int.Parse(rows["Images"].GetProperty("TotalCount").GetString()!) >= 1);
        Assert.True(int.Parse(rows["Containers"].GetProperty("TotalCount").GetString()!) >= 1);
        Assert.True(int.Parse(rows["Local Volumes"].GetProperty("TotalCount").GetString()!) >= 1);
        var verbose = Ok("system", "df", "-v");
        Assert.Contains("Images space usage:", verbose);
        Assert.Contains("Containers space usage:", verbose);
        Assert.Contains("Local Volumes space usage:", verbose);
        var volumeRow = Lines(verbose).Single(l => l.StartsWith(vol + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", volumeRow[1]); // one container links it
        Assert.Equal("307.2kB", volumeRow[2]);
        var containerRow = Lines(verbose).Single(l => l.EndsWith(" " + c, StringComparison.Ordinal));
        Assert.Contains("busybox", containerRow);
    }

    [Fact]
    public void ContainerPruneHonoursLabelAndUntil()
    {
        string keep = Container("keep"), drop = Container("drop"), running = Container("running");
        Ok("create", "--name", keep, "--label", "it5keep=" + Tag, "busybox", "true");
        Ok("create", "--name", drop, "--label", "it5drop=" + Tag, "busybox", "true");
        Ok("run", "-d", "--name", running, "--label", "it5drop=" + Tag, "busybox", "sleep", "300");
        // until in the past matches nothing made now.
        Assert.DoesNotContain(drop, Ok("container", "prune", "-f", "--filter", "until=2000-01-01T00:00:00Z"));
        string dropId = Ok("inspect", "-f", "{{.Id}}", drop).Trim();
        var pruned = Ok("container", "prune", "-f", "--filter", "label=it5drop=" + Tag);
        Assert.Contains(dropId, pruned);
        Assert.Contains("Total reclaimed space", pruned);
        var names = Lines(Ok("ps", "-a", "--format", "{{.Names}}"));
        Assert.Contains(keep, names);
        Assert.Contains(running, names); // running containers are never pruned
        Assert.DoesNotContain(drop, names);
        Assert.Contains("invalid filter", Fails("container", "prune", "-f", "--filter", "colour=red"));
    }

    [Fact]
    public void ImagePruneDanglingAndAllWithImageListFilters()
    {
        string maker = Container("imgmaker"), tagged = Image("tagged"), labelled = Image("labelled");
        Ok("create", "--name", maker, "busybox", "true");
        string dangling = Ok("commit", "--change", "LABEL it5dangling=" + Tag, maker).Trim();
        Ok("commit", "--change", "LABEL it5=" + Tag, maker, tagged);
        Ok("commit", "--change", "LABEL it5labelled=" + Tag, maker, labelled);
        Assert.Contains(dangling[7..19], Ok("images", "-q", "--filter", "dangling=true"));
        Assert.Equal([tagged + ":latest"], Lines(Ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "label=it5=" + Tag)));
        Assert.Equal([tagged + ":latest"], Lines(Ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=" + tagged)));
        Assert.Contains(labelled, Ok("images", "--format", "{{.Repository}}", "--filter", "since=" + tagged));
        Assert.DoesNotContain(labelled, Ok("images", "--format", "{{.Repository}}", "--filter", "before=" + tagged));
        Assert.Contains("invalid filter", Fails("images", "--filter", "colour=red"));

        var pruned = Ok("image", "prune", "-f");
        Assert.Contains(dangling, pruned);
        Assert.Contains(tagged, Ok("images", "--format", "{{.Repository}}"));
        var all = Ok("image", "prune", "-af", "--filter", "label=it5labelled=" + Tag);
        Assert.Contains("untagged: " + labelled + ":latest", all);
        var left = Ok("images", "--format", "{{.Repository}}");
        Assert.DoesNotContain(labelled, left);
        Assert.Contains(tagged, left);
        Assert.Contains("busybox", left); // in use by the maker container
    }

    [Fact]
    public void SystemPruneRemovesStoppedContainersAndDanglingImages()
    {
        string stopped = Container("sysprune"), vol = Volume("sysprunevol");
        Ok("run", "--name", stopped, "--label", "it5sys=" + Tag, "-v", vol + ":/v", "busybox", "true");
        Ok("rm", stopped);
        Ok("run", "--name", stopped, "--label", "it5sys=" + Tag, "busybox", "true");
        var output = Ok("system", "prune", "-f", "--filter", "label=it5sys=" + Tag);
        Assert.Contains("Deleted Containers:", output);
        Assert.DoesNotContain(stopped, Lines(Ok("ps", "-a", "--format", "{{.Names}}")));
        Assert.Contains(vol, Lines(Ok("volume", "ls", "-q"))); // volumes only with --volumes
        Assert.Contains("Total reclaimed space", output);
    }
}
