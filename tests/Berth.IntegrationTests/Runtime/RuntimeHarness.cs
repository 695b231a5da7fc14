using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Runtime.Spec;
using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>
/// A private berth-runtime state root plus busybox bundles (Debian's busybox-static), and the native binary from
/// $BERTH_BIN (default: the repository's out/bin). Disposing deletes every container left under the root (by
/// id, with delete -f) and every temporary directory.
/// </summary>
public sealed class RuntimeHarness : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("berth-rt-").FullName;
    public string Root => Path.Combine(Work, "state");
    public string Binary { get; } = FindBinary();
    private int _bundles;

    public static string FindBinary()
    {
        string? dir = Environment.GetEnvironmentVariable("BERTH_BIN");
        if (string.IsNullOrEmpty(dir))
        {
            string? d = AppContext.BaseDirectory;
            while (d is not null && !File.Exists(Path.Combine(d, "Berth.sln"))) d = Path.GetDirectoryName(d);
            dir = Path.Combine(d ?? ".", "out", "bin");
        }
        string path = Path.Combine(dir, "berth-runtime");
        if (!File.Exists(path)) throw new InvalidOperationException($"berth-runtime not built: {path} (run ./build.sh)");
        return path;
    }

    /// <summary>A busybox rootfs shared by the bundles of this harness.</summary>
    public string Rootfs => _rootfs ??= MakeRootfs(Path.Combine(Work, "rootfs"));
    private string? _rootfs;

    public static string MakeRootfs(string r)
    {
        string busybox = File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox";
        foreach (var d in new[] { "bin", "etc", "tmp", "proc", "sys", "dev", "root", "home/user" }) Directory.CreateDirectory(Path.Combine(r, d));
        File.Copy(busybox, Path.Combine(r, "bin/busybox"));
        var list = Run(busybox, ["--list"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var applet in list)
            if (applet != "busybox" && !File.Exists(Path.Combine(r, "bin", applet))) File.CreateSymbolicLink(Path.Combine(r, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(r, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File.WriteAllText(Path.Combine(r, "etc/group"), "root:x:0:\nuser:x:1000:\nwheel:x:10:user\nnogroup:x:65534:\n");
        return r;
    }

    /// <summary>A bundle whose config.json is runc's default spec, not a terminal, running <paramref name="args"/>; <paramref name="edit"/> changes it.</summary>
    public string Bundle(string[] args, Action<RuntimeSpec>? edit = null, bool ownRootfs = false)
    {
        string dir = Path.Combine(Work, "bundle" + Interlocked.Increment(ref _bundles));
        Directory.CreateDirectory(dir);
        var spec = DefaultSpec.Create();
        spec.Process!.Terminal = false;
        spec.Process.Args = [.. args];
        spec.Hostname = "berth-test";
        spec.Root!.Path = ownRootfs ? MakeRootfs(Path.Combine(dir, "rootfs")) : Rootfs;
        spec.Root.Readonly = false;
        edit?.Invoke(spec);
        File.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec));
        return dir;
    }

    public string NewId(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..10];

    public Result Runtime(params string[] args) => Run(Binary, ["--root", Root, .. args]);

    public Result Runtime(TimeSpan timeout, params string[] args) => Run(Binary, ["--root", Root, .. args], timeout);

    public JsonNode State(string id)
    {
        var r = Runtime("state", id);
        Assert.True(r.Code == 0, r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    public sealed record Result(int Code, string Stdout, string Stderr);

    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = new Process { StartInfo = info };
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        var outDone = new ManualResetEventSlim();
        var errDone = new ManualResetEventSlim();
        p.OutputDataReceived += (_, e) => { if (e.Data is null) outDone.Set(); else lock (stdout) stdout.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is null) errDone.Set(); else lock (stderr) stderr.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        // A container created by the command may keep its stdout and stderr open: wait for them only briefly.
        outDone.Wait(TimeSpan.FromSeconds(1));
        errDone.Wait(TimeSpan.FromSeconds(1));
        lock (stdout) lock (stderr) return new Result(p.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public static Result Sh(string script) => Run("/bin/sh", ["-c", script]);

    public void Dispose()
    {
        try
        {
            var list = Runtime("list", "-q");
            foreach (var id in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Runtime("delete", "-f", id);
        }
        catch (Exception) { }
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
