using System.Text.Json;
using Berth.Oci.Runtime;
using Berth.Runtime;

namespace Berth.RuntimeCli.Commands;

/// <summary>pause, resume, update.</summary>
internal static class Control
{
    public static int Pause(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        runtime.Pause(new ArgReader().Parse(args, 0).Id("pause"));
        return 0;
    }

    public static int Resume(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        runtime.Resume(new ArgReader().Parse(args, 0).Id("resume"));
        return 0;
    }

    public static int Update(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Value("resources", "r").Value("memory").Value("memory-swap").Value("memory-reservation")
            .Value("kernel-memory").Value("kernel-memory-tcp").Value("cpu-shares").Value("cpu-quota").Value("cpu-period")
            .Value("cpu-rt-period").Value("cpu-rt-runtime").Value("cpuset-cpus").Value("cpuset-mems").Value("pids-limit")
            .Value("blkio-weight").Value("l3-cache-schema").Value("mem-bw-schema").Parse(args, 0);
        string id = a.Id("update");
        LinuxResources resources;
        if (a.Get("resources") is { } file)
        {
            byte[] json = file == "-" ? ReadStdin() : File.ReadAllBytes(file);
            resources = JsonSerializer.Deserialize(json, CliJsonContext.Default.LinuxResources) ?? new LinuxResources();
        }
        else
        {
            resources = new LinuxResources();
            if (a.Has("memory") || a.Has("memory-swap") || a.Has("memory-reservation"))
                resources.Memory = new LinuxMemory
                {
                    Limit = Size(a.Get("memory")), Swap = Size(a.Get("memory-swap")), Reservation = Size(a.Get("memory-reservation")),
                };
            if (a.Has("cpu-shares") || a.Has("cpu-quota") || a.Has("cpu-period") || a.Has("cpuset-cpus") || a.Has("cpuset-mems"))
                resources.Cpu = new LinuxCpu
                {
                    Shares = a.Get("cpu-shares") is { } s ? ulong.Parse(s) : null,
                    Quota = a.Get("cpu-quota") is { } q ? long.Parse(q) : null,
                    Period = a.Get("cpu-period") is { } p ? ulong.Parse(p) : null,
                    Cpus = a.Get("cpuset-cpus"),
                    Mems = a.Get("cpuset-mems"),
                };
            if (a.Get("pids-limit") is { } pl) resources.Pids = new LinuxPids { Limit = long.Parse(pl) };
            if (a.Get("blkio-weight") is { } bw) resources.BlockIO = new LinuxBlockIo { Weight = ushort.Parse(bw) };
        }
        runtime.Update(id, resources);
        return 0;
    }

    /// <summary>A size as runc's update takes it: bytes, or with a k/m/g suffix; -1 for unlimited.</summary>
    private static long? Size(string? text)
    {
        if (text is null) return null;
        string t = text.Trim().ToLowerInvariant().TrimEnd('b');
        long factor = 1;
        if (t.EndsWith('k')) factor = 1L << 10;
        else if (t.EndsWith('m')) factor = 1L << 20;
        else if (t.EndsWith('g')) factor = 1L << 30;
        if (factor != 1) t = t[..^1];
        return long.TryParse(t, out long v) ? v * factor : throw new UsageException($"invalid size: {text}");
    }

    private static byte[] ReadStdin()
    {
        using var stdin = System.Console.OpenStandardInput();
        using var ms = new MemoryStream();
        stdin.CopyTo(ms);
        return ms.ToArray();
    }
}
