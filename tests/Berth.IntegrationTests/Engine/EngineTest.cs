using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>
/// Base of the engine tests: docker CLI helpers against the shared berthd, and cleanup of everything a test made
/// (containers with their anonymous volumes, named volumes, images, host temp dirs), run even when the test fails.
/// </summary>
public abstract class EngineTest : IDisposable
{
    protected readonly BerthdFixture D;
    private readonly List<string> _containers = new(), _volumes = new(), _images = new(), _dirs = new();
    protected readonly string Tag = Guid.NewGuid().ToString("N")[..8];

    protected EngineTest(BerthdFixture daemon) => D = daemon;

    /// <summary>A unique object name for this test (cleaned up at the end).</summary>
    protected string Name(string what) => $"it5-{what}-{Tag}";

    protected string Container(string what) { var n = Name(what); _containers.Add(n); return n; }
    protected string Volume(string what) { var n = Name(what); _volumes.Add(n); return n; }
    protected string Image(string what) { var n = Name(what); _images.Add(n); return n; }
    protected void TrackVolume(string name) => _volumes.Add(name);

    protected string TempDir()
    {
        string dir = Directory.CreateTempSubdirectory("berth-it5-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    protected ProcessRunner.Result Docker(params string[] args) => D.Docker(args);

    /// <summary>Runs docker and asserts success; returns stdout.</summary>
    protected string Ok(params string[] args)
    {
        var r = D.Docker(args);
        Assert.True(r.Code == 0, $"docker {string.Join(' ', args)} failed ({r.Code}): {r.Err}");
        return r.Out;
    }

    /// <summary>Runs docker and asserts failure; returns stderr.</summary>
    protected string Fails(params string[] args)
    {
        var r = D.Docker(args);
        Assert.True(r.Code != 0, $"docker {string.Join(' ', args)} should fail but printed: {r.Out}");
        return r.Err;
    }

    protected static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected static void WaitFor(Func<bool> condition, int seconds = 20, string what = "condition")
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what + " not met in time");
            Thread.Sleep(200);
        }
    }

    public void Dispose()
    {
        foreach (var c in _containers) D.Docker("rm", "-f", "-v", c);
        foreach (var v in _volumes) D.Docker("volume", "rm", "-f", v);
        foreach (var i in _images) D.Docker("rmi", "-f", i);
        foreach (var dir in _dirs)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}
