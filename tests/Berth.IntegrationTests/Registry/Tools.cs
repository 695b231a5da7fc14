using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.IntegrationTests.Registry;

/// <summary>Running the host tools the interop tests use (skopeo, umoci, docker, htpasswd) and finding free ports.</summary>
public static class Tools
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to completion; throws with its output when it fails (unless <paramref name="check"/> is false).</summary>
    public static (int Exit, string Out, string Err) Run(string file, string args, bool check = true, int timeoutSeconds = 300, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {args}: no exit after {timeoutSeconds} s");
        }
        p.WaitForExit();
        var result = (p.ExitCode, stdout.Result, stderr.Result);
        if (check && p.ExitCode != 0) throw new InvalidOperationException($"{file} {args}: exit {p.ExitCode}\n{result.Item2}\n{result.Item3}");
        return result;
    }

    public static void WaitForHttp(string url, Func<HttpStatusCode, bool> ready, Process? owner = null, int seconds = 20)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (owner is { HasExited: true }) throw new InvalidOperationException($"{owner.StartInfo.FileName} exited with {owner.ExitCode}");
            try
            {
                using var r = http.GetAsync(url).GetAwaiter().GetResult();
                if (ready(r.StatusCode)) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{url} did not come up in {seconds} s");
    }

    /// <summary>A busybox root filesystem (busybox-static and its applet links) in <paramref name="dir"/>.</summary>
    public static void BusyboxRootfs(string dir, string? extraFile = null)
    {
        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        File.Copy("/bin/busybox", Path.Combine(dir, "bin/busybox"), overwrite: true);
        foreach (string applet in Run("/bin/busybox", "--list").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (applet != "busybox" && !File.Exists(Path.Combine(dir, "bin", applet)))
                File.CreateSymbolicLink(Path.Combine(dir, "bin", applet), "busybox");
        foreach (string d in new[] { "etc", "tmp", "proc", "sys", "dev" }) Directory.CreateDirectory(Path.Combine(dir, d));
        File.WriteAllText(Path.Combine(dir, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        if (extraFile is not null) File.WriteAllText(Path.Combine(dir, "etc/berth-test"), extraFile);
    }

    /// <summary>Makes an OCI layout image from a rootfs with umoci (one layer, cmd sh).</summary>
    public static void OciLayoutFromRootfs(string layoutDir, string tag, string rootfs, string workDir)
    {
        if (!Directory.Exists(layoutDir)) Run("umoci", $"init --layout {layoutDir}");
        Run("umoci", $"new --image {layoutDir}:{tag}");
        string bundle = Path.Combine(workDir, "bundle-" + tag);
        Run("umoci", $"unpack --image {layoutDir}:{tag} {bundle}");
        Run("cp", $"-a {rootfs}/. {bundle}/rootfs/");
        Run("umoci", $"repack --image {layoutDir}:{tag} {bundle}");
        Run("umoci", $"config --image {layoutDir}:{tag} --config.cmd sh");
        Run("rm", $"-rf {bundle}");
    }
}
