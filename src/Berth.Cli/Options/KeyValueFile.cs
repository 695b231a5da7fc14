namespace Berth.Cli.Options;

/// <summary>docker's kvfile.Parse for --env-file and --label-file: KEY=value lines, # comments, bare KEY taken from the environment.</summary>
public static class KeyValueFile
{
    public static List<string> Parse(string filename, Func<string, string?>? lookup)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllText(filename).Split('\n');
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"open {filename}: no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"open {filename}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"open {filename}: permission denied");
        }
        var result = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i];
            if (i == lines.Length - 1 && raw.Length == 0) break;
            if (raw.EndsWith('\r')) raw = raw[..^1];
            if (i == 0 && raw.StartsWith('\uFEFF')) raw = raw[1..];
            string line = raw.TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            string key = eq < 0 ? line : line[..eq];
            if (key.Length == 0) throw new CliException($"invalid env file ({filename}): no variable name on line '{line}'");
            if (key.IndexOfAny([' ', '\t']) >= 0) throw new CliException($"invalid env file ({filename}): variable '{key}' contains whitespaces");
            if (eq >= 0)
            {
                result.Add(line);
                continue;
            }
            if (lookup is not null && lookup(line) is { } value) result.Add(key + "=" + value);
        }
        return result;
    }
}
