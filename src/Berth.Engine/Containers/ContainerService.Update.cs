using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Engine.Specs;
using Berth.Oci.Runtime;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// POST /containers/{id}/update: resource limits and the restart policy, with moby's rules (only the fields given
    /// change; NanoCpus and CpuPeriod/CpuQuota exclude each other; a memory limit above the set swap needs a new swap).
    /// Persisted in HostConfig; a running or paused container's cgroup is updated at once.
    /// </summary>
    public async Task<List<string>> UpdateAsync(string idOrName, HostConfig update, CancellationToken cancel)
    {
        var c = Get(idOrName);
        var warnings = new List<string>();
        await c.Lock.WaitAsync(cancel);
        try
        {
            if (c.Record.State.Status is "removing" or "dead")
                throw Cannot(c, EngineException.Conflict("container is marked for removal and cannot be \"update\""));
            ValidateUpdate(update);
            var before = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(c.Record.HostConfig, EngineJsonContext.Default.HostConfig);
            try
            {
                ApplyUpdate(c, update);
            }
            catch (EngineException e)
            {
                c.Record.HostConfig = System.Text.Json.JsonSerializer.Deserialize(before, EngineJsonContext.Default.HostConfig)!;
                throw Cannot(c, e);
            }
            if (c.Record.State.Status is "running" or "paused" && c.Shim is not null)
            {
                try { _runtime.Update(c.Id, UpdateResources(update)); }
                catch (Exception e) when (e is Runtime.RuntimeException or IOException or Linux.SyscallException or ArgumentException)
                {
                    c.Record.HostConfig = System.Text.Json.JsonSerializer.Deserialize(before, EngineJsonContext.Default.HostConfig)!;
                    throw Cannot(c, EngineException.Internal(e.Message, e));
                }
            }
            Save(c);
        }
        finally
        {
            c.Lock.Release();
        }
        Publish(c, "update");
        return warnings;
    }

    private static EngineException Cannot(Container c, EngineException inner) =>
        new(inner.Kind, $"Cannot update container {c.Id}: {inner.Message}", inner);

    private static void ValidateUpdate(HostConfig u)
    {
        if (u.Memory is > 0 and < 6 * 1024 * 1024) throw EngineException.Invalid("Minimum memory limit allowed is 6MB");
        if (u.Memory is > 0 && u.MemorySwap is > 0 && u.MemorySwap < u.Memory)
            throw EngineException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (u.NanoCpus is > 0 && (u.CpuPeriod is > 0 || u.CpuQuota is > 0))
            throw EngineException.Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (u.NanoCpus is < 0) throw EngineException.Invalid("Range of CPUs is from 0.01 to the number of CPUs available");
        if (u.BlkioWeight is > 0 and (< 10 or > 1000)) throw EngineException.Invalid("Range of blkio weight is from 10 to 1000");
        if (u.CpuShares is < 0) throw EngineException.Invalid("invalid CPU shares: must be positive");
    }

    /// <summary>moby's Container.UpdateContainer: the given fields replace the container's.</summary>
    internal static void ApplyUpdate(Container c, HostConfig u)
    {
        var hc = c.Record.HostConfig;
        if (u.NanoCpus is > 0 && hc.CpuPeriod is > 0) throw EngineException.Conflict("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
        if (u.NanoCpus is > 0 && hc.CpuQuota is > 0) throw EngineException.Conflict("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        if (u.CpuPeriod is > 0 && hc.NanoCpus is > 0) throw EngineException.Conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        if (u.CpuQuota is > 0 && hc.NanoCpus is > 0) throw EngineException.Conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        if (u.BlkioWeight is not null and not 0) hc.BlkioWeight = u.BlkioWeight;
        if (u.BlkioWeightDevice is not null) hc.BlkioWeightDevice = u.BlkioWeightDevice;
        if (u.BlkioDeviceReadBps is not null) hc.BlkioDeviceReadBps = u.BlkioDeviceReadBps;
        if (u.BlkioDeviceWriteBps is not null) hc.BlkioDeviceWriteBps = u.BlkioDeviceWriteBps;
        if (u.BlkioDeviceReadIOps is not null) hc.BlkioDeviceReadIOps = u.BlkioDeviceReadIOps;
        if (u.BlkioDeviceWriteIOps is not null) hc.BlkioDeviceWriteIOps = u.BlkioDeviceWriteIOps;
        if (u.CpuShares is not null and not 0) hc.CpuShares = u.CpuShares;
        if (u.NanoCpus is not null and not 0) hc.NanoCpus = u.NanoCpus;
        if (u.CpuPeriod is not null and not 0) hc.CpuPeriod = u.CpuPeriod;
        if (u.CpuQuota is not null and not 0) hc.CpuQuota = u.CpuQuota;
        if (!string.IsNullOrEmpty(u.CpusetCpus)) hc.CpusetCpus = u.CpusetCpus;
        if (!string.IsNullOrEmpty(u.CpusetMems)) hc.CpusetMems = u.CpusetMems;
        if (u.Memory is not null and not 0)
        {
            if (u.Memory > (hc.MemorySwap ?? 0) && u.MemorySwap is null or 0)
                throw EngineException.Conflict("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
            hc.Memory = u.Memory;
        }
        if (u.MemorySwap is not null and not 0) hc.MemorySwap = u.MemorySwap;
        if (u.MemoryReservation is not null and not 0) hc.MemoryReservation = u.MemoryReservation;
        if (u.CpuRealtimePeriod is not null and not 0) hc.CpuRealtimePeriod = u.CpuRealtimePeriod;
        if (u.CpuRealtimeRuntime is not null and not 0) hc.CpuRealtimeRuntime = u.CpuRealtimeRuntime;
        if (u.PidsLimit is not null) hc.PidsLimit = u.PidsLimit;
        if (!string.IsNullOrEmpty(u.RestartPolicy?.Name))
        {
            var p = u.RestartPolicy!;
            if (hc.AutoRemove == true && p.Name != "no")
                throw EngineException.Conflict("Restart policy cannot be updated because AutoRemove is enabled for the container");
            if (p.Name is not ("no" or "always" or "unless-stopped" or "on-failure"))
                throw EngineException.Invalid($"invalid restart policy '{p.Name}'");
            if (p.MaximumRetryCount is > 0 && p.Name != "on-failure")
                throw EngineException.Invalid($"invalid restart policy: maximum retry count can only be used with 'on-failure'");
            hc.RestartPolicy = new RestartPolicy { Name = p.Name, MaximumRetryCount = p.MaximumRetryCount ?? 0 };
        }
    }

    /// <summary>The cgroup side of an update: only what the request set (null fields are left as they are).</summary>
    internal static LinuxResources UpdateResources(HostConfig u)
    {
        var r = new LinuxResources();
        if (u.Memory is > 0 || u.MemorySwap is not null and not 0 || u.MemoryReservation is > 0)
        {
            r.Memory = new LinuxMemory
            {
                Limit = u.Memory is > 0 ? u.Memory : null,
                Swap = u.MemorySwap is not null and not 0 ? u.MemorySwap : null,
                Reservation = u.MemoryReservation is > 0 ? u.MemoryReservation : null,
            };
        }
        var cpu = new LinuxCpu();
        bool anyCpu = false;
        if (u.CpuShares is > 0) { cpu.Shares = (ulong)u.CpuShares.Value; anyCpu = true; }
        if (u.NanoCpus is > 0) { cpu.Period = 100_000; cpu.Quota = u.NanoCpus.Value * 100_000 / 1_000_000_000; anyCpu = true; }
        if (u.CpuPeriod is > 0) { cpu.Period = (ulong)u.CpuPeriod.Value; anyCpu = true; }
        if (u.CpuQuota is not null and not 0) { cpu.Quota = u.CpuQuota; anyCpu = true; }
        if (!string.IsNullOrEmpty(u.CpusetCpus)) { cpu.Cpus = u.CpusetCpus; anyCpu = true; }
        if (!string.IsNullOrEmpty(u.CpusetMems)) { cpu.Mems = u.CpusetMems; anyCpu = true; }
        if (u.CpuRealtimePeriod is > 0) { cpu.RealtimePeriod = (ulong)u.CpuRealtimePeriod.Value; anyCpu = true; }
        if (u.CpuRealtimeRuntime is > 0) { cpu.RealtimeRuntime = u.CpuRealtimeRuntime; anyCpu = true; }
        if (anyCpu) r.Cpu = cpu;
        if (u.PidsLimit is not null) r.Pids = new LinuxPids { Limit = u.PidsLimit.Value <= 0 ? -1 : u.PidsLimit.Value };
        if (u.BlkioWeight is > 0) r.BlockIO = new LinuxBlockIo { Weight = (ushort)u.BlkioWeight.Value };
        return r;
    }
}
