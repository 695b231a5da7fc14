namespace Berth.Api.Routing;

/// <summary>An Engine API version (major.minor), taken from the /v1.xx prefix of a request path.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    public static readonly ApiVersion Min = new(1, 24);
    public static readonly ApiVersion Max = new(1, 50);

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);
    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}";

    public static bool TryParse(ReadOnlySpan<char> s, out ApiVersion version)
    {
        version = default;
        int dot = s.IndexOf('.');
        if (dot <= 0) return false;
        if (!int.TryParse(s[..dot], out int major) || !int.TryParse(s[(dot + 1)..], out int minor)) return false;
        version = new ApiVersion(major, minor);
        return true;
    }

    /// <summary>
    /// Splits "/v1.41/containers/json" into the version and "/containers/json". A path without a prefix is served at
    /// the newest version, as moby does. Returns an error message for versions outside [Min, Max].
    /// </summary>
    public static string? Split(string path, out ApiVersion version, out string rest)
    {
        version = Max;
        rest = path;
        if (path.Length > 2 && path[1] == 'v' && char.IsAsciiDigit(path[2]))
        {
            int slash = path.IndexOf('/', 1);
            var text = slash < 0 ? path.AsSpan(2) : path.AsSpan(2, slash - 2);
            if (!TryParse(text, out version)) return null;
            rest = slash < 0 ? "/" : path[slash..];
            if (version > Max) return $"client version {version} is too new. Maximum supported API version is {Max}";
            if (version < Min) return $"client version {version} is too old. Minimum supported API version is {Min}, please upgrade your client to a newer version";
        }
        return null;
    }
}
