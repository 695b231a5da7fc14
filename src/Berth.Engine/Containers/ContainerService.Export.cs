using Berth.Engine.Archive;
using Berth.Engine.Errors;
using Berth.Linux.Fs;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// GET /containers/{id}/export: a tar of the container's own filesystem (image layers plus its changes, without
    /// volumes or binds), names relative to "/". Returns once the first bytes can go; the tar is written by <c>write</c>.
    /// </summary>
    public async Task ExportAsync(string idOrName, Func<Task> started, Stream output, CancellationToken cancel)
    {
        var c = Get(idOrName);
        if (c.Record.State.Status == "dead") throw EngineException.Conflict($"You cannot export container {c.Id} which is Dead");
        if (c.Record.State.Status == "removing") throw EngineException.Conflict($"You cannot export container {c.Id} which is being removed");
        await using var view = await OpenFsViewAsync(c, cancel, rootfsOnly: true);
        using var root = view.View.Root.Open("", FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
        await started();
        await ArchiveWriter.WriteRootAsync(root, output, cancel);
        Publish(c, "export");
    }
}
