using Berth.Cli.Formatting;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>The human form of `berth info`, laid out as docker prints it.</summary>
internal static class InfoPrinter
{
    /// <summary>Prints client and server sections; true when there were errors to report.</summary>
    public static bool Print(CliContext cli, GoStruct info)
    {
        var o = cli.Out;
        var client = info.Struct("ClientInfo")!;
        o.WriteLine("Client:");
        if (client.Str("Version").Length > 0) o.WriteLine(" Version:    " + client.Str("Version"));
        o.WriteLine(" Context:    " + client.Str("Context"));
        o.WriteLine(" Debug Mode: " + (client.Bool("Debug") ? "true" : "false"));
        o.WriteLine();
        o.WriteLine("Server:");
        var errors = info.Strings("ServerErrors").ToList();
        if (info["Info"] is GoStruct s) PrintServer(cli, s, info.Str("UserName"));
        o.Flush();
        foreach (var e in errors) cli.Err.WriteLine("ERROR: " + e);
        return errors.Count > 0;
    }

    private static void Line(TextWriter o, string label, object? value) => o.WriteLine(label + " " + GoPrinter.Format(value));

    private static void NonEmpty(TextWriter o, string label, string value)
    {
        if (value.Length > 0) o.WriteLine(label + " " + value);
    }

    private static void PrintServer(CliContext cli, GoStruct i, string userName)
    {
        var o = cli.Out;
        Line(o, " Containers:", i["Containers"]);
        Line(o, "  Running:", i["ContainersRunning"]);
        Line(o, "  Paused:", i["ContainersPaused"]);
        Line(o, "  Stopped:", i["ContainersStopped"]);
        Line(o, " Images:", i["Images"]);
        NonEmpty(o, " Server Version:", i.Str("ServerVersion"));
        NonEmpty(o, " Storage Driver:", i.Str("Driver"));
        foreach (var pair in i.Slice("DriverStatus")?.Items?.OfType<GoSlice>() ?? [])
            o.WriteLine($"  {pair.Items![0]}: {pair.Items[1]}");
        foreach (var pair in i.Slice("SystemStatus")?.Items?.OfType<GoSlice>() ?? [])
            o.WriteLine($" {pair.Items![0]}: {pair.Items[1]}");
        NonEmpty(o, " Logging Driver:", i.Str("LoggingDriver"));
        NonEmpty(o, " Cgroup Driver:", i.Str("CgroupDriver"));
        NonEmpty(o, " Cgroup Version:", i.Str("CgroupVersion"));
        var plugins = i.Struct("Plugins")!;
        o.WriteLine(" Plugins:");
        o.WriteLine("  Volume: " + string.Join(" ", plugins.Strings("Volume")));
        o.WriteLine("  Network: " + string.Join(" ", plugins.Strings("Network")));
        var authz = plugins.Strings("Authorization").ToList();
        if (authz.Count > 0) o.WriteLine("  Authorization: " + string.Join(" ", authz));
        o.WriteLine("  Log: " + string.Join(" ", plugins.Strings("Log")));
        var cdi = i.Strings("CDISpecDirs").ToList();
        if (cdi.Count > 0)
        {
            o.WriteLine(" CDI spec directories:");
            foreach (var dir in cdi) o.WriteLine("  " + dir);
        }
        var devices = i.Slice("DiscoveredDevices")?.Items?.OfType<GoStruct>().ToList() ?? [];
        if (devices.Count > 0)
        {
            o.WriteLine(" Discovered Devices:");
            foreach (var dev in devices) o.WriteLine($"  {dev.Str("Source")}: {dev.Str("ID")}");
        }
        var swarm = i.Struct("Swarm")!;
        o.WriteLine(" Swarm: " + swarm.Str("LocalNodeState"));
        if (swarm.Str("LocalNodeState") is not ("inactive" or "locked" or ""))
        {
            o.WriteLine("  NodeID: " + swarm.Str("NodeID"));
            if (swarm.Str("Error").Length > 0) o.WriteLine("  Error: " + swarm.Str("Error"));
            Line(o, "  Is Manager:", swarm["ControlAvailable"]);
            o.WriteLine("  Node Address: " + swarm.Str("NodeAddr"));
        }
        var runtimes = i.Map("Runtimes");
        if (runtimes is { Count: > 0 })
        {
            // Go prints map keys in random order; sorted here
            o.WriteLine(" Runtimes: " + string.Join(" ", runtimes.Entries!.Keys));
            o.WriteLine(" Default Runtime: " + i.Str("DefaultRuntime"));
        }
        if (i.Str("OSType") == "linux")
        {
            o.WriteLine(" Init Binary: " + i.Str("InitBinary"));
            o.WriteLine(" containerd version: " + i.Struct("ContainerdCommit")!.Str("ID"));
            o.WriteLine(" runc version: " + i.Struct("RuncCommit")!.Str("ID"));
            o.WriteLine(" init version: " + i.Struct("InitCommit")!.Str("ID"));
            var sec = i.Strings("SecurityOptions").ToList();
            if (sec.Count > 0)
            {
                o.WriteLine(" Security Options:");
                foreach (var opt in sec)
                {
                    // "name=seccomp,profile=builtin"
                    string? name = null, profile = null;
                    foreach (var kv in opt.Split(','))
                    {
                        int eq = kv.IndexOf('=');
                        if (eq < 0) continue;
                        if (kv[..eq] == "name") name = kv[(eq + 1)..];
                        else if (kv[..eq] == "profile") profile = kv[(eq + 1)..];
                    }
                    o.WriteLine("  " + (name ?? opt));
                    if (profile is not null) o.WriteLine("   Profile: " + profile);
                }
            }
        }
        NonEmpty(o, " Kernel Version:", i.Str("KernelVersion"));
        NonEmpty(o, " Operating System:", i.Str("OperatingSystem"));
        NonEmpty(o, " OSType:", i.Str("OSType"));
        NonEmpty(o, " Architecture:", i.Str("Architecture"));
        Line(o, " CPUs:", i["NCPU"]);
        o.WriteLine(" Total Memory: " + Units.BytesSize(i.Int("MemTotal")));
        NonEmpty(o, " Name:", i.Str("Name"));
        NonEmpty(o, " ID:", i.Str("ID"));
        o.WriteLine(" Docker Root Dir: " + i.Str("DockerRootDir"));
        Line(o, " Debug Mode:", i["Debug"]);
        if (i.Bool("Debug") || cli.Options.Debug)
        {
            Line(o, "  File Descriptors:", i["NFd"]);
            Line(o, "  Goroutines:", i["NGoroutines"]);
            o.WriteLine("  System Time: " + i.Str("SystemTime"));
            Line(o, "  EventsListeners:", i["NEventsListener"]);
        }
        NonEmpty(o, " HTTP Proxy:", i.Str("HTTPProxy"));
        NonEmpty(o, " HTTPS Proxy:", i.Str("HTTPSProxy"));
        NonEmpty(o, " No Proxy:", i.Str("NoProxy"));
        NonEmpty(o, " Username:", userName);
        var labels = i.Strings("Labels").ToList();
        if (labels.Count > 0)
        {
            o.WriteLine(" Labels:");
            foreach (var l in labels) o.WriteLine("  " + l);
        }
        Line(o, " Experimental:", i["ExperimentalBuild"]);
        if (i["RegistryConfig"] is GoStruct reg)
        {
            var cidrs = reg.Slice("InsecureRegistryCIDRs")?.Items ?? [];
            var indexes = reg.Map("IndexConfigs");
            if (cidrs.Count > 0 || indexes is { Count: > 0 })
            {
                o.WriteLine(" Insecure Registries:");
                foreach (var kv in indexes?.Entries ?? new SortedDictionary<string, object?>())
                    if (kv.Value is GoStruct idx && !idx.Bool("Secure")) o.WriteLine("  " + idx.Str("Name"));
                foreach (var c in cidrs) o.WriteLine("  " + CidrText(c));
            }
            var mirrors = reg.Strings("Mirrors").ToList();
            if (mirrors.Count > 0)
            {
                o.WriteLine(" Registry Mirrors:");
                foreach (var m in mirrors) o.WriteLine("  " + m);
            }
        }
        Line(o, " Live Restore Enabled:", i["LiveRestoreEnabled"]);
        if (i.Str("ProductLicense").Length > 0) o.WriteLine(" Product License: " + i.Str("ProductLicense"));
        var pools = i.Slice("DefaultAddressPools")?.Items?.OfType<GoStruct>().ToList() ?? [];
        if (pools.Count > 0)
        {
            o.WriteLine(" Default Address Pools:");
            foreach (var p in pools) o.WriteLine($"   Base: {p.Str("Base")}, Size: {p.Int("Size")}");
        }
        o.WriteLine();
        o.Flush();
        foreach (var w in i.Strings("Warnings")) cli.Err.WriteLine(w);
    }

    /// <summary>The daemon sends CIDRs as {"IP":"base64","Mask":"base64"} (net.IPNet marshalled); print "a.b.c.d/n".</summary>
    private static string CidrText(object? c)
    {
        if (c is string s) return s;
        if (c is GoMap m && m.Get("IP") is string ip64 && m.Get("Mask") is string mask64)
        {
            try
            {
                var ip = new System.Net.IPAddress(Convert.FromBase64String(ip64));
                var mask = Convert.FromBase64String(mask64);
                int bits = mask.Sum(b => System.Numerics.BitOperations.PopCount(b));
                return $"{ip}/{bits}";
            }
            catch (FormatException)
            {
            }
        }
        return GoPrinter.Format(c);
    }
}
