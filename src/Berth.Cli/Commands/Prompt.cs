namespace Berth.Cli.Commands;

/// <summary>docker's prompt.Confirm: prints "MESSAGE [y/N] " and reads one line; only "y" confirms.</summary>
public static class Prompt
{
    public static bool Confirm(CliContext cli, string message)
    {
        cli.Out.Write(message + " [y/N] ");
        cli.Out.Flush();
        var line = new List<byte>();
        var one = new byte[1];
        while (cli.IO.StdinStream.Read(one, 0, 1) == 1 && one[0] != (byte)'\n') line.Add(one[0]);
        return string.Equals(System.Text.Encoding.UTF8.GetString(line.ToArray()).Trim(), "y", StringComparison.OrdinalIgnoreCase);
    }
}
