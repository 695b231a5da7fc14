using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Images.Layers;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>GET /containers/{id}/changes: what the container's read-write layer changed (docker diff's C, A, D).</summary>
    public List<FilesystemChange> Changes(string idOrName)
    {
        var c = Get(idOrName);
        if (c.Record.State.Status is "removing" or "dead") throw EngineException.Conflict($"container {c.Id} is marked for removal");
        IReadOnlyList<Change> changes;
        try { changes = _images.Storage.Layers.Changes(c.Id); }
        catch (Berth.Images.ImageException e) { throw Images.ImageService.Translate(e); }
        return changes.Select(ch => new FilesystemChange { Path = ch.Path, Kind = (long)ch.Kind }).ToList();
    }
}
