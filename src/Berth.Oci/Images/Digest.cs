using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Berth.Oci.Images;

/// <summary>A content digest, <c>algorithm:hex</c> (descriptor.md). Only sha256 and sha512 are accepted.</summary>
public readonly partial record struct Digest(string Algorithm, string Hex)
{
    public override string ToString() => Algorithm + ":" + Hex;

    /// <summary>The first 12 hex characters, as Docker shows image ids.</summary>
    public string Short => Hex.Length > 12 ? Hex[..12] : Hex;

    public static Digest Parse(string value) =>
        TryParse(value, out var d) ? d : throw new FormatException($"invalid digest \"{value}\": expected sha256:<64 hex> or sha512:<128 hex>");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(value)) return false;
        int colon = value.IndexOf(':');
        if (colon <= 0) return false;
        string alg = value[..colon], hex = value[(colon + 1)..];
        int want = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (want < 0 || hex.Length != want || !HexPattern().IsMatch(hex)) return false;
        digest = new Digest(alg, hex);
        return true;
    }

    public static Digest Sha256(ReadOnlySpan<byte> data) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex HexPattern();
}
