using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Resources;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Init;

/// <summary>Settings of the init that its program inherits: sysctls, oom_score_adj, rlimits.</summary>
internal static class ProcessLimits
{
    public static void ApplySysctls(Dictionary<string, string>? sysctls)
    {
        if (sysctls is null) return;
        foreach (var (key, value) in sysctls)
        {
            string path = "/proc/sys/" + key.Replace('.', '/');
            int errno = DescriptorCalls.TryWriteFile(path, value);
            if (errno != 0) throw RuntimeException.Invalid($"linux.sysctl: {key}={value}: {Errnos.Describe(errno)}");
        }
    }

    public static void ApplyOomScoreAdj(int? value)
    {
        if (value is not int v) return;
        string current = "";
        try { current = File.ReadAllText("/proc/self/oom_score_adj").Trim(); } catch (IOException) { }
        if (current == v.ToString(System.Globalization.CultureInfo.InvariantCulture)) return;
        int errno = DescriptorCalls.TryWriteFile("/proc/self/oom_score_adj", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (errno == Errnos.EACCES || errno == Errnos.EPERM)
            throw RuntimeException.Invalid($"process.oomScoreAdj: cannot lower oom_score_adj from {current} to {v} without CAP_SYS_RESOURCE");
        if (errno != 0) throw RuntimeException.Invalid($"process.oomScoreAdj: {v}: {Errnos.Describe(errno)}");
    }

    public static void ApplyRlimits(List<PosixRlimit>? rlimits)
    {
        if (rlimits is null) return;
        foreach (var r in rlimits)
        {
            int resource = ResourceLimits.Parse(r.Type);
            if (resource < 0) throw RuntimeException.Invalid($"process.rlimits: unknown rlimit type: {r.Type}");
            int errno = ResourceLimits.TrySet(resource, r.Soft, r.Hard);
            if (errno == 0) continue;
            if (errno == Errnos.EPERM)
            {
                var (_, hard) = ResourceLimits.Get(resource);
                throw RuntimeException.Invalid(
                    $"process.rlimits: {r.Type} hard limit {Format(r.Hard)} is above the current hard limit {Format(hard)} (raising it needs CAP_SYS_RESOURCE)");
            }
            throw RuntimeException.Invalid($"process.rlimits: {r.Type} soft {Format(r.Soft)} hard {Format(r.Hard)}: {Errnos.Describe(errno)}");
        }
    }

    private static string Format(ulong v) => v == ResourceLimits.Infinity ? "unlimited" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
