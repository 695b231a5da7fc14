using Berth.Linux.Capabilities;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>What this runtime implements, for the <c>features</c> command (features.md, features-linux.md).</summary>
public static class Features
{
    public static RuntimeFeatures Describe()
    {
        var caps = new List<string>();
        for (int c = 0; c <= Capability.LastCap && c < Capability.Names.Length; c++) caps.Add(Capability.Names[c]);
        return new RuntimeFeatures
        {
            OciVersionMin = "1.0.0",
            OciVersionMax = "1.2.0",
            Hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
            MountOptions =
            [
                "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion", "lazytime", "loud",
                "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime", "nomand", "norelatime",
                "nostrictatime", "nosuid", "nosymfollow", "private", "ratime", "rbind", "rdev", "rdiratime", "relatime",
                "remount", "rexec", "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime",
                "rnosuid", "rnosymfollow", "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave",
                "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared", "silent", "slave", "strictatime",
                "suid", "symfollow", "sync", "tmpcopyup", "unbindable",
            ],
            Linux = new FeaturesLinux
            {
                Namespaces = ["cgroup", "ipc", "mount", "network", "pid", "uts"],
                Capabilities = caps,
                Cgroup = new FeaturesCgroup { V1 = true, V2 = true, Systemd = false, SystemdUser = false, Rdma = false },
                Seccomp = new FeaturesSeccomp
                {
                    Enabled = true,
                    Actions = ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
                        "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"],
                    Operators = ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"],
                    Archs = ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
                    KnownFlags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
                    SupportedFlags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
                },
                Apparmor = new FeaturesEnabled { Enabled = false },
                Selinux = new FeaturesEnabled { Enabled = false },
                IntelRdt = new FeaturesEnabled { Enabled = false },
                MountExtensions = new FeaturesMountExtensions { Idmap = new FeaturesEnabled { Enabled = false } },
            },
            Annotations = new Dictionary<string, string> { ["io.berth.runtime.version"] = RuntimeVersion.Version },
        };
    }
}
