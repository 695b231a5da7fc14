// TEMPORARY: a small stand-in for the cgroup managers of the cgroups branch (CgroupV1Manager, CgroupV2Manager,
// CgroupManagers in Berth.Linux). It exists only so the runtime can be tested before that branch is merged.
// Delete this whole file at merge: the runtime calls Berth.Linux.Cgroups.CgroupManagers.Open/DetectVersion, which
// the real factory provides with the same names (until then the compiler reports the duplicate, CS0436).
using Berth.Linux.Descriptors;
using Berth.Linux.Processes;
using Berth.Oci.Runtime;

namespace Berth.Linux.Cgroups;

internal static class CgroupManagers
{
    public static CgroupVersion DetectVersion() =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers") ? CgroupVersion.V2 : CgroupVersion.V1;

    public static ICgroupManager Open(string cgroupsPath) => new TemporaryCgroupManager(cgroupsPath, DetectVersion());
}

internal sealed class TemporaryCgroupManager : ICgroupManager
{
    private readonly List<(string Name, string Dir)> _dirs = new();

    public string Path { get; }
    public CgroupVersion Version { get; }

    public TemporaryCgroupManager(string path, CgroupVersion version)
    {
        Path = "/" + path.Trim('/');
        Version = version;
        if (version == CgroupVersion.V2)
        {
            _dirs.Add(("", "/sys/fs/cgroup" + Path));
            return;
        }
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            int dash = line.IndexOf(" - cgroup ", StringComparison.Ordinal);
            if (dash < 0) continue;
            string mp = line[..dash].Split(' ')[4];
            _dirs.Add((System.IO.Path.GetFileName(mp), mp + Path));
        }
    }

    private string? Dir(string name)
    {
        if (Version == CgroupVersion.V2) return _dirs[0].Dir;
        foreach (var (n, d) in _dirs)
            if (Array.IndexOf(n.Split(','), name) >= 0) return d;
        return null;
    }

    public void Create()
    {
        if (Version == CgroupVersion.V2)
        {
            string parent = "/sys/fs/cgroup";
            foreach (var part in Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string controllers = Read(parent + "/cgroup.controllers") ?? "";
                foreach (var c in controllers.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (c is "cpu" or "memory" or "pids" or "io" or "cpuset") DescriptorCalls.TryWriteFile(parent + "/cgroup.subtree_control", "+" + c);
                parent += "/" + part;
                Directory.CreateDirectory(parent);
            }
            return;
        }
        foreach (var (name, dir) in _dirs)
        {
            if (name.Split(',').Contains("cpuset"))
            {
                // cpuset v1: each new level starts empty and must copy its parent's cpus and mems.
                string root = dir[..^Path.Length];
                string cur = root;
                foreach (var part in Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    string parent = cur;
                    cur += "/" + part;
                    Directory.CreateDirectory(cur);
                    foreach (var f in new[] { "cpuset.cpus", "cpuset.mems" })
                        if (string.IsNullOrWhiteSpace(Read(cur + "/" + f))) DescriptorCalls.TryWriteFile(cur + "/" + f, Read(parent + "/" + f) ?? "");
                }
            }
            else Directory.CreateDirectory(dir);
        }
    }

    public bool Exists() => _dirs.Count > 0 && Directory.Exists(_dirs[0].Dir);

    public void Apply(LinuxResources r)
    {
        if (Version == CgroupVersion.V2)
        {
            string d = _dirs[0].Dir;
            if (r.Memory?.Limit is long lim) Write(d, "memory.max", lim < 0 ? "max" : lim.ToString());
            if (r.Memory?.Reservation is long res) Write(d, "memory.low", res.ToString());
            if (r.Memory?.Swap is long swap && r.Memory.Limit is long l2) Write(d, "memory.swap.max", swap < 0 ? "max" : Math.Max(0, swap - l2).ToString());
            if (r.Pids is { } p) Write(d, "pids.max", p.Limit <= 0 ? "max" : p.Limit.ToString());
            if (r.Cpu?.Quota is long q) Write(d, "cpu.max", (q <= 0 ? "max" : q.ToString()) + " " + (r.Cpu.Period ?? 100000));
            if (r.Cpu?.Shares is ulong s && s > 0) Write(d, "cpu.weight", (1 + ((s - 2) * 9999) / 262142).ToString());
            if (r.Cpu?.Cpus is { Length: > 0 } cpus) Write(d, "cpuset.cpus", cpus);
            if (r.Cpu?.Mems is { Length: > 0 } mems) Write(d, "cpuset.mems", mems);
            return;
        }
        if (r.Memory is { } m && Dir("memory") is { } md)
        {
            // memsw must stay >= the memory limit: raise in the order that keeps it so.
            if (m.Swap is long sw0 && sw0 != 0 && File.Exists(md + "/memory.memsw.limit_in_bytes") && DescriptorCalls.TryWriteFile(md + "/memory.memsw.limit_in_bytes", sw0.ToString()) == 0) m = new LinuxMemory { Limit = m.Limit, Reservation = m.Reservation };
            if (m.Limit is long limit && limit != 0) Write(md, "memory.limit_in_bytes", limit.ToString());
            if (m.Reservation is long reservation && reservation != 0) Write(md, "memory.soft_limit_in_bytes", reservation.ToString());
            if (m.Swap is long sw && sw != 0 && File.Exists(md + "/memory.memsw.limit_in_bytes")) Write(md, "memory.memsw.limit_in_bytes", sw.ToString());
        }
        if (r.Pids is { } pids && Dir("pids") is { } pd) Write(pd, "pids.max", pids.Limit <= 0 ? "max" : pids.Limit.ToString());
        if (r.Cpu is { } cpu && Dir("cpu") is { } cd)
        {
            if (cpu.Shares is ulong sh && sh > 0) Write(cd, "cpu.shares", sh.ToString());
            if (cpu.Period is ulong period && period > 0) Write(cd, "cpu.cfs_period_us", period.ToString());
            if (cpu.Quota is long quota && quota != 0) Write(cd, "cpu.cfs_quota_us", quota.ToString());
        }
        if (r.Cpu is { } c2 && Dir("cpuset") is { } sd)
        {
            if (c2.Cpus is { Length: > 0 } cpus) Write(sd, "cpuset.cpus", cpus);
            if (c2.Mems is { Length: > 0 } mems) Write(sd, "cpuset.mems", mems);
        }
        if (r.BlockIO?.Weight is ushort w && w > 0 && Dir("blkio") is { } bd && File.Exists(bd + "/blkio.weight")) Write(bd, "blkio.weight", w.ToString());
        if (r.Devices is { Count: > 0 } devices && Dir("devices") is { } dd)
        {
            foreach (var rule in devices)
            {
                string type = rule.Type ?? "a";
                string text = type == "a" ? "a" : $"{type} {(rule.Major is long ma && ma >= 0 ? ma.ToString() : "*")}:{(rule.Minor is long mi && mi >= 0 ? mi.ToString() : "*")} {rule.Access ?? "rwm"}";
                Write(dd, rule.Allow ? "devices.allow" : "devices.deny", text);
            }
        }
    }

    public void AddProcess(int pid)
    {
        foreach (var (_, dir) in _dirs) Write(dir, "cgroup.procs", pid.ToString());
    }

    public IReadOnlyList<int> GetPids(bool recursive = true)
    {
        string dir = Dir("pids") ?? Dir("freezer") ?? _dirs[0].Dir;
        var pids = new List<int>();
        Collect(dir, recursive, pids);
        return pids;
    }

    private static void Collect(string dir, bool recursive, List<int> pids)
    {
        string? text = Read(dir + "/cgroup.procs");
        if (text is null) return;
        foreach (var l in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) pids.Add(int.Parse(l));
        if (recursive)
            foreach (var sub in Directory.EnumerateDirectories(dir)) Collect(sub, true, pids);
    }

    public void Freeze() => SetFrozen(true);
    public void Thaw() => SetFrozen(false);

    private void SetFrozen(bool frozen)
    {
        if (Version == CgroupVersion.V2)
        {
            Write(_dirs[0].Dir, "cgroup.freeze", frozen ? "1" : "0");
            for (int i = 0; i < 1000 && IsFrozen() != frozen; i++) Thread.Sleep(1);
            return;
        }
        string d = Dir("freezer") ?? throw new InvalidOperationException("no freezer cgroup");
        Write(d, "freezer.state", frozen ? "FROZEN" : "THAWED");
        for (int i = 0; i < 1000 && (Read(d + "/freezer.state")?.Trim() ?? "") != (frozen ? "FROZEN" : "THAWED"); i++)
        {
            Thread.Sleep(1);
            if (frozen) Write(d, "freezer.state", "FROZEN");
        }
    }

    public bool IsFrozen()
    {
        if (Version == CgroupVersion.V2) return (Read(_dirs[0].Dir + "/cgroup.events") ?? "").Contains("frozen 1");
        string? d = Dir("freezer");
        return d is not null && (Read(d + "/freezer.state")?.Trim() ?? "") == "FROZEN";
    }

    public void SignalAll(int signal)
    {
        if (Version == CgroupVersion.V2 && signal == 9 && File.Exists(_dirs[0].Dir + "/cgroup.kill"))
        {
            Write(_dirs[0].Dir, "cgroup.kill", "1");
            return;
        }
        foreach (int pid in GetPids()) ProcessWait.Signal(pid, signal);
    }

    public CgroupStats GetStats()
    {
        var stats = new CgroupStats();
        string? mem = Dir("memory");
        if (mem is not null)
        {
            string usageFile = Version == CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes";
            if (ulong.TryParse(Read(mem + "/" + usageFile)?.Trim(), out ulong u)) stats.Memory.Usage = u;
        }
        string? pidsDir = Dir("pids");
        if (pidsDir is not null && ulong.TryParse(Read(pidsDir + "/pids.current")?.Trim(), out ulong pc)) stats.Pids.Current = pc;
        return stats;
    }

    public void Destroy()
    {
        foreach (var (_, dir) in _dirs)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    RemoveTree(dir);
                    break;
                }
                catch (IOException) when (attempt < 99) { Thread.Sleep(10); }
            }
        }
    }

    private static void RemoveTree(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var sub in Directory.EnumerateDirectories(dir)) RemoveTree(sub);
        Directory.Delete(dir, recursive: false);
    }

    private static void Write(string dir, string file, string value)
    {
        int errno = DescriptorCalls.TryWriteFile(dir + "/" + file, value);
        if (errno != 0) throw new SyscallException(errno, "write " + value, dir + "/" + file);
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
    }
}
