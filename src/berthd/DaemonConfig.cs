using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Engine;

namespace Berth.Daemon;

/// <summary>Command-line flags and the JSON config file (default /etc/berth/daemon.json), flags winning.</summary>
internal static class DaemonConfig
{
    public const string DefaultConfigFile = "/etc/berth/daemon.json";

    public static DaemonOptions Parse(string[] args, out bool showHelp, out bool showVersion)
    {
        var o = new DaemonOptions();
        showHelp = showVersion = false;
        string? configFile = null;
        var hosts = new List<string>();
        var insecure = new List<string>();
        var pools = new List<string>();
        string? dataRoot = null, execRoot = null, bip = null, binDir = null, group = null, bridge = null;
        bool? debug = null;
        bool spareShim = true;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string? inline = null;
            int eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = a[(eq + 1)..]; a = a[..eq]; }
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag needs an argument: {a}"));
            switch (a)
            {
                case "-h" or "--help": showHelp = true; break;
                case "-v" or "--version": showVersion = true; break;
                case "-D" or "--debug": debug = true; break;
                case "-H" or "--host": hosts.Add(NormalizeHost(Value())); break;
                case "--data-root": dataRoot = Value(); break;
                case "--exec-root": execRoot = Value(); break;
                case "--config-file": configFile = Value(); break;
                case "--insecure-registry": insecure.Add(Value()); break;
                case "--bip": bip = Value(); break;
                case "-b" or "--bridge": bridge = Value(); break;
                case "--default-address-pool": pools.Add(Value()); break;
                case "--bin-dir": binDir = Value(); break;
                case "--spare-shim":
                    spareShim = inline switch
                    {
                        null or "true" or "1" => true,
                        "false" or "0" => false,
                        _ => throw new ArgumentException($"invalid value for --spare-shim: {inline}"),
                    };
                    break;
                case "-G" or "--group": group = Value(); break;
                default: throw new ArgumentException($"unknown flag: {a}");
            }
        }

        string file = configFile ?? DefaultConfigFile;
        if (File.Exists(file))
        {
            FileConfig? fc;
            var bytes = File.ReadAllBytes(file);
            try { fc = bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? null : JsonSerializer.Deserialize(bytes, DaemonConfigJson.Default.FileConfig); }
            catch (JsonException e) { throw new ArgumentException($"invalid config file {file}: {e.Message}"); }
            if (fc is not null)
            {
                o.DataRoot = fc.DataRoot ?? o.DataRoot;
                o.ExecRoot = fc.ExecRoot ?? o.ExecRoot;
                if (fc.Hosts is { Count: > 0 }) o.Hosts = fc.Hosts.Select(NormalizeHost).ToList();
                if (fc.InsecureRegistries is not null) o.InsecureRegistries = fc.InsecureRegistries;
                o.Bip = fc.Bip ?? o.Bip;
                if (fc.DefaultAddressPools is not null) o.DefaultAddressPools = fc.DefaultAddressPools.Select(p => $"base={p.Base},size={p.Size}").ToList();
                o.BridgeName = fc.Bridge ?? o.BridgeName;
                o.Debug = fc.Debug ?? o.Debug;
                o.SocketGroup = fc.Group ?? o.SocketGroup;
            }
        }
        else if (configFile is not null) throw new ArgumentException($"config file {configFile} does not exist");

        o.DataRoot = Path.GetFullPath(dataRoot ?? o.DataRoot);
        o.ExecRoot = Path.GetFullPath(execRoot ?? o.ExecRoot);
        if (hosts.Count > 0) o.Hosts = hosts;
        if (o.Hosts.Count == 0) o.Hosts = ["unix://" + o.DefaultSocket];
        o.InsecureRegistries.AddRange(insecure);
        o.Bip = bip ?? o.Bip;
        o.BridgeName = bridge ?? o.BridgeName;
        if (o.BridgeName.Length is 0 or > 15 || o.BridgeName == "none") throw new ArgumentException($"invalid bridge name: {o.BridgeName}");
        o.DefaultAddressPools.AddRange(pools);
        o.Debug = debug ?? o.Debug;
        o.BinDir = binDir ?? o.BinDir ?? AppContext.BaseDirectory;
        o.SocketGroup = group ?? o.SocketGroup;
        o.SpareShim = spareShim;
        return o;
    }

    private static string NormalizeHost(string h) =>
        h.StartsWith('/') ? "unix://" + h : h.StartsWith("fd://", StringComparison.Ordinal) ? throw new ArgumentException("fd:// hosts are not supported") : h;

    internal sealed class FileConfig
    {
        [JsonPropertyName("data-root")] public string? DataRoot { get; set; }
        [JsonPropertyName("exec-root")] public string? ExecRoot { get; set; }
        [JsonPropertyName("hosts")] public List<string>? Hosts { get; set; }
        [JsonPropertyName("insecure-registries")] public List<string>? InsecureRegistries { get; set; }
        [JsonPropertyName("bip")] public string? Bip { get; set; }
        [JsonPropertyName("bridge")] public string? Bridge { get; set; }
        [JsonPropertyName("default-address-pools")] public List<AddressPool>? DefaultAddressPools { get; set; }
        [JsonPropertyName("debug")] public bool? Debug { get; set; }
        [JsonPropertyName("group")] public string? Group { get; set; }
    }

    internal sealed class AddressPool
    {
        [JsonPropertyName("base")] public string? Base { get; set; }
        [JsonPropertyName("size")] public int? Size { get; set; }
    }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(DaemonConfig.FileConfig))]
internal sealed partial class DaemonConfigJson : JsonSerializerContext;
