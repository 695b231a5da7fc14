using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Config;

/// <summary>Talks to a docker-credential-NAME program (get / store / erase over stdin and stdout).</summary>
public static class CredentialHelperClient
{
    private static (int Code, string Out) Run(string helper, string verb, string input)
    {
        var psi = new ProcessStartInfo("docker-credential-" + helper, verb)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new CliException($"error getting credentials - err: exec: \"docker-credential-{helper}\": executable file not found in $PATH");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CliException($"error getting credentials - err: exec: \"docker-credential-{helper}\": executable file not found in $PATH, out: ``");
        }
        using (p)
        {
            p.StandardInput.Write(input);
            p.StandardInput.Close();
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
    }

    public static AuthEntry? Get(string helper, string server)
    {
        var (code, output) = Run(helper, "get", server);
        if (code != 0)
        {
            if (output.Contains("credentials not found", StringComparison.Ordinal)) return null;
            throw new CliException($"error getting credentials - err: exit status {code}, out: `{output.Trim()}`");
        }
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        string user = root.TryGetProperty("Username", out var u) ? u.GetString() ?? "" : "";
        string secret = root.TryGetProperty("Secret", out var s) ? s.GetString() ?? "" : "";
        if (user == "<token>") return new AuthEntry(server, "", "", secret);
        return new AuthEntry(server, user, secret, "");
    }

    public static void Store(string helper, AuthEntry entry)
    {
        var sb = new StringBuilder();
        sb.Append("{\"ServerURL\":");
        Values.GoJson.WriteString(sb, entry.ServerAddress, true);
        sb.Append(",\"Username\":");
        Values.GoJson.WriteString(sb, entry.IdentityToken.Length > 0 ? "<token>" : entry.Username, true);
        sb.Append(",\"Secret\":");
        Values.GoJson.WriteString(sb, entry.IdentityToken.Length > 0 ? entry.IdentityToken : entry.Password, true);
        sb.Append('}');
        var (code, output) = Run(helper, "store", sb.ToString());
        if (code != 0) throw new CliException($"error storing credentials - err: exit status {code}, out: `{output.Trim()}`");
    }

    public static bool Erase(string helper, string server)
    {
        var (code, _) = Run(helper, "erase", server);
        return code == 0;
    }
}
