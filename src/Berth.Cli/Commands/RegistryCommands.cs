using System.Globalization;
using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Config;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;
using Berth.Linux.Terminal;

namespace Berth.Cli.Commands;

/// <summary>login (POST /auth, credentials stored in config.json or a helper), logout, search.</summary>
public static class RegistryCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["login"] = new CommandBinding { Handler = Login, Args = ArgsRule.AtMost(1) };
        d["logout"] = new CommandBinding { Handler = Logout, Args = ArgsRule.AtMost(1) };
        d["search"] = new CommandBinding { Handler = Search, Args = ArgsRule.Exact(1) };
    }

    private static string ReadLine(CliContext cli)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (cli.IO.StdinStream.Read(one, 0, 1) == 1 && one[0] != (byte)'\n') bytes.Add(one[0]);
        return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
    }

    private static int Login(CommandContext ctx)
    {
        var f = ctx.Flags;
        string user = f.GetString("username"), password = f.GetString("password");
        if (password.Length > 0) ctx.Err.WriteLine("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        if (f.GetBool("password-stdin"))
        {
            if (user.Length == 0) throw new CliException("username is empty");
            using var reader = new StreamReader(ctx.Cli.IO.StdinStream, Encoding.UTF8);
            password = reader.ReadToEnd();
            if (password.EndsWith('\n')) password = password[..^1];
            if (password.EndsWith('\r')) password = password[..^1];
        }
        string server = ctx.Args.Count == 1 && ctx.Args[0] != "docker.io" ? ctx.Args[0] : RegistryAuth.IndexServer;
        bool isDefault = server == RegistryAuth.IndexServer;
        string key = isDefault ? server : ConfigFile.ConvertToHostname(server);
        var stored = user.Length == 0 && password.Length == 0 ? ctx.Cli.Config.GetAuth(key) : new AuthEntry(key, "", "", "");
        string? message = null;
        bool done = false;
        if (stored.Username.Length > 0 && stored.Password.Length > 0)
        {
            ctx.Err.WriteLine($"Authenticating with existing credentials... [Username: {stored.Username}]");
            ctx.Err.Write("\ni Info → To login with a different account, run 'berth logout' followed by 'berth login'\n\n\n");
            try
            {
                message = Authenticate(ctx, stored.Username, stored.Password, key, out string token);
                WarnIfUnencrypted(ctx, ctx.Cli.Config.StoreAuth(token.Length > 0 ? stored with { Password = "", IdentityToken = token } : stored));
                done = true;
            }
            catch (ApiException e)
            {
                ctx.Err.WriteLine(e.Status == 401 ? "Stored credentials invalid or expired" : "Login did not succeed, error: " + e.Message);
            }
        }
        if (!done)
        {
            if ((user.Length == 0 || password.Length == 0) && !ctx.Cli.IsInTerminal)
                throw new CliException("Error: Cannot perform an interactive login from a non TTY device");
            user = user.Trim();
            if (user.Length == 0)
            {
                string def = stored.Username.Trim();
                ctx.Out.Write(def.Length == 0 ? "Username: " : $"Username ({def}): ");
                ctx.Out.Flush();
                user = ReadLine(ctx.Cli).Trim();
                if (user.Length == 0) user = def;
                if (user.Length == 0) throw new CliException("Error: Non-null Username Required");
            }
            password = password.Trim();
            if (password.Length == 0)
            {
                var mode = ctx.Cli.IO.StdinFd >= 0 ? Tty.DisableEcho(ctx.Cli.IO.StdinFd) : null;
                try
                {
                    ctx.Out.Write("Password: ");
                    ctx.Out.Flush();
                    password = ReadLine(ctx.Cli);
                }
                finally
                {
                    if (mode is not null) Tty.Restore(mode);
                }
                ctx.Out.WriteLine();
                if (password.Length == 0) throw new CliException("Error: Password Required");
            }
            message = Authenticate(ctx, user, password, key, out string token);
            var entry = new AuthEntry(key, user, token.Length > 0 ? "" : password, token);
            try
            {
                WarnIfUnencrypted(ctx, ctx.Cli.Config.StoreAuth(entry));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException("Error saving credentials: " + e.Message);
            }
        }
        if (!string.IsNullOrEmpty(message)) ctx.Out.WriteLine(message);
        return 0;
    }

    private static void WarnIfUnencrypted(CommandContext ctx, bool storedPassword)
    {
        if (storedPassword)
            ctx.Err.WriteLine($"\nWARNING! Your credentials are stored unencrypted in '{ctx.Cli.Config.FilePath}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n");
    }

    private static string Authenticate(CommandContext ctx, string user, string password, string server, out string identityToken)
    {
        var auth = GoSchema.New("registry.AuthConfig");
        auth["Username"] = user;
        auth["Password"] = password;
        auth["ServerAddress"] = server;
        var resp = GoJson.DecodeStruct(ctx.Client.PostJson("/auth", null, GoJson.Encode(auth) + "\n"), "registry.AuthenticateOKBody");
        identityToken = resp.Str("IdentityToken");
        return resp.Str("Status");
    }

    private static int Logout(CommandContext ctx)
    {
        string server = ctx.Args.Count == 1 ? ctx.Args[0] : RegistryAuth.IndexServer;
        bool isDefault = ctx.Args.Count == 0;
        string hostname = isDefault ? server : ConfigFile.ConvertToHostname(server);
        ctx.Out.WriteLine("Removing login credentials for " + hostname);
        var candidates = isDefault ? new[] { server } : new[] { server, hostname, "http://" + hostname, "https://" + hostname };
        foreach (var c in candidates.Distinct())
        {
            try
            {
                ctx.Cli.Config.RemoveAuth(c);
            }
            catch (CliException e)
            {
                ctx.Err.WriteLine($"WARNING: could not erase credentials:\n{c}: {e.Message}");
            }
        }
        return 0;
    }

    private static int Search(CommandContext ctx)
    {
        var f = ctx.Flags;
        var filters = FilterArgs.From(f.GetList("filter"));
        if (filters.Contains("is-automated"))
            ctx.Err.WriteLine("WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.");
        string term = ctx.Args[0];
        var q = new QueryString().Set("term", term);
        if (f.GetInt("limit") > 0) q.Set("limit", f.GetInt("limit").ToString(CultureInfo.InvariantCulture));
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        int slash = term.IndexOf('/');
        string key = slash > 0 && (term[..slash].Contains('.') || term[..slash].Contains(':') || term[..slash] == "localhost")
            ? term[..slash] : RegistryAuth.IndexServer;
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = RegistryAuth.Encode(RegistryAuth.AuthConfig(ctx.Cli.Config, key)) };
        using var r = ctx.Client.Send("GET", "/images/search", q, headers: headers);
        var results = GoJson.DecodeUntyped(r.ReadAllText(), false) as GoSlice;
        string format = f.GetString("format");
        if (format is "" or "table") format = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
        bool trunc = !f.GetBool("no-trunc");
        var rows = (results?.Items ?? []).OfType<GoMap>().Select(m => (object?)new SearchContext(m, trunc, format.Contains("json")));
        FormatContext.Write(ctx.Out, format, new HeaderContext(SearchContext.Header), rows);
        return 0;
    }
}
