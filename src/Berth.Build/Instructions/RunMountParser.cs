using System.Globalization;
using System.Text;

namespace Berth.Build.Instructions;

/// <summary>Parses <c>--mount=type=cache,target=/root/.cache,sharing=locked</c> (CSV fields, key=value).</summary>
public static class RunMountParser
{
    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal) { "bind", "cache", "tmpfs", "secret", "ssh" };

    /// <summary>Checks what can be checked before expansion (from= may not use variables).</summary>
    public static void Validate(string value)
    {
        foreach (var field in Fields(value))
        {
            int eq = field.IndexOf('=');
            if (eq < 0) continue;
            if (field[..eq].Equals("type", StringComparison.OrdinalIgnoreCase) && !field.Contains('$')
                && !s_types.Contains(field[(eq + 1)..].ToLowerInvariant()))
                throw BuildException.Invalid($"unsupported mount type \"{field[(eq + 1)..]}\"");
            if (field[..eq].Equals("from", StringComparison.OrdinalIgnoreCase))
            {
                string v = field[(eq + 1)..];
                int dollar = v.IndexOf('$');
                if (dollar != -1 && dollar != v.Length - 1)
                    throw BuildException.Invalid("'from' doesn't support variable expansion, define alias stage instead");
            }
        }
    }

    public static RunMount Parse(string value, Func<string, string> expand)
    {
        var m = new RunMount();
        bool roAuto = true;
        foreach (var field in Fields(value))
        {
            int eq = field.IndexOf('=');
            string key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro": m.ReadOnly = true; roAuto = false; continue;
                    case "readwrite" or "rw": m.ReadOnly = false; roAuto = false; continue;
                    case "required":
                        if (m.Type is "secret" or "ssh") { m.Required = true; continue; }
                        throw BuildException.Invalid($"unexpected key '{key}' for mount type '{m.Type}'");
                    default: throw BuildException.Invalid($"invalid field '{field}' must be a key=value pair");
                }
            }
            string v = expand(field[(eq + 1)..]);
            switch (key)
            {
                case "type":
                    v = v.ToLowerInvariant();
                    if (!s_types.Contains(v)) throw BuildException.Invalid($"unsupported mount type \"{v}\"");
                    m.Type = v;
                    break;
                case "from": m.From = v; break;
                case "source" or "src": m.Source = v; break;
                case "target" or "dst" or "destination": m.Target = v; break;
                case "readonly" or "ro": m.ReadOnly = ParseBool(key, v); roAuto = false; break;
                case "readwrite" or "rw": m.ReadOnly = !ParseBool(key, v); roAuto = false; break;
                case "required":
                    if (m.Type is not ("secret" or "ssh")) throw BuildException.Invalid($"unexpected key '{key}' for mount type '{m.Type}'");
                    m.Required = ParseBool(key, v);
                    break;
                case "size":
                    if (m.Type != "tmpfs") throw BuildException.Invalid($"unexpected key '{key}' for mount type '{m.Type}'");
                    m.SizeLimit = ParseRamSize(v) ?? throw BuildException.Invalid($"invalid value for {key}: {v}");
                    break;
                case "id": m.Id = v; break;
                case "sharing":
                    v = v.ToLowerInvariant();
                    if (v is not ("shared" or "private" or "locked")) throw BuildException.Invalid($"unsupported sharing value \"{v}\"");
                    m.Sharing = v;
                    break;
                case "mode":
                    try { m.Mode = Convert.ToUInt32(v, 8); }
                    catch (Exception e) when (e is FormatException or OverflowException or ArgumentException) { throw BuildException.Invalid($"invalid value {v} for mode"); }
                    break;
                case "uid":
                    m.Uid = uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : throw BuildException.Invalid($"invalid value {v} for uid");
                    break;
                case "gid":
                    m.Gid = uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? gid : throw BuildException.Invalid($"invalid value {v} for gid");
                    break;
                case "env": m.Env = v; break;
                default: throw BuildException.Invalid($"unexpected key '{key}' in '{field}'");
            }
        }
        bool fileInfoAllowed = m.Type is "secret" or "ssh" or "cache";
        if (!fileInfoAllowed)
        {
            if (m.Mode is not null) throw BuildException.Invalid($"mode not allowed for \"{m.Type}\" type mounts");
            if (m.Uid is not null) throw BuildException.Invalid($"uid not allowed for \"{m.Type}\" type mounts");
            if (m.Gid is not null) throw BuildException.Invalid($"gid not allowed for \"{m.Type}\" type mounts");
        }
        if (roAuto) m.ReadOnly = m.Type is not ("cache" or "tmpfs");
        if (m.Type == "secret")
        {
            if (m.From is not null) throw BuildException.Invalid("secret mount should not have a from");
            if (m.Sharing is not null) throw BuildException.Invalid("secret mount should not define sharing");
            if (m.Source is null && m.Target is null && m.Id is null && m.Env is null) throw BuildException.Invalid("invalid secret mount. one of source, target required");
            if (m.Source is not null && m.Id is not null) throw BuildException.Invalid("both source and id can't be set");
        }
        if (m.Sharing is not null && m.Type != "cache") throw BuildException.Invalid($"invalid cache sharing set for {m.Type} mount");
        if (m.Type is "bind" or "cache" or "tmpfs" && string.IsNullOrEmpty(m.Target))
            throw BuildException.Invalid($"mount type {m.Type} requires a target");
        return m;
    }

    private static bool ParseBool(string key, string v) => v.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw BuildException.Invalid($"invalid value for {key}: {v}"),
    };

    /// <summary>docker/go-units RAMInBytes: "64m", "1g", "512k", "100" (binary multiples).</summary>
    public static long? ParseRamSize(string s)
    {
        s = s.Trim();
        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n)) return null;
        string unit = s[i..].Trim().ToLowerInvariant();
        double mult = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1024,
            "m" or "mb" or "mib" => 1024d * 1024,
            "g" or "gb" or "gib" => 1024d * 1024 * 1024,
            "t" or "tb" or "tib" => 1024d * 1024 * 1024 * 1024,
            _ => -1,
        };
        return mult < 0 ? null : (long)(n * mult);
    }

    /// <summary>CSV fields: commas separate, double quotes group (""" is a quote).</summary>
    internal static List<string> Fields(string value)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < value.Length && value[i + 1] == '"') { sb.Append('"'); i++; }
                    else quoted = false;
                }
                else sb.Append(c);
                continue;
            }
            if (c == '"') { quoted = true; continue; }
            if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
                continue;
            }
            sb.Append(c);
        }
        if (quoted) throw BuildException.Invalid($"failed to parse csv mounts: unterminated quote in \"{value}\"");
        fields.Add(sb.ToString());
        return fields.Where(f => f.Length > 0).ToList();
    }
}
