using System.Text.RegularExpressions;

namespace Berth.Cli.Options;

/// <summary>
/// An image reference as distribution/reference's ParseNormalizedNamed reads it: "busybox" is
/// "docker.io/library/busybox", "localhost:5000/x:1" keeps its registry; tag and digest optional.
/// </summary>
public sealed partial class ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string LegacyDefaultDomain = "index.docker.io";
    public const string OfficialPrefix = "library/";

    private ImageReference(string domain, string path, string? tag, string? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    public string Domain { get; }
    public string Path { get; }
    public string? Tag { get; }
    public string? Digest { get; }

    /// <summary>"docker.io/library/busybox".</summary>
    public string Name => Domain + "/" + Path;

    /// <summary>"busybox" for official images, "user/app" on Docker Hub, "host:5000/app" elsewhere.</summary>
    public string FamiliarName
    {
        get
        {
            if (Domain != DefaultDomain) return Name;
            return Path.StartsWith(OfficialPrefix, StringComparison.Ordinal) && Path.IndexOf('/', OfficialPrefix.Length) < 0
                ? Path[OfficialPrefix.Length..]
                : Path;
        }
    }

    public string FamiliarString => FamiliarName + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>With ":latest" when neither tag nor digest was given (reference.TagNameOnly).</summary>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? new ImageReference(Domain, Path, "latest", null) : this;

    public ImageReference WithTag(string tag) => new(Domain, Path, tag, null);

    public ImageReference NameOnly() => new(Domain, Path, null, null);

    [GeneratedRegex(@"^[a-f0-9]{64}$")]
    private static partial Regex HexId();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestPattern();

    public static bool TryParse(string s, out ImageReference? reference, out string error)
    {
        reference = null;
        error = "";
        if (HexId().IsMatch(s))
        {
            error = $"invalid repository name ({s}), cannot specify 64-byte hexadecimal strings";
            return false;
        }
        string rest = s;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = "invalid reference format";
                return false;
            }
        }
        string? tag = null;
        int lastSlash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = "invalid reference format";
                return false;
            }
        }
        if (rest.Length == 0)
        {
            error = "invalid reference format";
            return false;
        }
        string domain, path;
        int slash = rest.IndexOf('/');
        if (slash < 0 || (!rest[..slash].Contains('.') && !rest[..slash].Contains(':') && rest[..slash] != "localhost"
            && rest[..slash].ToLowerInvariant() == rest[..slash]))
        {
            domain = DefaultDomain;
            path = rest;
        }
        else
        {
            domain = rest[..slash];
            path = rest[(slash + 1)..];
        }
        if (domain == LegacyDefaultDomain) domain = DefaultDomain;
        if (domain == DefaultDomain && !path.Contains('/')) path = OfficialPrefix + path;
        if (!DomainPattern().IsMatch(domain))
        {
            error = "invalid reference format";
            return false;
        }
        foreach (var component in path.Split('/'))
        {
            if (!PathComponent().IsMatch(component))
            {
                error = component.ToLowerInvariant() != component && PathComponent().IsMatch(component.ToLowerInvariant())
                    ? $"invalid reference format: repository name ({path}) must be lowercase"
                    : "invalid reference format";
                return false;
            }
        }
        if (domain.Length + 1 + path.Length > 255)
        {
            error = "invalid reference format: repository name must not be more than 255 characters";
            return false;
        }
        reference = new ImageReference(domain, path, tag, digest);
        return true;
    }

    public static ImageReference Parse(string s) =>
        TryParse(s, out var r, out var error) ? r! : throw new CliException(error);
}
