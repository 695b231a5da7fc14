using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.Networks.Api;
using Berth.Network;
using Berth.Network.Ipam;
using Berth.Network.State;

namespace Berth.Engine.Networks;

/// <summary>GET/POST/DELETE /networks…: list, inspect, create, remove, prune, with moby 28's messages and statuses.</summary>
public sealed partial class NetworkService
{
    /// <summary>Names Docker reserves: create refuses them, remove refuses the networks that carry them.</summary>
    public static bool IsPredefinedName(string name) => name is "bridge" or "host" or "none" or "default";

    /// <summary>GET /networks: filters driver, id, label, name, scope, type, dangling (Containers is left empty, as moby does).</summary>
    public List<NetworkInspect> List(Filters filters)
    {
        filters.Validate("dangling", "driver", "id", "label", "name", "scope", "type");
        bool? dangling = null;
        var danglingValues = filters.Get("dangling");
        if (danglingValues.Count > 1) throw EngineException.Invalid("got more than one value for filter key \"dangling\"");
        if (danglingValues.Count == 1)
        {
            dangling = danglingValues[0] switch
            {
                "1" or "true" => true,
                "0" or "false" => false,
                _ => throw EngineException.Invalid("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")"),
            };
        }
        foreach (var t in filters.Get("type"))
            if (t is not ("builtin" or "custom")) throw EngineException.Invalid($"invalid filter: 'type'='{t}'");

        var result = new List<NetworkInspect>();
        foreach (var n in Manager.ListNetworks())
        {
            if (!filters.Any("driver", v => v == n.Driver)) continue;
            if (!filters.Any("name", v => GoMatch(v, n.Name))) continue;
            if (!filters.Any("id", v => GoMatch(v, n.Id))) continue;
            if (!filters.MatchLabels("label", n.Labels)) continue;
            if (!filters.Any("scope", v => v == n.Scope)) continue;
            bool predefined = n.IsPredefined;
            if (!filters.Any("type", v => v == "builtin" ? predefined : !predefined)) continue;
            if (dangling is bool d)
            {
                bool used = predefined || Manager.ListEndpoints(n.Id).Count > 0;
                if (d == used) continue;
            }
            result.Add(ToInspect(n, withContainers: false));
        }
        return result;
    }

    /// <summary>Docker's filters.Match: an exact value, or a regular expression found in the text.</summary>
    private static bool GoMatch(string pattern, string text)
    {
        if (pattern == text) return true;
        try { return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>GET /networks/{id}: full id, then exact name, then unique id prefix; with its attached containers.</summary>
    public NetworkInspect Inspect(string term) => ToInspect(FindUnique(term), withContainers: true);

    /// <summary>moby's findUniqueNetwork: exact id, then a unique name, then a unique id prefix.</summary>
    internal NetworkRecord FindUnique(string term)
    {
        var all = Manager.ListNetworks();
        var byId = all.FirstOrDefault(n => n.Id == term);
        if (byId is not null) return byId;
        var byName = all.Where(n => n.Name == term).ToList();
        if (byName.Count == 1) return byName[0];
        if (byName.Count > 1) throw EngineException.Invalid($"network {term} is ambiguous ({byName.Count} matches found based on name)");
        var byPrefix = term.Length == 0 ? [] : all.Where(n => n.Id.StartsWith(term, StringComparison.Ordinal)).ToList();
        if (byPrefix.Count == 1) return byPrefix[0];
        if (byPrefix.Count > 1) throw EngineException.Invalid($"network {term} is ambiguous ({byPrefix.Count} matches found based on ID prefix)");
        throw EngineException.NotFound($"network {term} not found");
    }

    private NetworkInspect ToInspect(NetworkRecord n, bool withContainers)
    {
        var inspect = new NetworkInspect
        {
            Name = n.Name,
            Id = n.Id,
            Created = Timestamps.Format(n.Created),
            Scope = n.Scope,
            Driver = n.Driver,
            EnableIPv4 = n.EnableIPv4,
            EnableIPv6 = n.EnableIPv6,
            IPAM = new NetworkIpam
            {
                Driver = "default",
                Options = null,
                Config = n.IsBridge
                    ? n.Subnets.Select(s => new NetworkIpamConfig { Subnet = s.Subnet, IPRange = s.IpRange, Gateway = s.Gateway }).ToList()
                    : null,
            },
            Internal = n.Internal,
            Attachable = n.Attachable,
            Options = new Dictionary<string, string>(n.Options),
            Labels = new Dictionary<string, string>(n.Labels),
        };
        if (withContainers)
        {
            foreach (var e in Manager.ListEndpoints(n.Id))
            {
                var ep = e.Endpoint;
                inspect.Containers[e.ContainerId] = new NetworkEndpointResource
                {
                    Name = e.ContainerName,
                    EndpointID = ep.Id,
                    MacAddress = ep.MacAddress,
                    IPv4Address = ep.IPv4Address is null ? "" : $"{ep.IPv4Address}/{ep.IPv4PrefixLength}",
                    IPv6Address = ep.IPv6Address is null ? "" : $"{ep.IPv6Address}/{ep.IPv6PrefixLength}",
                };
            }
        }
        return inspect;
    }

    /// <summary>POST /networks/create: bridge networks only (host and none exist once, predefined).</summary>
    public NetworkCreateResponse Create(NetworkCreateRequest request)
    {
        var manager = Manager;
        string name = request.Name ?? "";
        if (IsPredefinedName(name))
            throw new EngineException(ErrorKind.PermissionDenied, $"operation is not permitted on predefined {name} network");
        if (name.Trim().Length == 0) throw EngineException.Invalid("invalid name: name is empty");
        if (manager.ListNetworks().Any(n => n.Name == name))
            throw new EngineException(ErrorKind.AlreadyExists, $"network with name {name} already exists");
        if (request.ConfigOnly || !string.IsNullOrEmpty(request.ConfigFrom?.Network))
            throw EngineException.NotImplemented("config-only networks are not supported by berth");
        if (request.Ingress || request.Scope is "swarm" or "global")
            throw new EngineException(ErrorKind.PermissionDenied, "cannot create a swarm scoped network when swarm is not active");

        string driver = string.IsNullOrEmpty(request.Driver) ? "bridge" : request.Driver;
        switch (driver)
        {
            case "bridge": break;
            case "host" or "null":
                throw new EngineException(ErrorKind.PermissionDenied, $"only one instance of \"{driver}\" network is allowed");
            case "overlay":
                throw new EngineException(ErrorKind.PermissionDenied, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
            case "macvlan" or "ipvlan":
                throw EngineException.NotImplemented($"network driver {driver} is not supported by berth: use bridge");
            default:
                throw EngineException.NotFound($"plugin \"{driver}\" not found");
        }
        string ipamDriver = request.IPAM?.Driver ?? "";
        if (ipamDriver is not ("" or "default")) throw EngineException.NotFound($"plugin \"{ipamDriver}\" not found");

        var options = new Dictionary<string, string>(request.Options ?? []);
        bool enableIPv4 = request.EnableIPv4 ?? OptionBool(options, "com.docker.network.enable_ipv4") ?? true;
        bool enableIPv6 = request.EnableIPv6 ?? OptionBool(options, "com.docker.network.enable_ipv6") ?? false;
        options.Remove("com.docker.network.enable_ipv4");
        options.Remove("com.docker.network.enable_ipv6");
        if (!enableIPv4) throw EngineException.NotImplemented("bridge networks without ipv4 are not supported by berth");

        var configs = request.IPAM?.Config ?? [];
        ValidateIpam(configs, enableIPv6);
        if (configs.Any(c => c.AuxiliaryAddresses is { Count: > 0 }))
            throw EngineException.NotImplemented("auxiliary addresses are not supported by berth");
        // moby's IPAM refuses a requested pool that overlaps another network's: 403 with its wording.
        foreach (var c in configs)
        {
            if (string.IsNullOrEmpty(c.Subnet)) continue;
            var subnet = IPNetwork.Parse(c.Subnet);
            if (subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 && !enableIPv6) continue;
            foreach (var other in manager.ListNetworks())
            {
                if (other.Subnets.Any(s => SubnetMath.Overlaps(subnet, IPNetwork.Parse(s.Subnet))))
                    throw new EngineException(ErrorKind.PermissionDenied, "invalid pool request: Pool overlaps with other one on this address space");
            }
        }

        var ipam = configs
            .Where(c => !(!enableIPv6 && IsV6(c)))
            .Select(c => new IpamConfig(NullIfEmpty(c.Subnet), NullIfEmpty(c.IPRange), NullIfEmpty(c.Gateway))).ToList();
        var record = Call(() => manager.CreateNetwork(new NetworkCreateOptions
        {
            Name = name,
            Driver = driver,
            Internal = request.Internal,
            Attachable = request.Attachable,
            EnableIPv6 = enableIPv6,
            Ipam = ipam,
            Options = options,
            Labels = request.Labels ?? [],
        }));
        Publish(record, "create");
        return new NetworkCreateResponse { Id = record.Id, Warning = "" };
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static bool IsV6(NetworkIpamConfig c) => (c.Subnet ?? c.Gateway ?? c.IPRange ?? "").Contains(':');

    private static bool? OptionBool(Dictionary<string, string> options, string key)
    {
        if (!options.TryGetValue(key, out var text)) return null;
        return bool.TryParse(text, out bool b) ? b : text switch
        {
            "1" => true,
            "0" => false,
            _ => throw EngineException.Invalid($"driver-opt \"{key}\" is not a valid bool"),
        };
    }

    /// <summary>moby's ValidateIPAM, message for message ("invalid network config:" and one line per problem).</summary>
    internal static void ValidateIpam(IReadOnlyList<NetworkIpamConfig> configs, bool enableIPv6)
    {
        var errors = new List<string>();
        foreach (var c in configs)
        {
            if (!SubnetMath.TryParse(c.Subnet ?? "", out var subnet, out bool hostBitsSet))
            {
                errors.Add($"invalid subnet {c.Subnet}: invalid CIDR block notation");
                continue;
            }
            string family = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
            if (!enableIPv6 && family == "IPv6") continue;
            if (hostBitsSet) errors.Add($"invalid subnet {c.Subnet}: it should be {subnet}");
            if (!string.IsNullOrEmpty(c.IPRange))
            {
                if (!SubnetMath.TryParse(c.IPRange, out var range, out bool rangeHostBits))
                    errors.Add($"invalid ip-range {c.IPRange}: invalid CIDR block notation");
                else if ((range.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4") != family)
                    errors.Add($"invalid ip-range {c.IPRange}: parent subnet is an {family} block");
                else
                {
                    if (range.PrefixLength < subnet.PrefixLength)
                        errors.Add($"invalid ip-range {c.IPRange}: CIDR block is bigger than its parent subnet {subnet}");
                    if (rangeHostBits) errors.Add($"invalid ip-range {c.IPRange}: it should be {range}");
                    if (!SubnetMath.Overlaps(subnet, range))
                        errors.Add($"invalid ip-range {c.IPRange}: parent subnet {subnet} doesn't contain ip-range");
                }
            }
            if (!string.IsNullOrEmpty(c.Gateway))
            {
                string? problem = AddressProblem(c.Gateway, subnet, family);
                if (problem is not null) errors.Add($"invalid gateway {c.Gateway}: {problem}");
            }
            foreach (var (auxName, aux) in c.AuxiliaryAddresses ?? [])
            {
                string? problem = AddressProblem(aux, subnet, family);
                if (problem is not null) errors.Add($"invalid auxiliary address {auxName}: {problem}");
            }
        }
        if (errors.Count > 0) throw EngineException.Invalid("invalid network config:\n" + JoinErrors(errors));
    }

    private static string? AddressProblem(string text, IPNetwork subnet, string family)
    {
        if (!IPAddress.TryParse(text, out var address) || text.Contains('/')) return "invalid address";
        string addressFamily = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        if (addressFamily != family) return $"parent subnet is an {family} block";
        if (!subnet.Contains(address)) return $"parent subnet {subnet} doesn't contain this address";
        return null;
    }

    /// <summary>moby's multierror format: one error as is, several as "* a\n* b".</summary>
    internal static string JoinErrors(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0].Trim() : "* " + string.Join("\n* ", errors.Select(e => e.Replace("\n", "\n\t")));

    /// <summary>DELETE /networks/{id}: refused for predefined networks and while containers are attached (403, as moby).</summary>
    public void Remove(string term)
    {
        var n = FindUnique(term);
        if (IsPredefinedName(n.Name) || n.IsPredefined)
            throw new EngineException(ErrorKind.PermissionDenied, $"{n.Name} is a pre-defined network and cannot be removed");
        var endpoints = Manager.ListEndpoints(n.Id);
        if (endpoints.Count > 0)
        {
            string list = string.Join(", ", endpoints.Select(e => $"name:\"{e.ContainerName}\" id:\"{e.Endpoint.Id[..Math.Min(12, e.Endpoint.Id.Length)]}\""));
            throw new EngineException(ErrorKind.PermissionDenied, $"error while removing network: network {n.Name} has active endpoints ({list})");
        }
        Call(() => Manager.RemoveNetwork(n.Id), "error while removing network: ");
        Publish(n, "destroy");
    }

    /// <summary>POST /networks/prune: user-defined networks without endpoints; filters until, label, label!.</summary>
    public NetworkPruneReport Prune(Filters filters)
    {
        filters.Validate("label", "label!", "until");
        DateTimeOffset? until = null;
        if (filters.Get("until") is { Count: > 0 } u)
        {
            if (u.Count > 1) throw EngineException.Invalid("more than one until filter specified");
            until = Timestamps.Parse(u[0]);
        }
        var deleted = new List<string>();
        foreach (var n in Manager.ListNetworks())
        {
            if (n.IsPredefined || IsPredefinedName(n.Name)) continue;
            if (until is not null && n.Created > until) continue;
            if (!filters.MatchLabels("label", n.Labels)) continue;
            if (filters.Get("label!").Any(cond => LabelMatches(cond, n.Labels))) continue;
            if (Manager.ListEndpoints(n.Id).Count > 0) continue;
            try
            {
                Manager.RemoveNetwork(n.Id);
                Publish(n, "destroy");
                deleted.Add(n.Name);
            }
            catch (Exception e) when (e is NetworkException or Linux.SyscallException or Linux.Netlink.NftablesException)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, "could not remove local network {Name}: {Message}", n.Name, e.Message);
            }
        }
        _engine.Events.Publish("network", "prune", "", new Dictionary<string, string> { ["reclaimed"] = "0" });
        return new NetworkPruneReport { NetworksDeleted = deleted.Count > 0 ? deleted : null };
    }

    private static bool LabelMatches(string condition, IReadOnlyDictionary<string, string> labels)
    {
        int eq = condition.IndexOf('=');
        if (eq < 0) return labels.ContainsKey(condition);
        return labels.TryGetValue(condition[..eq], out var v) && v == condition[(eq + 1)..];
    }
}
