using System.Diagnostics;

namespace Berth.Network.Firewall;

/// <summary>
/// Coexistence with iptables users, dockerd first: dockerd sets the filter FORWARD policy to DROP, and a packet
/// must be accepted by every base chain at a hook, so Berth's own nftables accept is not enough. When the iptables
/// filter table drops by default or has DOCKER-USER (the chain dockerd leaves to users and never flushes), Berth
/// inserts <c>-i BRIDGE -j ACCEPT</c> and <c>-o BRIDGE -j ACCEPT</c> there (else in FORWARD), tagged with a
/// comment; its own isolation still applies in its own table. Hosts where nobody uses iptables are left untouched
/// (no table gets created). Runs the iptables command (the alternative in force, nft or legacy).
/// </summary>
public sealed class IptablesForwardRules(string tag, string command = "iptables")
{
    public string Command { get; } = command;

    /// <summary>Makes the tagged rules match exactly <paramref name="bridges"/>; returns what it did, for the log.</summary>
    public IReadOnlyList<string> Sync(IReadOnlyCollection<string> bridges)
    {
        var done = new List<string>();
        var (ok, listing) = Run(["-w", "-t", "filter", "-S"]);
        if (!ok) return done;
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool dropPolicy = lines.Contains("-P FORWARD DROP");
        bool dockerUser = lines.Contains("-N DOCKER-USER");
        string marker = $"--comment {tag}";
        var ours = lines.Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal)).ToList();
        if (!dropPolicy && !dockerUser && ours.Count == 0) return done;

        string chain = dockerUser ? "DOCKER-USER" : "FORWARD";
        var wanted = new List<string>();
        if (dropPolicy || dockerUser)
        {
            foreach (var br in bridges)
            {
                wanted.Add($"-A {chain} -i {br} -m comment {marker} -j ACCEPT");
                wanted.Add($"-A {chain} -o {br} -m comment {marker} -j ACCEPT");
            }
        }
        foreach (var rule in ours.Where(r => !wanted.Contains(r)))
        {
            var args = new List<string> { "-w", "-t", "filter", "-D" };
            args.AddRange(rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (Run(args).Ok) done.Add("removed iptables rule: " + rule);
        }
        foreach (var rule in wanted.Where(r => !ours.Contains(r)))
        {
            var words = rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var args = new List<string> { "-w", "-t", "filter", "-I", words[0], "1" };
            args.AddRange(words.Skip(1));
            if (Run(args).Ok) done.Add("added iptables rule: " + rule);
        }
        return done;
    }

    private (bool Ok, string Output) Run(IReadOnlyList<string> args)
    {
        try
        {
            var psi = new ProcessStartInfo(Command)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return (false, "");
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = err.Result;
            return (p.ExitCode == 0, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, "");
        }
    }
}
