using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Berth.IntegrationTests.Seccomp;

/// <summary>
/// A small .NET program, built once per change into a temp directory from the Berth assemblies next to the tests,
/// that loads a seccomp filter on its main thread with <c>SeccompSetup.Apply</c> and then either execs a program
/// (the filter carries over execve, as in a container's init) or makes raw syscalls and prints their results. The
/// test process itself never loads a filter.
/// <code>
/// helper [--nnp] (--spec FILE | --docker CAP,CAP...) (--exec PATH ARGS... | --probe "NR A0 A1..." ...)
/// </code>
/// </summary>
public sealed class SeccompHelperProcess
{
    private const string Source = """
        using System.Runtime.InteropServices;
        using System.Text.Json;
        using Berth.Linux.Seccomp;
        using Berth.Oci.Runtime;
        using Berth.Runtime.Seccomp;

        static class Program
        {
            [DllImport("libc", SetLastError = true)]
            static extern long syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

            [DllImport("libc", SetLastError = true)]
            static extern int execv(string path, string?[] argv);

            static int Main(string[] args)
            {
                int i = 0;
                if (args[i] == "--nnp") { NoNewPrivileges.Set(); i++; }
                LinuxSeccomp spec;
                if (args[i] == "--spec")
                    spec = JsonSerializer.Deserialize(File.ReadAllText(args[i + 1]), RuntimeJsonContext.Default.LinuxSeccomp)!;
                else
                    spec = DockerSeccompProfile.Default.ToOci(args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries))!;
                i += 2;
                try
                {
                    SeccompSetup.Apply(spec);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("load failed: " + e.Message);
                    return 100;
                }
                Console.Out.Flush();
                if (args[i] == "--exec")
                {
                    var argv = args[(i + 1)..].Cast<string?>().Append(null).ToArray();
                    execv(args[i + 1], argv);
                    Console.Error.WriteLine($"execv failed: errno {Marshal.GetLastPInvokeError()}");
                    return 127;
                }
                for (; i < args.Length; i += 2)
                {
                    long[] n = args[i + 1].Split(' ').Select(s => s.StartsWith("0x") ? Convert.ToInt64(s[2..], 16) : long.Parse(s)).ToArray();
                    Array.Resize(ref n, 7);
                    long r = syscall(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
                    Console.WriteLine(r < 0 ? $"errno {Marshal.GetLastPInvokeError()}" : $"ok {r}");
                }
                return 0;
            }
        }
        """;

    private static readonly string[] Assemblies = ["Berth.Oci.dll", "Berth.Linux.dll", "Berth.Runtime.dll"];
    private static readonly Lazy<string> Built = new(Build);

    public static string Busybox => "/bin/busybox";

    /// <summary>Path of the built helper dll.</summary>
    public static string HelperDll => Built.Value;

    private static string Build()
    {
        string baseDir = AppContext.BaseDirectory;
        var hash = SHA256.Create();
        var key = new StringBuilder(Source);
        foreach (string dll in Assemblies) key.Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(baseDir, dll)))));
        string id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..16].ToLowerInvariant();
        string dir = Path.Combine(Path.GetTempPath(), "berth-seccomp-helper-" + id);
        string dllPath = Path.Combine(dir, "out", "SeccompHelper.dll");
        if (File.Exists(dllPath)) return dllPath;

        string src = Path.Combine(dir, "src");
        Directory.CreateDirectory(src);
        // Empty Directory.Build.* files stop MSBuild from picking up anything above this directory.
        File.WriteAllText(Path.Combine(src, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(src, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(src, "Directory.Packages.props"), "<Project />");
        var references = string.Join("\n", Assemblies.Select(a => $"""    <Reference Include="{Path.Combine(baseDir, a)}" />"""));
        File.WriteAllText(Path.Combine(src, "SeccompHelper.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(src, "Program.cs"), Source);
        var result = Run(DotnetHost(), ["build", src, "-c", "Release", "-o", Path.Combine(dir, "out"), "--nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0 || !File.Exists(dllPath))
            throw new InvalidOperationException($"building the seccomp helper failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        return dllPath;
    }

    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs the helper with <paramref name="args"/>, optionally as another user through setpriv.</summary>
    public static ProcessResult RunHelper(IEnumerable<string> args, string? asUser = null)
    {
        var all = new List<string>();
        string file = DotnetHost();
        if (asUser is not null)
        {
            file = "/usr/bin/setpriv";
            all.AddRange([$"--reuid={asUser}", $"--regid={asUser}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", DotnetHost()]);
        }
        all.Add(HelperDll);
        all.AddRange(args);
        return Run(file, all, TimeSpan.FromSeconds(60));
    }

    public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
