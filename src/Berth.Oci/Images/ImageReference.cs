using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Oci.Images;

/// <summary>
/// An image reference with Docker's normalisation (distribution/reference grammar): <c>busybox</c> is
/// <c>docker.io/library/busybox:latest</c>, <c>localhost:5000/x</c> keeps its registry, <c>name@sha256:…</c>
/// names content by digest, and <c>name:tag@sha256:…</c> keeps both (the digest wins when resolving).
/// </summary>
public sealed partial class ImageReference : IEquatable<ImageReference>
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const string LegacyDefaultDomain = "index.docker.io";
    private const string OfficialRepositoryPrefix = "library/";
    private const int MaxNameLength = 255;

    /// <summary>The registry host, with its port if any (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Domain { get; }
    /// <summary>The repository path inside the registry (<c>library/busybox</c>).</summary>
    public string Path { get; }
    public string? Tag { get; }
    public Digest? Digest { get; }

    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary><c>domain/path</c>: the fully qualified repository name.</summary>
    public string Name => Domain + "/" + Path;

    /// <summary>The repository as Docker shows it (<c>busybox</c>, <c>user/app</c>, <c>localhost:5000/x</c>).</summary>
    public string FamiliarName =>
        Domain == DefaultDomain
            ? (Path.StartsWith(OfficialRepositoryPrefix, StringComparison.Ordinal) && Path.IndexOf('/', OfficialRepositoryPrefix.Length) < 0
                ? Path[OfficialRepositoryPrefix.Length..]
                : Path)
            : Name;

    /// <summary>What the registry is asked for: the digest if there is one, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>The same repository with another tag (and no digest).</summary>
    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag)) throw new FormatException($"invalid tag \"{tag}\"");
        return new(Domain, Path, tag, null);
    }

    /// <summary>The same repository with a digest (and no tag).</summary>
    public ImageReference WithDigest(Digest digest) => new(Domain, Path, null, digest);

    /// <summary>The repository alone, for listings of a repository's tags.</summary>
    public ImageReference WithoutTagOrDigest() => new(Domain, Path, null, null);

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    /// <summary>The reference as Docker prints it (<c>busybox:latest</c>, <c>x@sha256:…</c>).</summary>
    public string FamiliarString =>
        FamiliarName + (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    /// <summary>
    /// Parses and normalises a reference; adds the tag <c>latest</c> when neither a tag nor a digest is given.
    /// </summary>
    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out string? error) ? reference : throw new FormatException(error);

    /// <summary>Parses without adding a default tag (for <c>docker pull --all-tags</c>, <c>docker images x</c>).</summary>
    public static ImageReference ParseRepository(string value) =>
        TryParse(value, defaultTag: false, out var reference, out string? error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error) =>
        TryParse(value, defaultTag: true, out reference, out error);

    public static bool TryParse(string? value, bool defaultTag, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "invalid reference format: empty reference";
            return false;
        }

        string remainder = value;
        Digest? digest = null;
        int at = remainder.IndexOf('@');
        if (at >= 0)
        {
            string digestText = remainder[(at + 1)..];
            if (!Images.Digest.TryParse(digestText, out var d))
            {
                error = $"invalid reference format: invalid digest in \"{value}\"";
                return false;
            }
            digest = d;
            remainder = remainder[..at];
        }

        string? tag = null;
        int lastColon = remainder.LastIndexOf(':');
        if (lastColon >= 0 && remainder.IndexOf('/', lastColon) < 0)
        {
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid reference format: invalid tag \"{tag}\" in \"{value}\"";
                return false;
            }
        }

        string domain, path;
        int slash = remainder.IndexOf('/');
        if (slash < 0)
        {
            domain = DefaultDomain;
            path = remainder;
        }
        else
        {
            string first = remainder[..slash];
            bool looksLikeDomain = first.Contains('.') || first.Contains(':') || first == "localhost" || first != first.ToLowerInvariant();
            if (looksLikeDomain)
            {
                domain = first;
                path = remainder[(slash + 1)..];
            }
            else
            {
                domain = DefaultDomain;
                path = remainder;
            }
        }
        if (domain == LegacyDefaultDomain) domain = DefaultDomain;
        if (domain == DefaultDomain && !path.Contains('/')) path = OfficialRepositoryPrefix + path;

        if (domain != DefaultDomain && !DomainPattern().IsMatch(domain))
        {
            error = $"invalid reference format: invalid registry \"{domain}\" in \"{value}\"";
            return false;
        }
        if (path.Length == 0 || !PathPattern().IsMatch(path))
        {
            error = path != path.ToLowerInvariant() && PathPattern().IsMatch(path.ToLowerInvariant())
                ? $"invalid reference format: repository name must be lowercase: \"{value}\""
                : $"invalid reference format: \"{value}\"";
            return false;
        }
        if (domain.Length + 1 + path.Length > MaxNameLength)
        {
            error = $"invalid reference format: repository name must not be more than {MaxNameLength} characters: \"{value}\"";
            return false;
        }
        if (tag is null && digest is null && defaultTag) tag = DefaultTag;

        reference = new ImageReference(domain, path, tag, digest);
        error = null;
        return true;
    }

    /// <summary>True for a full or short hex image id (which Docker tries before a reference).</summary>
    public static bool LooksLikeImageId(string value)
    {
        string hex = value.StartsWith("sha256:", StringComparison.Ordinal) ? value[7..] : value;
        return hex.Length is >= 1 and <= 64 && IdPattern().IsMatch(hex);
    }

    public bool Equals(ImageReference? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as ImageReference);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    // path-component(/path-component)*, each [a-z0-9]+ separated by ".", "_", "__" or "-"+.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    // host (dns labels or [ipv6]) with an optional port.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex IdPattern();
}
