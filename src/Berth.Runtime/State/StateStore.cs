using System.Text.Json;
using Berth.Linux;
using Berth.Runtime.Json;

namespace Berth.Runtime.State;

/// <summary>The state directories under the runtime root: &lt;root&gt;/&lt;id&gt;/state.json (+ exec.fifo while created).</summary>
internal sealed class StateStore
{
    public const string StateFile = "state.json", ExecFifo = "exec.fifo";

    public string Root { get; }

    public StateStore(string root) => Root = Path.GetFullPath(root);

    public string Dir(string id) => Path.Combine(Root, id);

    /// <summary>Makes the container's directory; fails when the id is taken.</summary>
    public string CreateDir(string id)
    {
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string dir = Dir(id);
        try
        {
            // mkdir, not Directory.CreateDirectory: an existing directory must fail.
            if (Berth.Linux.Mounts.DirectoryCalls.TryMkdir(dir, 0x1c0) is int errno and not 0)
            {
                if (errno == Errnos.EEXIST) throw new RuntimeException(RuntimeErrorKind.AlreadyExists, $"container with id exists: {id}");
                throw new SyscallException(errno, "mkdir", dir);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new RuntimeException(RuntimeErrorKind.Internal, $"cannot create state directory {dir}: {e.Message}");
        }
        return dir;
    }

    public void Save(ContainerRecord record)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, RuntimeStoreJsonContext.Default.ContainerRecord);
        AtomicFile.Write(Path.Combine(Dir(record.Id), StateFile), json);
    }

    public ContainerRecord Load(string id)
    {
        if (!ContainerId.IsValid(id)) throw RuntimeException.Invalid($"invalid container id: {id}");
        byte[] json;
        try { json = File.ReadAllBytes(Path.Combine(Dir(id), StateFile)); }
        catch (FileNotFoundException) { throw RuntimeException.NotFound(id); }
        catch (DirectoryNotFoundException) { throw RuntimeException.NotFound(id); }
        return JsonSerializer.Deserialize(json, RuntimeStoreJsonContext.Default.ContainerRecord)
            ?? throw new RuntimeException(RuntimeErrorKind.Internal, $"corrupt state of container {id}");
    }

    public bool TryLoad(string id, out ContainerRecord? record)
    {
        try
        {
            record = Load(id);
            return true;
        }
        catch (Exception e) when (e is RuntimeException or JsonException or IOException)
        {
            record = null;
            return false;
        }
    }

    /// <summary>The ids of every container directory (sorted).</summary>
    public IReadOnlyList<string> Ids()
    {
        if (!Directory.Exists(Root)) return [];
        var ids = new List<string>();
        foreach (var d in Directory.EnumerateDirectories(Root)) ids.Add(Path.GetFileName(d));
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public void Remove(string id)
    {
        string dir = Dir(id);
        try { Directory.Delete(dir, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    public bool FifoExists(string id) => File.Exists(Path.Combine(Dir(id), ExecFifo));
}
