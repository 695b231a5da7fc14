using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Images.Layers;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// What Docker keeps in a container's init layer (below its read-write layer), so docker diff never shows them.
    /// Berth creates these mount points in the read-write layer itself; they are left out the same way.
    /// </summary>
    private static readonly string[] InitLayerPaths =
        ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/mtab", "/.dockerenv", "/dev/console", "/dev/pts", "/dev/shm", "/proc", "/sys"];

    /// <summary>GET /containers/{id}/changes: what the container's read-write layer changed (docker diff's C, A, D).</summary>
    public List<FilesystemChange> Changes(string idOrName)
    {
        var c = Get(idOrName);
        if (c.Record.State.Status is "removing" or "dead") throw EngineException.Conflict($"container {c.Id} is marked for removal");
        IReadOnlyList<Change> changes;
        try { changes = _images.Storage.Layers.Changes(c.Id); }
        catch (Berth.Images.ImageException e) { throw Images.ImageService.Translate(e); }
        return WithoutInitLayer(changes).Select(ch => new FilesystemChange { Path = ch.Path, Kind = (long)ch.Kind }).ToList();
    }

    /// <summary>
    /// The changes without the init-layer paths and without the directories that only appear because of them (a
    /// parent is listed as changed when something below it changed; with nothing else below, Docker lists nothing).
    /// </summary>
    internal static List<Change> WithoutInitLayer(IReadOnlyList<Change> changes)
    {
        static bool Below(string path, string dir) => path.StartsWith(dir == "/" ? "/" : dir + "/", StringComparison.Ordinal);
        var dropped = changes.Where(ch => ch.Kind != ChangeKind.Deleted && InitLayerPaths.Any(p => ch.Path == p || Below(ch.Path, p)))
            .Select(ch => ch.Path).ToHashSet(StringComparer.Ordinal);
        if (dropped.Count == 0) return changes.ToList();
        var kept = changes.Where(ch => !dropped.Contains(ch.Path)).ToList();
        return kept.Where(ch =>
            !(ch.Kind != ChangeKind.Deleted && InitLayerPaths.Any(p => Below(p, ch.Path)) && dropped.Any(d => Below(d, ch.Path))
              && !kept.Any(other => Below(other.Path, ch.Path)))).ToList();
    }
}
