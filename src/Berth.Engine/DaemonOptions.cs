namespace Berth.Engine;

/// <summary>Where the daemon keeps its state and how it is reached; from flags and the config file.</summary>
public sealed class DaemonOptions
{
    /// <summary>Persistent state: images, layers, containers, volumes, berth.db.</summary>
    public string DataRoot { get; set; } = "/var/lib/berth";
    /// <summary>Runtime state that does not survive a reboot: sockets, bundles, shim state.</summary>
    public string ExecRoot { get; set; } = "/run/berth";
    /// <summary>Listen addresses, e.g. unix:///run/berth/berth.sock.</summary>
    public List<string> Hosts { get; set; } = new();
    /// <summary>Directory with berth-shim and berth-runtime; defaults to the daemon's own directory.</summary>
    public string? BinDir { get; set; }
    public List<string> InsecureRegistries { get; set; } = new();
    public string? Bip { get; set; }
    public const string DefaultBridgeName = "berth0";
    /// <summary>-b/--bridge: the Linux bridge of the default network; each daemon on a host needs its own.</summary>
    public string BridgeName { get; set; } = DefaultBridgeName;
    public List<string> DefaultAddressPools { get; set; } = new();
    public bool Debug { get; set; }
    /// <summary>Keep one berth-shim started ahead of the next container start (--spare-shim=false turns it off).</summary>
    public bool SpareShim { get; set; } = true;
    /// <summary>Group that owns the socket (mode 0660), if it exists.</summary>
    public string SocketGroup { get; set; } = "berth";

    public string DefaultSocket => Path.Combine(ExecRoot, "berth.sock");
    public string DatabasePath => Path.Combine(DataRoot, "berth.db");
    public string ContainersDir => Path.Combine(DataRoot, "containers");
    public string ContainerRunDir(string id) => Path.Combine(ExecRoot, "containers", id);
    public string ContainerDataDir(string id) => Path.Combine(ContainersDir, id);
}
