using System.Diagnostics;
using System.Text;

namespace Berth.IntegrationTests.Cli;

/// <summary>Runs a program to completion with a timeout and captures its output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int Code, string Out, string Err);

    public static Result Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        string? stdin = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(120)).TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a shell command line (for pipelines such as feeding a pty through `script`).</summary>
    public static Result Shell(string command, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        Run("/bin/bash", ["-c", command], env, null, timeout);

    public static string FreeTcpPort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Text(byte[] b) => Encoding.UTF8.GetString(b);
}
