using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>network create, ls, rm, connect, disconnect.</summary>
public static class NetworkCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["network create"] = new CommandBinding
        {
            Handler = Create,
            Args = ArgsRule.Exact(1),
            Configure = flags =>
            {
                foreach (var f in flags)
                    if (f.Name == "label") f.Validator = Validators.Label;
            },
        };
        d["network ls"] = new CommandBinding { Handler = List, Args = ArgsRule.None };
        d["network rm"] = new CommandBinding { Handler = Remove, Args = ArgsRule.AtLeast(1) };
        d["network connect"] = new CommandBinding { Handler = Connect, Args = ArgsRule.Exact(2) };
        d["network disconnect"] = new CommandBinding { Handler = Disconnect, Args = ArgsRule.Exact(2) };
    }

    private static GoMap MapOf(IReadOnlyList<string> kvs)
    {
        var m = GoMap.EmptyOf(GoType.String);
        foreach (var kv in kvs)
        {
            int eq = kv.IndexOf('=');
            m.Set(eq < 0 ? kv : kv[..eq], eq < 0 ? "" : kv[(eq + 1)..]);
        }
        return m;
    }

    private static int Create(CommandContext ctx)
    {
        var f = ctx.Flags;
        var req = GoSchema.New("network.CreateRequest");
        req["Name"] = ctx.Args[0];
        req["Driver"] = f.GetString("driver");
        req["Options"] = MapOf(f.GetList("opt"));
        req["IPAM"] = Ipam(f);
        req["Internal"] = f.GetBool("internal");
        if (f.Changed("ipv4")) req["EnableIPv4"] = f.GetBool("ipv4");
        if (f.Changed("ipv6")) req["EnableIPv6"] = f.GetBool("ipv6");
        req["Attachable"] = f.GetBool("attachable");
        req["Ingress"] = f.GetBool("ingress");
        req["Scope"] = f.GetString("scope");
        req["ConfigOnly"] = f.GetBool("config-only");
        if (f.GetString("config-from") is { Length: > 0 } from)
        {
            var cr = GoSchema.New("network.ConfigReference");
            cr["Network"] = from;
            req["ConfigFrom"] = cr;
        }
        req["Labels"] = MapOf(f.GetList("label"));
        if (!ctx.Client.VersionAtLeast("1.44")) req["CheckDuplicate"] = true;
        string resp = ctx.Client.PostJson("/networks/create", null, GoJson.Encode(req) + "\n");
        ctx.Out.WriteLine(GoJson.DecodeStruct(resp, "network.CreateResponse").Str("ID"));
        return 0;
    }

    private static GoStruct Ipam(FlagValues f)
    {
        var subnets = f.GetList("subnet");
        var ranges = f.GetList("ip-range");
        var gateways = f.GetList("gateway");
        if (subnets.Count < ranges.Count || subnets.Count < gateways.Count)
            throw new CliException("every ip-range or gateway must have a corresponding subnet");
        var data = new Dictionary<string, GoStruct>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var s in subnets)
        {
            foreach (var k in data.Keys)
                if (Cidr.Matches(s, k) || Cidr.Matches(k, s))
                    throw new CliException("multiple overlapping subnet configuration is not supported");
            var c = GoSchema.New("network.IPAMConfig");
            c["Subnet"] = s;
            c["AuxAddress"] = GoMap.EmptyOf(GoType.String);
            data[s] = c;
            order.Add(s);
        }
        foreach (var r in ranges)
        {
            bool match = false;
            foreach (var s in subnets)
            {
                if (!Cidr.TryParse(r, out _, out _)) throw new CliException($"invalid CIDR address: {r}");
                if (!Cidr.Matches(s, r)) continue;
                if (data[s].Str("IPRange").Length > 0)
                    throw new CliException($"cannot configure multiple ranges ({r}, {data[s].Str("IPRange")}) on the same subnet ({s})");
                data[s]["IPRange"] = r;
                match = true;
            }
            if (!match) throw new CliException($"no matching subnet for range {r}");
        }
        foreach (var g in gateways)
        {
            bool match = false;
            foreach (var s in subnets)
            {
                if (!Cidr.Matches(s, g)) continue;
                if (data[s].Str("Gateway").Length > 0)
                    throw new CliException($"cannot configure multiple gateways ({g}, {data[s].Str("Gateway")}) for the same subnet ({s})");
                data[s]["Gateway"] = g;
                match = true;
            }
            if (!match) throw new CliException($"no matching subnet for gateway {g}");
        }
        foreach (var aux in f.GetList("aux-address"))
        {
            int eq = aux.IndexOf('=');
            string key = eq < 0 ? aux : aux[..eq], addr = eq < 0 ? "" : aux[(eq + 1)..];
            bool match = false;
            foreach (var s in subnets)
            {
                if (!Cidr.Matches(s, addr)) continue;
                ((GoMap)data[s]["AuxAddress"]!).Set(key, addr);
                match = true;
            }
            if (!match) throw new CliException($"no matching subnet for aux-address {addr}");
        }
        var ipam = GoSchema.New("network.IPAM");
        ipam["Driver"] = f.GetString("ipam-driver");
        ipam["Config"] = new GoSlice(GoType.SliceOf(GoSchema.Get("network.IPAMConfig")), order.Select(s => (object?)data[s]).ToList());
        ipam["Options"] = MapOf(f.GetList("ipam-opt"));
        return ipam;
    }

    private static int List(CommandContext ctx)
    {
        var f = ctx.Flags;
        var q = new QueryString();
        var filters = FilterArgs.From(f.GetList("filter"));
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        var list = GoJson.Decode(ctx.Client.GetString("/networks", q), GoType.SliceOf(GoSchema.Get("network.Inspect"))) as GoSlice;
        var networks = (list?.Items ?? []).OfType<GoStruct>().OrderBy(n => n.Str("Name"), NaturalOrder.Instance).ToList();
        bool quiet = f.GetBool("quiet");
        string format = f.GetString("format");
        if (format.Length == 0) format = "table";
        format = format switch
        {
            "table" => quiet ? "{{.ID}}" : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
            "raw" => quiet ? "network_id: {{.ID}}" : "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n",
            _ => format,
        };
        bool trunc = !f.GetBool("no-trunc");
        FormatContext.Write(ctx.Out, format, new HeaderContext(NetworkContext.Header), networks.Select(n => (object?)new NetworkContext(n, trunc)));
        return 0;
    }

    private static int Remove(CommandContext ctx)
    {
        bool force = ctx.Flags.GetBool("force");
        int status = 0;
        foreach (var name in ctx.Args)
        {
            try
            {
                ctx.Client.Delete(ObjectPaths.Network(name));
                ctx.Out.WriteLine(name);
            }
            catch (ApiException e)
            {
                if (force && e.IsNotFound) continue;
                ctx.Out.Flush();
                ctx.Err.WriteLine(e.Message);
                status = 1;
            }
        }
        if (status != 0) throw new CliException("exit status 1", 1);
        return 0;
    }

    private static int Connect(CommandContext ctx)
    {
        var f = ctx.Flags;
        var driverOpts = GoMap.EmptyOf(GoType.String);
        foreach (var opt in f.GetList("driver-opt"))
        {
            int eq = opt.IndexOf('=');
            string k = (eq < 0 ? opt : opt[..eq]).Trim();
            if (eq < 0 || k.Length == 0) throw new CliException("invalid key/value pair format in driver options");
            driverOpts.Set(k, opt[(eq + 1)..].Trim());
        }
        var ep = GoSchema.New("network.EndpointSettings");
        var ipam = GoSchema.New("network.EndpointIPAMConfig");
        ipam["IPv4Address"] = f.GetString("ip");
        ipam["IPv6Address"] = f.GetString("ip6");
        var linkLocal = f.GetList("link-local-ip");
        ipam["LinkLocalIPs"] = linkLocal.Count == 0 ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(linkLocal);
        ep["IPAMConfig"] = ipam;
        var links = f.GetList("link");
        ep["Links"] = links.Count == 0 ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(links);
        var aliases = f.GetList("alias");
        ep["Aliases"] = aliases.Count == 0 ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(aliases);
        ep["DriverOpts"] = driverOpts;
        ep["GwPriority"] = f.GetInt("gw-priority");
        var body = GoSchema.New("network.ConnectOptions");
        body["Container"] = ctx.Args[1];
        body["EndpointConfig"] = ep;
        ctx.Client.PostJson(ObjectPaths.Network(ctx.Args[0]) + "/connect", null, GoJson.Encode(body) + "\n");
        return 0;
    }

    private static int Disconnect(CommandContext ctx)
    {
        var body = GoSchema.New("network.DisconnectOptions");
        body["Container"] = ctx.Args[1];
        body["Force"] = ctx.Flags.GetBool("force");
        ctx.Client.PostJson(ObjectPaths.Network(ctx.Args[0]) + "/disconnect", null, GoJson.Encode(body) + "\n");
        return 0;
    }
}
