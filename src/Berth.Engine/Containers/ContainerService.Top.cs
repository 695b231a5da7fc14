using System.Diagnostics;
using System.Text.RegularExpressions;
using Berth.Engine.Errors;
using Berth.Engine.Model;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// GET /containers/{id}/top: the host's ps with the caller's arguments (default -ef) and "-q" with the container's
    /// pids (again without -q when ps refuses the mix), its output kept to the container's processes — as moby does,
    /// so the titles and columns are exactly what ps prints.
    /// </summary>
    public async Task<ContainerTopResponse> TopAsync(string idOrName, string? psArgs, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(psArgs)) psArgs = "-ef";
        ValidatePsArgs(psArgs);
        var c = Get(idOrName);
        if (c.Record.State.Status == "restarting") throw EngineException.Conflict($"Container {c.Id} is restarting, wait until the container is running");
        if (!c.IsRunning || c.Shim is null) throw EngineException.Conflict($"Container {c.Id} is not running");
        IReadOnlyList<int> pids;
        try { pids = _runtime.Ps(c.Id); }
        catch (Runtime.RuntimeException e) { throw EngineException.Internal(e.Message, e); }
        var args = psArgs.Split(' ').ToList();
        var (code, output, error) = await RunPsAsync([.. args, "-q" + string.Join(',', pids)], cancel);
        if (code != 0)
        {
            (code, output, error) = await RunPsAsync(args, cancel);
            if (code != 0)
            {
                string first = error.Split('\n', 2)[0];
                throw EngineException.Internal("ps: " + (first.Length > 0 ? first : $"exit status {code}"));
            }
        }
        var result = ParsePsOutput(output, pids);
        Publish(c, "top");
        return result;
    }

    private static readonly Regex PsArgsPidOption = new(@"\s+([^\s]*)=\s*(PID[^\s]*)", RegexOptions.CultureInvariant);

    internal static void ValidatePsArgs(string psArgs)
    {
        foreach (Match m in PsArgsPidOption.Matches(psArgs))
            if (m.Groups[1].Value != "pid") throw EngineException.Invalid($"specifying \"{m.Groups[1].Value}={m.Groups[2].Value}\" is not allowed");
    }

    private static async Task<(int Code, string Output, string Error)> RunPsAsync(List<string> args, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo("ps") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw EngineException.Internal("ps: could not be started");
        var stdout = p.StandardOutput.ReadToEndAsync(cancel);
        var stderr = p.StandardError.ReadToEndAsync(cancel);
        await p.WaitForExitAsync(cancel);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static readonly char[] AsciiSpace = ['\t', '\n', '\f', '\r', ' '];

    /// <summary>moby's parsePSOutput: titles from the first line, rows whose PID is the container's (thread rows "-" follow theirs).</summary>
    internal static ContainerTopResponse ParsePsOutput(string output, IReadOnlyCollection<int> pids)
    {
        var lines = output.Split('\n');
        var titles = lines[0].Split(AsciiSpace, StringSplitOptions.RemoveEmptyEntries).ToList();
        int pidIndex = titles.IndexOf("PID");
        if (pidIndex < 0) throw EngineException.Internal("Couldn't find PID field in ps output");
        var rows = new List<List<string>>();
        bool previousWasOurs = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var fields = line.Split(AsciiSpace, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < titles.Count) { if (fields.Length == 0) continue; }
            if (pidIndex >= fields.Length) continue;
            if (fields[pidIndex] == "-")
            {
                if (previousWasOurs) rows.Add(Row(titles.Count, fields));
                continue;
            }
            if (!int.TryParse(fields[pidIndex], out int pid)) throw EngineException.Internal($"Unexpected pid '{fields[pidIndex]}'");
            previousWasOurs = pids.Contains(pid);
            if (previousWasOurs) rows.Add(Row(titles.Count, fields));
        }
        return new ContainerTopResponse { Titles = titles, Processes = rows };
    }

    /// <summary>The last column takes the rest of the line (a command with spaces).</summary>
    private static List<string> Row(int columns, string[] fields)
    {
        if (fields.Length <= columns) return fields.ToList();
        var row = fields.Take(columns - 1).ToList();
        row.Add(string.Join(' ', fields.Skip(columns - 1)));
        return row;
    }
}
