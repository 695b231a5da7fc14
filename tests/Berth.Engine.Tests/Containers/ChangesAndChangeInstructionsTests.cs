using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Images;
using Berth.Images.Layers;
using OciConfig = Berth.Oci.Images.ContainerConfig;

namespace Berth.Engine.Tests.Containers;

/// <summary>docker diff without Docker's init-layer files, and the HEALTHCHECK change instruction of commit/import.</summary>
public sealed class ChangesAndChangeInstructionsTests
{
    [Fact]
    public void InitLayerFilesAndTheirOnlyParentsAreLeftOut()
    {
        var changes = new List<Change>
        {
            new("/etc", ChangeKind.Modified), new("/etc/hostname", ChangeKind.Added), new("/etc/hosts", ChangeKind.Added),
            new("/etc/resolv.conf", ChangeKind.Added), new("/tmp", ChangeKind.Modified), new("/tmp/x", ChangeKind.Added),
        };
        var kept = ContainerService.WithoutInitLayer(changes).Select(c => c.Path).ToList();
        Assert.Equal(["/tmp", "/tmp/x"], kept);
    }

    [Fact]
    public void AParentWithOtherChangesStays()
    {
        var changes = new List<Change>
        {
            new("/etc", ChangeKind.Modified), new("/etc/hosts", ChangeKind.Added), new("/etc/passwd", ChangeKind.Modified),
            new("/etc/old", ChangeKind.Deleted),
        };
        Assert.Equal(["/etc", "/etc/passwd", "/etc/old"], ContainerService.WithoutInitLayer(changes).Select(c => c.Path).ToList());
    }

    [Fact]
    public void ADeletedInitPathIsStillShown()
    {
        var changes = new List<Change> { new("/etc", ChangeKind.Modified), new("/etc/hosts", ChangeKind.Deleted) };
        Assert.Equal(2, ContainerService.WithoutInitLayer(changes).Count);
    }

    [Fact]
    public void HealthcheckChangeWithFlagsAndShellForm()
    {
        var config = ChangeInstructions.Apply(new OciConfig(), ["HEALTHCHECK --interval=5s --timeout=1m30s --start-period=2s --retries=4 CMD curl -f http://x/ || exit 1"]);
        var h = config.Healthcheck!;
        Assert.Equal(["CMD-SHELL", "curl -f http://x/ || exit 1"], h.Test);
        Assert.Equal(5_000_000_000, h.Interval);
        Assert.Equal(90_000_000_000, h.Timeout);
        Assert.Equal(2_000_000_000, h.StartPeriod);
        Assert.Equal(4, h.Retries);
    }

    [Fact]
    public void AnUnknownInstructionIsNamedInLowerCaseAsDockerDoes()
    {
        var e = Assert.Throws<EngineException>(() => ChangeInstructions.Apply(new OciConfig(), ["FOO bar"]));
        Assert.Equal("foo is not a valid change command", e.Message);
    }

    [Fact]
    public void HealthcheckChangeExecFormAndNone()
    {
        Assert.Equal(["CMD", "true", "x"], ChangeInstructions.Apply(new OciConfig(), ["healthcheck CMD [\"true\", \"x\"]"]).Healthcheck!.Test);
        Assert.Equal(["NONE"], ChangeInstructions.Apply(new OciConfig(), ["HEALTHCHECK NONE"]).Healthcheck!.Test);
    }

    [Theory]
    [InlineData("HEALTHCHECK --interval=abc CMD true", "invalid duration")]
    [InlineData("HEALTHCHECK --retries=0 CMD true", "at least 1")]
    [InlineData("HEALTHCHECK --color=red CMD true", "Unknown flag: color")]
    [InlineData("HEALTHCHECK CMD", "Missing command")]
    [InlineData("HEALTHCHECK RUN true", "Unknown type")]
    [InlineData("HEALTHCHECK NONE now", "takes no arguments")]
    public void BadHealthcheckChangesAreRefused(string change, string message)
    {
        var e = Assert.Throws<EngineException>(() => ChangeInstructions.Apply(new OciConfig(), [change]));
        Assert.Contains(message, e.Message);
    }
}
