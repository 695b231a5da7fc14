using System.Diagnostics;

namespace Berth.IntegrationTests.Cgroups;

/// <summary>
/// A busybox shell started by a test, waiting for a line on stdin before it runs its script, so the test can move
/// it into a cgroup first. Killed in Dispose.
/// </summary>
public sealed class TestProcess : IDisposable
{
    private readonly Process _process;
    // Captured line by line: a background child that outlives the shell keeps the pipes open, so waiting for
    // their end could last forever.
    private readonly System.Text.StringBuilder _stdout = new(), _stderr = new();
    private readonly ManualResetEventSlim _stdoutClosed = new(), _stderrClosed = new();

    private TestProcess(string script)
    {
        var info = new ProcessStartInfo("/bin/busybox") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "sh", "-c", "read go; " + script }) info.ArgumentList.Add(a);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Capture(_stdout, _stdoutClosed, e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(_stderr, _stderrClosed, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static void Capture(System.Text.StringBuilder into, ManualResetEventSlim closed, string? line)
    {
        if (line is null)
        {
            closed.Set();
            return;
        }
        lock (into) into.Append(line).Append('\n');
    }

    private static string Text(System.Text.StringBuilder from, ManualResetEventSlim closed)
    {
        closed.Wait(TimeSpan.FromSeconds(1));
        lock (from) return from.ToString();
    }

    /// <summary>Starts <paramref name="script"/> held before its first command until <see cref="Go"/>.</summary>
    public static TestProcess Held(string script) => new(script);

    public int Pid => _process.Id;

    public void Go()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Exit status; 128 + N for signal N.</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"process {Pid} still runs after {timeout}");
        return _process.ExitCode;
    }

    /// <summary>What it printed so far (waiting a moment for the pipe to close).</summary>
    public string Stdout => Text(_stdout, _stdoutClosed);
    public string Stderr => Text(_stderr, _stderrClosed);

    /// <summary>The state letter and user+system ticks from /proc/pid/stat.</summary>
    public static (char State, long CpuTicks) Stat(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], long.Parse(fields[11]) + long.Parse(fields[12]));
    }

    /// <summary>Pids of this shell's children (from /proc/pid/task/*/children).</summary>
    public IReadOnlyList<int> Children() =>
        Directory.EnumerateFiles($"/proc/{Pid}/task", "children", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllText(f).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToList();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
