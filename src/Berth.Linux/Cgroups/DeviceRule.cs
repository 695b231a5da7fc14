using Berth.Oci.Runtime;

namespace Berth.Linux.Cgroups;

/// <summary>An OCI device cgroup rule, checked and normalized: type 'a', 'b' or 'c'; -1 for any major or minor.</summary>
public readonly record struct DeviceRule(bool Allow, char Type, long Major, long Minor, DeviceAccess Access)
{
    public bool IsWildcard => Type == 'a' && Major < 0 && Minor < 0 && Access == DeviceAccess.All;

    public static DeviceRule From(LinuxDeviceCgroup rule, int index)
    {
        string field = $"linux.resources.devices[{index}]";
        char type = rule.Type switch
        {
            null or "" or "a" => 'a',
            "b" => 'b',
            "c" => 'c',
            _ => throw new ArgumentException($"{field}.type: '{rule.Type}' is not a, b or c"),
        };
        var access = DeviceAccess.None;
        foreach (char c in rule.Access ?? "rwm")
        {
            access |= c switch
            {
                'r' => DeviceAccess.Read,
                'w' => DeviceAccess.Write,
                'm' => DeviceAccess.Mknod,
                _ => throw new ArgumentException($"{field}.access: '{rule.Access}' may only hold r, w and m"),
            };
        }
        if (rule.Access is { Length: 0 }) access = DeviceAccess.All;
        return new DeviceRule(rule.Allow, type, rule.Major ?? -1, rule.Minor ?? -1, access);
    }

    public static List<DeviceRule> From(IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var list = new List<DeviceRule>(rules.Count);
        for (int i = 0; i < rules.Count; i++) list.Add(From(rules[i], i));
        return list;
    }

    /// <summary>The v1 devices.allow/devices.deny line: "c 1:3 rwm", "a" for everything.</summary>
    public string V1Line(char type) =>
        $"{type} {(Major < 0 ? "*" : Major.ToString())}:{(Minor < 0 ? "*" : Minor.ToString())} {AccessString}";

    public string AccessString =>
        (Access.HasFlag(DeviceAccess.Read) ? "r" : "") + (Access.HasFlag(DeviceAccess.Write) ? "w" : "") + (Access.HasFlag(DeviceAccess.Mknod) ? "m" : "");

    /// <summary>
    /// The writes that make a v1 devices cgroup follow <paramref name="rules"/>: reset to deny-all, then each rule
    /// in order (later rules override earlier ones, as in the kernel's exception list).
    /// </summary>
    public static List<(string File, string Line)> V1Writes(IReadOnlyList<DeviceRule> rules)
    {
        var writes = new List<(string, string)> { ("devices.deny", "a") };
        foreach (var rule in rules)
        {
            string file = rule.Allow ? "devices.allow" : "devices.deny";
            if (rule.IsWildcard) writes.Add((file, "a"));
            else if (rule.Type == 'a')
            {
                // v1 reads "a" as "everything"; a partial rule on all types is one for each.
                writes.Add((file, rule.V1Line('c')));
                writes.Add((file, rule.V1Line('b')));
            }
            else writes.Add((file, rule.V1Line(rule.Type)));
        }
        return writes;
    }
}
