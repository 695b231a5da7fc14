using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Specs;
using Berth.Linux;
using Berth.Oci.Runtime;
using Berth.Runtime.ShimProtocol;

namespace Berth.Engine.Exec;

/// <summary>docker exec: instances are created, then started through the container's shim, then inspected for the exit code.</summary>
public sealed class ExecService
{
    private readonly BerthEngine _engine;
    private readonly ContainerService _containers;
    private readonly ConcurrentDictionary<string, ExecInstance> _execs = new();

    public ExecService(BerthEngine engine, ContainerService containers)
    {
        _engine = engine;
        _containers = containers;
        containers.Execs = this;
    }

    public sealed class ExecInstance
    {
        public required string Id { get; init; }
        public required Container Container { get; init; }
        public required ExecCreateRequest Config { get; init; }
        public bool Running { get; set; }
        public bool Started { get; set; }
        public int? ExitCode { get; set; }
        public int Pid { get; set; }
    }

    public string Create(string containerIdOrName, ExecCreateRequest request)
    {
        var c = _containers.Get(containerIdOrName);
        if (request.Cmd is not { Count: > 0 }) throw EngineException.Invalid("No exec command specified");
        if (c.Record.State.Status == "paused") throw EngineException.Conflict($"container {c.Id} is paused, unpause the container before exec");
        if (!c.IsRunning || c.Shim is null) throw EngineException.Conflict($"container {c.Id} is not running");
        if (request.DetachKeys is not null) ContainerService.ParseDetachKeys(request.DetachKeys);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _execs[id] = new ExecInstance { Id = id, Container = c, Config = request };
        lock (c.ExecIds) c.ExecIds.Add(id);
        _engine.Events.Publish("container", "exec_create: " + string.Join(' ', request.Cmd), c.Id, new Dictionary<string, string>
        {
            ["name"] = c.Name, ["image"] = c.Record.Config.Image ?? "", ["execID"] = id,
        });
        return id;
    }

    public ExecInstance Get(string id) =>
        _execs.TryGetValue(id, out var e) ? e : throw EngineException.NotFound($"No such exec instance: {id}");

    public void Forget(string id) => _execs.TryRemove(id, out _);

    public ExecInspectResponse Inspect(string id)
    {
        var e = Get(id);
        return new ExecInspectResponse
        {
            CanRemove = false,
            DetachKeys = e.Config.DetachKeys ?? "",
            ID = e.Id,
            Running = e.Running,
            ExitCode = e.ExitCode,
            ProcessConfig = new ExecProcessConfig
            {
                Privileged = e.Config.Privileged == true,
                User = e.Config.User ?? "",
                Tty = e.Config.Tty == true,
                Entrypoint = e.Config.Cmd![0],
                Arguments = e.Config.Cmd.Skip(1).ToList(),
            },
            OpenStdin = e.Config.AttachStdin == true,
            OpenStderr = e.Config.AttachStderr == true,
            OpenStdout = e.Config.AttachStdout == true,
            ContainerID = e.Container.Id,
            Pid = e.Pid,
        };
    }

    /// <summary>Checks done before the connection is hijacked (so errors are plain JSON answers).</summary>
    public ExecInstance PrepareStart(string id)
    {
        var e = Get(id);
        if (e.Started) throw EngineException.Conflict($"Error: Exec command {id} has already run");
        if (e.Container.Record.State.Status == "paused") throw EngineException.Conflict($"container {e.Container.Id} is paused, unpause the container before exec");
        if (!e.Container.IsRunning || e.Container.Shim is null) throw EngineException.Conflict($"container {e.Container.Id} is not running");
        e.Started = true;
        return e;
    }

    /// <summary>
    /// Runs the exec: with a client stream, output goes to it (framed unless tty) and its bytes to stdin; detached,
    /// the process runs on and its exit code is collected in the background.
    /// </summary>
    public async Task RunAsync(ExecInstance e, ExecStartRequest start, Stream? client, CancellationToken cancel)
    {
        var c = e.Container;
        bool tty = e.Config.Tty == true;
        var process = BuildProcess(c, e.Config, start);
        bool detach = start.Detach == true || client is null;
        var (shimStream, shimSocket, response) = await c.Shim!.OpenAsync(new ShimRequest
        {
            Op = "exec", ExecId = e.Id, Process = process, Stdin = e.Config.AttachStdin == true && !detach, Detach = detach,
        }, cancel);
        e.Pid = response.Pid;
        e.Running = true;
        _engine.Events.Publish("container", "exec_start: " + string.Join(' ', e.Config.Cmd!), c.Id, new Dictionary<string, string>
        {
            ["name"] = c.Name, ["image"] = c.Record.Config.Image ?? "", ["execID"] = e.Id,
        });
        var run = PumpAsync(e, shimStream, shimSocket, client, tty, detach);
        if (detach) { _ = run; return; }
        await run;
    }

    private async Task PumpAsync(ExecInstance e, NetworkStream shim, Socket shimSocket, Stream? client, bool tty, bool detach)
    {
        var detached = new CancellationTokenSource();
        try
        {
            if (!detach && e.Config.AttachStdin == true && client is not null)
                _ = CopyStdinAsync(client, shim, shimSocket, ContainerService.ParseDetachKeys(e.Config.DetachKeys), detached);
            var header = new byte[ShimFrame.HeaderSize];
            var buffer = new byte[64 * 1024];
            while (true)
            {
                try { await shim.ReadExactlyAsync(header); }
                catch (EndOfStreamException) { break; }
                var (type, length) = ShimFrame.ReadHeader(header);
                if (length > buffer.Length) buffer = new byte[length];
                await shim.ReadExactlyAsync(buffer.AsMemory(0, length));
                if (type == ShimFrame.Exit)
                {
                    var exit = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ShimJsonContext.Default.ShimExit);
                    e.ExitCode = exit?.ExitCode ?? -1;
                    break;
                }
                if (client is null || detach || detached.IsCancellationRequested) continue;
                bool wanted = type == ShimFrame.Stderr ? e.Config.AttachStderr == true : e.Config.AttachStdout == true;
                if (!wanted) continue;
                try
                {
                    if (!tty) await client.WriteAsync(header);
                    await client.WriteAsync(buffer.AsMemory(0, length));
                    await client.FlushAsync();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException) { client = null; }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or OperationCanceledException) { }
        finally
        {
            e.ExitCode ??= e.Container.IsRunning ? -1 : 137;
            e.Running = false;
            await shim.DisposeAsync();
            _engine.Events.Publish("container", "exec_die", e.Container.Id, new Dictionary<string, string>
            {
                ["name"] = e.Container.Name, ["image"] = e.Container.Record.Config.Image ?? "", ["execID"] = e.Id, ["exitCode"] = e.ExitCode.ToString()!,
            });
        }
    }

    private static async Task CopyStdinAsync(Stream client, Stream shim, Socket shimSocket, byte[] detachKeys, CancellationTokenSource detached)
    {
        var buffer = new byte[16 * 1024];
        int matched = 0;
        try
        {
            while (true)
            {
                int n = await client.ReadAsync(buffer);
                if (n <= 0) break;
                var output = new List<byte>(n);
                for (int i = 0; i < n; i++)
                {
                    byte b = buffer[i];
                    if (detachKeys.Length > 0 && b == detachKeys[matched])
                    {
                        if (++matched == detachKeys.Length) { if (output.Count > 0) await shim.WriteAsync(output.ToArray()); detached.Cancel(); return; }
                        continue;
                    }
                    if (matched > 0) { output.AddRange(detachKeys.AsSpan(0, matched).ToArray()); matched = 0; }
                    output.Add(b);
                }
                if (output.Count > 0) await shim.WriteAsync(output.ToArray());
            }
            try { shimSocket.Shutdown(SocketShutdown.Send); } catch { }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException) { }
    }

    public async Task ResizeAsync(string id, int height, int width, CancellationToken cancel)
    {
        var e = Get(id);
        if (!e.Running || e.Container.Shim is null) throw EngineException.Conflict($"Exec {id} is not running, so it can not be resized.");
        await e.Container.Shim.CallAsync(new ShimRequest { Op = "resize", ExecId = id, Height = height, Width = width }, cancel);
    }

    /// <summary>The exec'd process: the container's environment and security settings with the exec's own overrides.</summary>
    private RuntimeProcess BuildProcess(Container c, ExecCreateRequest config, ExecStartRequest start)
    {
        var r = c.Record;
        var env = new List<string>(r.Config.Env ?? []);
        if (!env.Any(x => x.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, "PATH=" + OciSpecBuilder.DefaultPath);
        if (!env.Any(x => x.StartsWith("HOSTNAME=", StringComparison.Ordinal))) env.Add("HOSTNAME=" + r.Config.Hostname);
        if (config.Tty == true && !env.Any(x => x.StartsWith("TERM=", StringComparison.Ordinal))) env.Add("TERM=xterm");
        foreach (var kv in config.Env ?? [])
        {
            string key = kv.Split('=', 2)[0];
            env.RemoveAll(x => x.Split('=', 2)[0] == key);
            env.Add(kv);
        }
        Users.Resolved user;
        string rootfs = Path.Combine(_engine.Options.ContainerRunDir(c.Id), "rootfs");
        using (var root = RootDirectory.Open(rootfs))
        {
            try { user = Users.Resolve(root, string.IsNullOrEmpty(config.User) ? r.Config.User : config.User, r.HostConfig.GroupAdd); }
            catch (ArgumentException ex) { throw EngineException.Invalid(ex.Message); }
        }
        bool privileged = config.Privileged == true || r.HostConfig.Privileged == true;
        var caps = privileged ? Capabilities.Known().ToList() : Capabilities.Apply(Capabilities.DockerDefault, r.HostConfig.CapAdd, r.HostConfig.CapDrop);
        var secopts = OciSpecBuilder.ParseSecurityOpts(r.HostConfig.SecurityOpt);
        var size = start.ConsoleSize ?? config.ConsoleSize;
        return new RuntimeProcess
        {
            Terminal = config.Tty == true,
            ConsoleSize = size is { Count: 2 } && size[0] > 0 ? new ConsoleSize { Height = (uint)size[0], Width = (uint)size[1] } : null,
            Args = config.Cmd!,
            Env = env,
            Cwd = !string.IsNullOrEmpty(config.WorkingDir) ? config.WorkingDir : string.IsNullOrEmpty(r.Config.WorkingDir) ? "/" : r.Config.WorkingDir,
            User = new RuntimeUser { Uid = user.Uid, Gid = user.Gid, AdditionalGids = [user.Gid, .. user.AdditionalGids.Where(g => g != user.Gid)] },
            Capabilities = new LinuxCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            NoNewPrivileges = secopts.TryGetValue("no-new-privileges", out var nnp) && nnp != "false",
        };
    }
}
