using Berth.Cli.Client;

namespace Berth.Cli.Commands;

/// <summary>docker's parallelOperation: run an operation per container (at most 50 at once), results in argument order.</summary>
public static class ParallelOps
{
    public static List<Exception?> Run(IReadOnlyList<string> items, Action<string> op)
    {
        var results = new Exception?[items.Count];
        if (items.Count == 1)
        {
            results[0] = Try(() => op(items[0]));
            return results.ToList();
        }
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = 50 }, i => results[i] = Try(() => op(items[i])));
        return results.ToList();
    }

    private static Exception? Try(Action a)
    {
        try
        {
            a();
            return null;
        }
        catch (DaemonUnavailableException e)
        {
            return e;
        }
        catch (CliException e)
        {
            return e;
        }
    }

    /// <summary>Prints each successful name, then fails with the errors joined by newlines (errors.Join).</summary>
    public static int Report(CommandContext ctx, IReadOnlyList<string> items, List<Exception?> results,
        Func<Exception, bool>? printInsteadOfFail = null)
    {
        var errors = new List<string>();
        for (int i = 0; i < items.Count; i++)
        {
            var e = results[i];
            if (e is null)
            {
                ctx.Out.WriteLine(items[i]);
                continue;
            }
            if (printInsteadOfFail is not null && printInsteadOfFail(e))
            {
                ctx.Out.Flush();
                ctx.Err.WriteLine(e.Message);
                continue;
            }
            errors.Add(e.Message);
        }
        if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        return 0;
    }
}
