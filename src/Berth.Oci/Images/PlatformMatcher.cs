using System.Runtime.InteropServices;

namespace Berth.Oci.Images;

/// <summary>
/// Chooses manifests from an index for a wanted platform, as containerd's <c>platforms.Only</c> does: os and
/// architecture must match after normalisation (x86_64 → amd64, aarch64 → arm64 …); an empty wanted variant
/// accepts any; a wanted variant also accepts older compatible ones (arm v7 runs v6 and v5; arm64 v8 is the
/// default arm64), the closest first.
/// </summary>
public sealed class PlatformMatcher
{
    public Platform Wanted { get; }

    public PlatformMatcher(Platform wanted) => Wanted = Normalize(wanted);

    /// <summary>The platform of this machine (linux/amd64, linux/arm64/v8 …).</summary>
    public static Platform Host()
    {
        string arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.X86 => "386",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64le",
            Architecture.RiscV64 => "riscv64",
            Architecture.LoongArch64 => "loong64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return Normalize(new Platform { Os = "linux", Architecture = arch, Variant = arch == "arm" ? "v7" : null });
    }

    /// <summary>Parses <c>os[/arch[/variant]]</c> (Docker's <c>--platform</c>); the os alone means the host's architecture.</summary>
    public static Platform Parse(string text)
    {
        string[] parts = text.Trim().ToLowerInvariant().Split('/');
        if (parts.Length is < 1 or > 3 || parts.Any(p => p.Length == 0))
            throw new FormatException($"invalid platform \"{text}\": expected os[/arch[/variant]]");
        var host = Host();
        var p = new Platform
        {
            Os = parts[0],
            Architecture = parts.Length > 1 ? parts[1] : host.Architecture,
            Variant = parts.Length > 2 ? parts[2] : (parts.Length == 1 ? host.Variant : null),
        };
        return Normalize(p);
    }

    public static Platform Normalize(Platform p)
    {
        string os = p.Os.ToLowerInvariant();
        if (os == "macos") os = "darwin";
        string arch = p.Architecture.ToLowerInvariant();
        string? variant = string.IsNullOrEmpty(p.Variant) ? null : p.Variant.ToLowerInvariant();
        switch (arch)
        {
            case "i386": arch = "386"; variant = null; break;
            case "x86_64" or "x86-64" or "amd64":
                arch = "amd64";
                if (variant == "v1") variant = null;
                break;
            case "aarch64" or "arm64":
                arch = "arm64";
                if (variant is "8" or "v8") variant = null;
                break;
            case "armhf": arch = "arm"; variant = "v7"; break;
            case "armel": arch = "arm"; variant = "v6"; break;
            case "arm":
                if (variant is null or "7") variant = "v7";
                else if (variant is "5" or "6" or "8") variant = "v" + variant;
                break;
        }
        return new Platform { Os = os, Architecture = arch, Variant = variant, OsVersion = p.OsVersion, OsFeatures = p.OsFeatures, Features = p.Features };
    }

    /// <summary>True when an image of <paramref name="candidate"/> runs on the wanted platform.</summary>
    public bool Matches(Platform candidate) => Rank(candidate) >= 0;

    /// <summary>0 for an exact match, higher for less preferred compatible ones, -1 for no match.</summary>
    public int Rank(Platform candidate)
    {
        var c = Normalize(candidate);
        if (c.Os != Wanted.Os || c.Architecture != Wanted.Architecture) return -1;
        if (Wanted.Variant is null) return c.Variant is null ? 0 : 1;
        if (c.Variant == Wanted.Variant) return 0;
        if (Wanted.Architecture == "arm" && c.Variant is not null)
        {
            int want = VariantNumber(Wanted.Variant), have = VariantNumber(c.Variant);
            if (want > 0 && have > 0 && have < want) return want - have;
        }
        if (Wanted.Architecture == "amd64" && c.Variant is null) return 10;
        if (Wanted.Architecture == "amd64" && c.Variant is not null)
        {
            int want = VariantNumber(Wanted.Variant), have = VariantNumber(c.Variant);
            if (want > 0 && have > 0 && have < want) return want - have;
        }
        return -1;
    }

    /// <summary>The best entry of an index for the wanted platform, or null.</summary>
    public Descriptor? Select(IEnumerable<Descriptor> manifests)
    {
        Descriptor? best = null;
        int bestRank = int.MaxValue;
        foreach (var d in manifests)
        {
            if (d.Platform is null) continue;
            // attestation manifests (buildx) carry platform unknown/unknown and never match.
            int rank = Rank(d.Platform);
            if (rank >= 0 && rank < bestRank)
            {
                best = d;
                bestRank = rank;
            }
        }
        return best;
    }

    private static int VariantNumber(string v) =>
        v.Length > 1 && v[0] == 'v' && int.TryParse(v.AsSpan(1), out int n) ? n : -1;

    public static string Format(Platform p)
    {
        var n = Normalize(p);
        return n.Variant is null ? $"{n.Os}/{n.Architecture}" : $"{n.Os}/{n.Architecture}/{n.Variant}";
    }
}
