using Berth.Linux;
using Berth.Linux.Namespaces;
using Berth.Network.Ports;
using Berth.Network.State;

namespace Berth.Network;

public sealed partial class NetworkManager
{
    /// <summary>
    /// Brings the kernel in line with the records after a start (clean or after a crash). Everything Berth creates
    /// carries its tag (link alias TAG:net:ID or TAG:ep:CONTAINER:NET, table inet TAG, files under RUN/netns), so
    /// leftovers are found without guessing from names, and nothing of another instance (or of dockerd) is touched.
    /// </summary>
    private void Reconcile(HashSet<string> live)
    {
        lock (_gate)
        {
            foreach (var n in _store.LoadNetworks()) _networks[n.Id] = n;
            EnsurePredefined();
            Directory.CreateDirectory(NetnsDirectory);
            if (_options.ShareNetnsDirectory)
            {
                try { NetworkNamespace.MakeSharedDirectory(NetnsDirectory); }
                catch (SyscallException e) { NetworkLog.ReconcileProblem(_log, $"cannot make {NetnsDirectory} a shared mount: {e.Message}"); }
            }
            foreach (var n in _networks.Values.Where(n => n.IsBridge).ToList())
            {
                try { EnsureBridge(n); }
                catch (Exception e) when (e is SyscallException or NetworkException)
                {
                    NetworkLog.ReconcileProblem(_log, $"network {n.Name}: bridge {n.Bridge}: {e.Message}");
                }
            }

            foreach (var record in _store.LoadSandboxes()) RestoreSandbox(record, live);

            var bridges = _networks.Values.Where(n => n.IsBridge).Select(n => n.Bridge!).ToHashSet();
            var veths = _sandboxes.Values.SelectMany(s => s.Record.Endpoints).Select(e => e.HostInterface).Where(h => h.Length > 0).ToHashSet();
            foreach (var link in _host.ListLinks())
            {
                if (link.Alias is null) continue;
                bool staleBridge = link.Alias.StartsWith(_options.Tag + ":net:", StringComparison.Ordinal) && !bridges.Contains(link.Name);
                bool staleVeth = link.Alias.StartsWith(_options.Tag + ":ep:", StringComparison.Ordinal) && !veths.Contains(link.Name);
                if (!staleBridge && !staleVeth) continue;
                _host.TryDeleteLink(link.Index, out _);
                NetworkLog.Reconciled(_log, $"removed leftover {(staleBridge ? "bridge" : "veth")} {link.Name}");
            }

            var pinned = _sandboxes.Values.Select(s => s.Record.NetnsPath).ToHashSet();
            foreach (var file in Directory.EnumerateFiles(NetnsDirectory))
            {
                if (pinned.Contains(file)) continue;
                NetworkNamespace.Delete(file);
                NetworkLog.Reconciled(_log, $"removed leftover network namespace {file}");
            }

            RebuildDns();
            ApplyFirewall();
            SyncIptables();
            foreach (var runtime in _sandboxes.Values)
            {
                try
                {
                    EnsureResolver(runtime);
                    WriteFilesIfWanted(runtime);
                }
                catch (Exception e) when (e is SyscallException or IOException or Linux.Netlink.NftablesException)
                {
                    NetworkLog.ReconcileProblem(_log, $"container {Short(runtime.Record.ContainerId)}: {e.Message}");
                }
            }
        }
    }

    private void RestoreSandbox(SandboxRecord record, HashSet<string> live)
    {
        bool alive = live.Contains(record.ContainerId) && (record.HostNetwork || NetworkNamespace.Exists(record.NetnsPath));
        if (!alive)
        {
            foreach (var e in record.Endpoints.Where(e => e.HostInterface.Length > 0)) _host.DeleteLink(e.HostInterface);
            if (record.OwnsNetns && record.NetnsPath.Length > 0) NetworkNamespace.Delete(record.NetnsPath);
            _store.DeleteSandbox(record.ContainerId);
            NetworkLog.Reconciled(_log, $"released the network of stopped container {Short(record.ContainerId)}");
            return;
        }
        var runtime = new SandboxRuntime(record);
        if (!record.HostNetwork) runtime.Netns = NetworkNamespace.Open(record.NetnsPath);
        var kept = new List<EndpointRecord>();
        foreach (var e in record.Endpoints)
        {
            bool ok = _networks.ContainsKey(e.NetworkId) && (e.HostInterface.Length == 0 || _host.FindLink(e.HostInterface) is not null);
            if (ok) { kept.Add(e); continue; }
            if (e.HostInterface.Length > 0) _host.DeleteLink(e.HostInterface);
            NetworkLog.ReconcileProblem(_log, $"container {Short(record.ContainerId)}: dropped broken endpoint on {e.NetworkName}");
        }
        if (kept.Count != record.Endpoints.Count)
        {
            record = record with { Endpoints = kept };
            _store.Save(record);
        }
        runtime.Record = record;
        foreach (var p in record.Ports)
        {
            try
            {
                runtime.Reservations.Add(PortReservation.Restore(new PortMapping(p.Protocol, System.Net.IPAddress.Parse(p.HostIp), p.HostPort, p.ContainerPort)));
            }
            catch (NetworkException e)
            {
                NetworkLog.ReconcileProblem(_log, $"container {Short(record.ContainerId)}: {e.Message}");
            }
        }
        foreach (var e in record.Endpoints) _sequence = Math.Max(_sequence, e.Sequence);
        _sandboxes[record.ContainerId] = runtime;
        try { UpdateGateway(runtime); }
        catch (SyscallException e) { NetworkLog.ReconcileProblem(_log, $"container {Short(record.ContainerId)}: default route: {e.Message}"); }
    }
}
