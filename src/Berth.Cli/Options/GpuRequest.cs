using System.Globalization;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Options;

/// <summary>docker's GpuOpts: "all", "2", or "count=…,device=…,driver=…,capabilities=…" as a container.DeviceRequest.</summary>
public static class GpuRequest
{
    public static GoStruct Parse(string value)
    {
        var req = GoSchema.New("container.DeviceRequest");
        var caps = new List<string>();
        bool seenDevice = false, seenCount = false;
        foreach (var field in Csv.SplitLine(value))
        {
            int eq = field.IndexOf('=');
            string key = eq < 0 ? field : field[..eq];
            string val = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                if (field == "all") { req["Count"] = -1L; seenCount = true; continue; }
                if (int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)) { req["Count"] = (long)n; seenCount = true; continue; }
                throw new FlagValueException($"invalid field '{field}' must be a key=value pair");
            }
            switch (key)
            {
                case "driver": req["Driver"] = val; break;
                case "count":
                    if (val == "all") req["Count"] = -1L;
                    else if (int.TryParse(val, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c)) req["Count"] = (long)c;
                    else throw new FlagValueException($"invalid count ({val}): value must be either \"all\" or an integer");
                    seenCount = true;
                    break;
                case "device":
                    req["DeviceIDs"] = GoSlice.Of(val.Split(','));
                    seenDevice = true;
                    break;
                case "capabilities":
                    caps.AddRange(val.Split(','));
                    break;
                case "options":
                {
                    var opts = GoMap.EmptyOf(GoType.String);
                    foreach (var o in val.Split(','))
                    {
                        int e2 = o.IndexOf('=');
                        opts.Set(e2 < 0 ? o : o[..e2], e2 < 0 ? "" : o[(e2 + 1)..]);
                    }
                    req["Options"] = opts;
                    break;
                }
                default:
                    throw new FlagValueException($"unexpected key '{key}' in '{field}'");
            }
        }
        if (seenCount && seenDevice) throw new FlagValueException("cannot set both Count and DeviceIDs on device request");
        if (!caps.Contains("gpu")) caps.Add("gpu");
        req["Capabilities"] = new GoSlice(GoType.SliceOf(GoType.StringSlice), [GoSlice.Of(caps)]);
        return req;
    }
}
