using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Oci.Images;

namespace Berth.Engine.Images;

/// <summary>
/// The Dockerfile instructions that "docker commit --change" and "docker import --change" accept: CMD, ENTRYPOINT,
/// ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR, applied to an image config.
/// </summary>
public static class ChangeInstructions
{
    public static ContainerConfig Apply(ContainerConfig config, IEnumerable<string> changes)
    {
        foreach (var raw in changes)
        {
            string change = raw.Trim();
            if (change.Length == 0) continue;
            int sp = change.IndexOfAny([' ', '\t']);
            string keyword = (sp < 0 ? change : change[..sp]).ToUpperInvariant();
            string rest = sp < 0 ? "" : change[(sp + 1)..].Trim();
            switch (keyword)
            {
                case "CMD": config.Cmd = Command(rest); break;
                case "ENTRYPOINT": config.Entrypoint = Command(rest); break;
                case "ENV":
                    config.Env ??= new();
                    foreach (var (k, v) in KeyValues(rest, keyword))
                    {
                        config.Env.RemoveAll(e => e.Split('=', 2)[0] == k);
                        config.Env.Add(k + "=" + v);
                    }
                    break;
                case "LABEL":
                    config.Labels ??= new();
                    foreach (var (k, v) in KeyValues(rest, keyword)) config.Labels[k] = v;
                    break;
                case "EXPOSE":
                    config.ExposedPorts ??= new();
                    foreach (var p in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        config.ExposedPorts[p.Contains('/') ? p : p + "/tcp"] = EmptyObject.Instance;
                    break;
                case "VOLUME":
                    config.Volumes ??= new();
                    foreach (var v in rest.StartsWith('[') ? JsonArray(rest) : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())
                        config.Volumes[v] = EmptyObject.Instance;
                    break;
                case "USER": config.User = rest; break;
                case "WORKDIR": config.WorkingDir = rest; break;
                case "STOPSIGNAL": config.StopSignal = rest; break;
                case "ONBUILD": (config.OnBuild ??= new()).Add(rest); break;
                case "HEALTHCHECK": config.Healthcheck = Healthcheck(rest); break;
                default:
                    throw EngineException.Invalid($"{keyword.ToLowerInvariant()} is not a valid change command");
            }
        }
        return config;
    }

    /// <summary>HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD … | NONE.</summary>
    private static HealthcheckConfig Healthcheck(string rest)
    {
        var h = new HealthcheckConfig();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            int sp = rest.IndexOfAny([' ', '\t']);
            string flag = sp < 0 ? rest : rest[..sp];
            rest = sp < 0 ? "" : rest[(sp + 1)..].TrimStart();
            int eq = flag.IndexOf('=');
            if (eq < 0) throw EngineException.Invalid($"HEALTHCHECK flag {flag} needs a value");
            string name = flag[2..eq], value = flag[(eq + 1)..];
            if (name is not ("interval" or "timeout" or "start-period" or "start-interval" or "retries"))
                throw EngineException.Invalid($"Unknown flag: {name}");
            if (name == "retries")
            {
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int retries))
                    throw EngineException.Invalid($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
                if (retries < 1) throw EngineException.Invalid($"--retries must be at least 1 (not {retries})");
                h.Retries = retries;
                continue;
            }
            if (!Berth.Build.Formatting.GoDuration.TryParse(value, out long nanos)) throw EngineException.Invalid($"time: invalid duration \"{value}\"");
            if (nanos != 0 && nanos < 1_000_000) throw EngineException.Invalid($"Interval \"{name}\" cannot be less than 1ms");
            switch (name)
            {
                case "interval": h.Interval = nanos; break;
                case "timeout": h.Timeout = nanos; break;
                case "start-period": h.StartPeriod = nanos; break;
                default: h.StartInterval = nanos; break;
            }
        }
        int space = rest.IndexOfAny([' ', '\t']);
        string type = (space < 0 ? rest : rest[..space]).ToUpperInvariant();
        string command = space < 0 ? "" : rest[(space + 1)..].Trim();
        switch (type)
        {
            case "NONE":
                if (command.Length > 0) throw EngineException.Invalid("HEALTHCHECK NONE takes no arguments");
                return new HealthcheckConfig { Test = ["NONE"] };
            case "CMD":
                if (command.Length == 0) throw EngineException.Invalid("Missing command after HEALTHCHECK CMD");
                h.Test = command.StartsWith('[') ? ["CMD", .. JsonArray(command)] : ["CMD-SHELL", command];
                return h;
            default:
                throw EngineException.Invalid($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }
    }

    private static List<string> Command(string rest) =>
        rest.StartsWith('[') ? JsonArray(rest) : ["/bin/sh", "-c", rest];

    private static List<string> JsonArray(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw EngineException.Invalid($"invalid JSON array: {text}");
        }
    }

    private static IEnumerable<(string Key, string Value)> KeyValues(string rest, string keyword)
    {
        if (!rest.Contains('='))
        {
            int sp = rest.IndexOf(' ');
            if (sp < 0) throw EngineException.Invalid($"{keyword} requires at least one argument");
            yield return (rest[..sp], rest[(sp + 1)..].Trim());
            yield break;
        }
        foreach (var word in SplitWords(rest))
        {
            int eq = word.IndexOf('=');
            if (eq <= 0) throw EngineException.Invalid($"{keyword} names can not be blank");
            yield return (word[..eq], word[(eq + 1)..]);
        }
    }

    private static List<string> SplitWords(string s)
    {
        var words = new List<string>();
        var cur = new System.Text.StringBuilder();
        char quote = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (quote != '\0')
            {
                if (ch == quote) quote = '\0';
                else if (ch == '\\' && i + 1 < s.Length && quote == '"') cur.Append(s[++i]);
                else cur.Append(ch);
            }
            else if (ch is '"' or '\'') quote = ch;
            else if (ch == '\\' && i + 1 < s.Length) cur.Append(s[++i]);
            else if (char.IsWhiteSpace(ch)) { if (cur.Length > 0) { words.Add(cur.ToString()); cur.Clear(); } }
            else cur.Append(ch);
        }
        if (cur.Length > 0) words.Add(cur.ToString());
        return words;
    }
}
