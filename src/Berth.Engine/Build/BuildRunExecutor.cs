using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Build;
using Berth.Build.Execution;
using Berth.Engine.Containers;
using Berth.Engine.Model;
using Berth.Engine.Specs;
using Berth.Linux;
using Berth.Linux.Fs;
using Berth.Linux.Processes;
using Berth.Oci.Runtime;
using Berth.Runtime;
using Berth.Runtime.Seccomp;

namespace Berth.Engine.Build;

/// <summary>
/// Runs RUN steps with the daemon's own runtime, in-process: Docker's default OCI config (capabilities, seccomp,
/// masked paths) on the step's mounted root, stdout and stderr through pipes, no shim. The init is berth-shim's
/// "init" mode, as for containers. Networking: the host's namespace for default and host (a bridge for builds
/// comes with the networking work), a fresh namespace for none.
/// </summary>
internal sealed class BuildRunExecutor : IRunExecutor
{
    private readonly BerthEngine _engine;
    private readonly LinuxRuntime _runtime;
    private readonly string _runDir;

    public BuildRunExecutor(BerthEngine engine, string runDirectory)
    {
        _engine = engine;
        _runDir = runDirectory;
        _runtime = new LinuxRuntime(new RuntimeOptions { Root = engine.Containers.RuntimeRoot, InitExecutable = engine.Containers.ShimPath });
    }

    public async Task<int> RunAsync(RunRequest r, CancellationToken cancellationToken)
    {
        string dir = Path.Combine(_runDir, "run", r.Id[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var spec = BuildSpec(r, dir);
            string bundle = Path.Combine(dir, "bundle");
            Directory.CreateDirectory(bundle);
            AtomicFile.Write(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec));
            return await RunBundleAsync(r, bundle, cancellationToken);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private RuntimeSpec BuildSpec(RunRequest r, string dir)
    {
        Users.Resolved user;
        using (var root = RootDirectory.Open(r.Rootfs))
        {
            try { user = Users.Resolve(root, r.User); }
            catch (ArgumentException e) { throw new BuildException(BuildErrorKind.StepFailed, e.Message); }
        }
        string hostname = r.Id[..12];
        string network = r.NetworkMode is "none" ? "none" : "host";
        string hostnamePath = Path.Combine(dir, "hostname");
        File.WriteAllText(hostnamePath, hostname + "\n");
        string hostsPath = Path.Combine(dir, "hosts");
        var hosts = new StringBuilder();
        if (network == "host" && File.Exists("/etc/hosts")) hosts.Append(File.ReadAllText("/etc/hosts"));
        else hosts.Append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        hosts.Append("127.0.1.1\t").Append(hostname).Append('\n');
        foreach (var h in r.ExtraHosts)
        {
            int colon = h.IndexOf(':');
            if (colon > 0) hosts.Append(h[(colon + 1)..]).Append('\t').Append(h[..colon]).Append('\n');
        }
        File.WriteAllText(hostsPath, hosts.ToString());
        string resolv = File.Exists("/etc/resolv.conf") ? "/etc/resolv.conf" : WriteEmpty(Path.Combine(dir, "resolv.conf"));

        var hc = new HostConfig
        {
            Privileged = r.Privileged,
            NetworkMode = network,
            ShmSize = r.ShmSize,
            Memory = r.Memory,
            MemorySwap = r.MemorySwap,
            CpuShares = r.CpuShares,
            CpuQuota = r.CpuQuota,
            CpuPeriod = r.CpuPeriod,
            CpusetCpus = r.CpusetCpus,
            CpusetMems = r.CpusetMems,
        };
        var record = new ContainerRecord
        {
            Id = r.Id,
            Config = new ContainerConfig { Env = r.Env.ToList(), WorkingDir = r.WorkingDir, Hostname = hostname, Tty = false },
            HostConfig = hc,
            Path = r.Args[0],
            Args = r.Args.Skip(1).ToList(),
        };
        var caps = r.Privileged ? Capabilities.Known().ToList() : Capabilities.DockerDefault.ToList();
        LinuxSeccomp? seccomp = r.Privileged ? null : DockerSeccompProfile.Default.ToOci(caps, _engine.Host.GoArch);
        var mounts = r.Mounts.Select(m => m.Type == "tmpfs"
            ? new RuntimeMount { Destination = m.Destination, Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "nodev", "mode=1777", .. m.Options] }
            : new RuntimeMount { Destination = m.Destination, Type = "bind", Source = m.Source, Options = ["rbind", "rprivate", m.ReadOnly ? "ro" : "rw"] }).ToList();
        string parent = string.IsNullOrEmpty(r.CgroupParent) ? "/berth" : "/" + r.CgroupParent.Trim('/');
        var spec = OciSpecBuilder.Build(new SpecInputs
        {
            Container = record,
            RootfsPath = r.Rootfs,
            Uid = user.Uid,
            Gid = user.Gid,
            // Docker lists the primary group among the supplementary ones too (`id` shows groups=<gid>).
            AdditionalGids = [user.Gid, .. user.AdditionalGids.Where(g => g != user.Gid)],
            UserMounts = mounts,
            NetworkNamespacePath = null,
            NewNetworkNamespace = network == "none",
            Seccomp = seccomp,
            CgroupsPath = parent + "/" + r.Id,
            HostsPath = hostsPath,
            HostnamePath = hostnamePath,
            ResolvConfPath = resolv,
            CgroupV2 = File.Exists("/sys/fs/cgroup/cgroup.controllers"),
        });
        // The image's config sets no program: RUN's argv is the whole command.
        spec.Process!.Args = r.Args.ToList();
        return spec;
    }

    private static string WriteEmpty(string path)
    {
        File.WriteAllText(path, "");
        return path;
    }

    private async Task<int> RunBundleAsync(RunRequest r, string bundle, CancellationToken cancellationToken)
    {
        var (outRead, outWrite) = FileDescriptors.Pipe();
        var (errRead, errWrite) = FileDescriptors.Pipe();
        using var devNull = FileDescriptors.Open("/dev/null", FsCalls.O_RDONLY);
        Task outTask, errTask;
        RuntimeState state;
        using (outWrite)
        using (errWrite)
        {
            try
            {
                state = await Task.Run(() => _runtime.Create(r.Id, bundle, new CreateOptions { Stdin = devNull.Fd, Stdout = outWrite.Fd, Stderr = errWrite.Fd }), cancellationToken);
            }
            catch (RuntimeException e)
            {
                outRead.Dispose();
                errRead.Dispose();
                throw new BuildException(BuildErrorKind.StepFailed, "failed to run the step: " + e.Message);
            }
            // Our copies of the write ends close here: the readers end when the container's processes are gone.
        }
        outTask = Task.Factory.StartNew(() => Pump(outRead, r, false), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        errTask = Task.Factory.StartNew(() => Pump(errRead, r, true), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        int pid = state.Pid;
        using var kill = cancellationToken.Register(() =>
        {
            try { _runtime.Kill(r.Id, 9, all: true); } catch (Exception) { }
        });
        int code;
        try
        {
            await Task.Run(() => _runtime.Start(r.Id), CancellationToken.None);
            var status = await Task.Factory.StartNew(() => ProcessWait.Wait(pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            code = status.ShellCode;
        }
        catch (RuntimeException e)
        {
            throw new BuildException(BuildErrorKind.StepFailed, "failed to run the step: " + e.Message);
        }
        finally
        {
            try { _runtime.Delete(r.Id, force: true); } catch (Exception) { }
            await Task.WhenAll(outTask, errTask);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return code;
    }

    private static void Pump(SafeFd fd, RunRequest r, bool stderr)
    {
        using (fd)
        {
            var buffer = new byte[32 * 1024];
            while (true)
            {
                int n;
                try { n = FileDescriptors.Read(fd, buffer); }
                catch (SyscallException) { break; }
                if (n <= 0) break;
                try { r.Output(buffer.AsMemory(0, n).ToArray(), stderr).AsTask().GetAwaiter().GetResult(); }
                catch (Exception) { /* the client went away: keep draining so the container is not blocked */ }
            }
        }
    }
}
