using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Options;

/// <summary>docker's MountOpt.Set: "--mount type=bind,source=…,target=…,readonly,…" into a mount.Mount.</summary>
public static class MountSpec
{
    public static GoStruct Parse(string value, string? workingDirectory = null)
    {
        var fields = Csv.SplitLine(value);
        var m = GoSchema.New("mount.Mount");
        GoStruct? volumeOptions = null, imageOptions = null, bindOptions = null, tmpfsOptions = null;
        GoStruct VolumeOptions()
        {
            if (volumeOptions is null)
            {
                volumeOptions = GoSchema.New("mount.VolumeOptions");
                volumeOptions["Labels"] = GoMap.EmptyOf(GoType.String);
                m["VolumeOptions"] = volumeOptions;
            }
            if (volumeOptions["DriverConfig"] is not GoStruct)
                volumeOptions["DriverConfig"] = GoSchema.New("mount.Driver");
            return volumeOptions;
        }
        GoStruct BindOptions() => bindOptions ??= (GoStruct)(m["BindOptions"] = GoSchema.New("mount.BindOptions"))!;
        GoStruct TmpfsOptions() => tmpfsOptions ??= (GoStruct)(m["TmpfsOptions"] = GoSchema.New("mount.TmpfsOptions"))!;
        GoStruct ImageOptions() => imageOptions ??= (GoStruct)(m["ImageOptions"] = GoSchema.New("mount.ImageOptions"))!;
        static void SetOnMap(GoMap target, string v)
        {
            int eq = v.IndexOf('=');
            string k = eq < 0 ? v : v[..eq];
            if (k.Length > 0) target.Set(k, eq < 0 ? "" : v[(eq + 1)..]);
        }
        static bool ParseBool(string key, string val) =>
            GoParse.ParseBool(val) ?? throw new FlagValueException($"invalid value for {key}: {val}");

        m["Type"] = "volume";
        foreach (var field in fields)
        {
            int eq = field.IndexOf('=');
            string key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            string val = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro": m["ReadOnly"] = true; continue;
                    case "volume-nocopy": VolumeOptions()["NoCopy"] = true; continue;
                    case "bind-nonrecursive": BindOptions()["NonRecursive"] = true; continue;
                    default: throw new FlagValueException($"invalid field '{field}' must be a key=value pair");
                }
            }
            switch (key)
            {
                case "type": m["Type"] = val.ToLowerInvariant(); break;
                case "source" or "src":
                    m["Source"] = val;
                    if (!val.StartsWith('/') && val.StartsWith('.'))
                        m["Source"] = Path.GetFullPath(Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), val)).TrimEnd('/') is { Length: > 0 } full ? full : "/";
                    break;
                case "target" or "dst" or "destination": m["Target"] = val; break;
                case "readonly" or "ro": m["ReadOnly"] = ParseBool(key, val); break;
                case "consistency": m["Consistency"] = val.ToLowerInvariant(); break;
                case "bind-propagation": BindOptions()["Propagation"] = val.ToLowerInvariant(); break;
                case "bind-nonrecursive": BindOptions()["NonRecursive"] = ParseBool(key, val); break;
                case "bind-recursive":
                    switch (val)
                    {
                        case "enabled": break;
                        case "disabled": BindOptions()["NonRecursive"] = true; break;
                        case "writable": BindOptions()["ReadOnlyNonRecursive"] = true; break;
                        case "readonly": BindOptions()["ReadOnlyForceRecursive"] = true; break;
                        default: throw new FlagValueException($"invalid value for {key}: {val} (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
                    }
                    break;
                case "volume-subpath": VolumeOptions()["Subpath"] = val; break;
                case "volume-nocopy":
                    VolumeOptions()["NoCopy"] = GoParse.ParseBool(val) ?? throw new FlagValueException($"invalid value for volume-nocopy: {val}");
                    break;
                case "volume-label": SetOnMap((GoMap)VolumeOptions()["Labels"]!, val); break;
                case "volume-driver": ((GoStruct)VolumeOptions()["DriverConfig"]!)["Name"] = val; break;
                case "volume-opt":
                {
                    var driver = (GoStruct)VolumeOptions()["DriverConfig"]!;
                    if (driver["Options"] is not GoMap { Entries: not null }) driver["Options"] = GoMap.EmptyOf(GoType.String);
                    SetOnMap((GoMap)driver["Options"]!, val);
                    break;
                }
                case "image-subpath": ImageOptions()["Subpath"] = val; break;
                case "tmpfs-size":
                    try
                    {
                        TmpfsOptions()["SizeBytes"] = Units.RamInBytes(val);
                    }
                    catch (FlagValueException)
                    {
                        throw new FlagValueException($"invalid value for {key}: {val}");
                    }
                    break;
                case "tmpfs-mode":
                    try
                    {
                        TmpfsOptions()["Mode"] = (ulong)Convert.ToUInt32(val, 8);
                    }
                    catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
                    {
                        throw new FlagValueException($"invalid value for {key}: {val}");
                    }
                    break;
                default:
                    throw new FlagValueException($"unexpected key '{key}' in '{field}'");
            }
        }
        string type = m.Str("Type");
        if (type.Length == 0) throw new FlagValueException("type is required");
        if (m.Str("Target").Length == 0) throw new FlagValueException("target is required");
        if (volumeOptions is not null && type != "volume") throw new FlagValueException($"cannot mix 'volume-*' options with mount type '{type}'");
        if (imageOptions is not null && type != "image") throw new FlagValueException($"cannot mix 'image-*' options with mount type '{type}'");
        if (bindOptions is not null && type != "bind") throw new FlagValueException($"cannot mix 'bind-*' options with mount type '{type}'");
        if (tmpfsOptions is not null && type != "tmpfs") throw new FlagValueException($"cannot mix 'tmpfs-*' options with mount type '{type}'");
        if (bindOptions is not null)
        {
            if (bindOptions.Bool("ReadOnlyNonRecursive") && !m.Bool("ReadOnly"))
                throw new FlagValueException("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
            if (bindOptions.Bool("ReadOnlyForceRecursive"))
            {
                if (!m.Bool("ReadOnly")) throw new FlagValueException("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
                if (bindOptions.Str("Propagation") != "rprivate")
                    throw new FlagValueException("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
            }
        }
        _ = CultureInfo.InvariantCulture;
        return m;
    }
}
