using Berth.Cli.Client;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Streams;
using Berth.Cli.Values;
using Berth.Linux.Terminal;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth run` and `berth create`, in docker CLI's order: create (pull and retry on 404), attach before start,
/// wait (next-exit, or removed with --rm), start, resize for a TTY, and the container's status as exit code.
/// </summary>
public static class RunCommand
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["container run"] = new CommandBinding
        {
            Handler = Run,
            Args = ArgsRule.AtLeast(1),
            Interspersed = false,
            HiddenFlags = ContainerOptions.HiddenFlags,
            Configure = ContainerOptions.Configure,
        };
        d["container create"] = new CommandBinding
        {
            Handler = Create,
            Args = ArgsRule.AtLeast(1),
            Interspersed = false,
            HiddenFlags = ContainerOptions.HiddenFlags,
            Configure = ContainerOptions.Configure,
        };
    }

    /// <summary>docker's withHelp: "docker: ERR\n\nRun 'docker run --help' for more information".</summary>
    public static CliException WithHelp(string message, string command, int code) =>
        new($"{CliContext.Program}: {message}\n\nRun '{CliContext.Program} {command} --help' for more information", code);

    /// <summary>docker's toStatusError: 127 when the command is not found, 126 when it cannot be invoked, else 125.</summary>
    private static CliException ToStatusError(CliException e)
    {
        string msg = e.Message;
        if (msg.Contains("executable file not found") || msg.Contains("no such file or directory") || msg.Contains("system cannot find the file specified"))
            return WithHelp(msg, "run", 127);
        if (msg.Contains("permission denied") || msg.Contains("is a directory"))
            return WithHelp(msg, "run", 126);
        return WithHelp(msg, "run", 125);
    }

    private static void ValidatePull(string pull, string command)
    {
        if (pull is "always" or "missing" or "never" or "") return;
        throw WithHelp($"invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\"", command, 125);
    }

    /// <summary>-e values plus the proxy settings from config.json (docker's ParseProxyConfig).</summary>
    private static List<string> Environment(CommandContext ctx)
    {
        var env = ctx.Flags.GetList("env").ToList();
        var proxies = ctx.Cli.Config.ProxyEnvironment(ctx.Cli.HostUrl);
        var keys = new HashSet<string>(env.Select(e => e.Contains('=') ? e[..e.IndexOf('=')] : e), StringComparer.Ordinal);
        foreach (var kv in proxies)
            if (!keys.Contains(kv.Key)) env.Add(kv.Key + "=" + kv.Value);
        return env;
    }

    private static ContainerConfig Parse(CommandContext ctx, string command)
    {
        try
        {
            return ContainerOptions.Build(ctx, ctx.Args[0], ctx.Args.Skip(1).ToList(), Environment(ctx));
        }
        catch (CliException e) when (e is not DaemonUnavailableException)
        {
            throw WithHelp(e.Message, command, 125);
        }
    }

    private static int Create(CommandContext ctx)
    {
        ValidatePull(ctx.Flags.GetString("pull"), "create");
        var cfg = Parse(ctx, "create");
        string id = CreateContainer(ctx, cfg);
        ctx.Out.WriteLine(id);
        return 0;
    }

    /// <summary>docker's createContainer: cidfile, pull policy, console size, create, pull on 404 and retry, warnings.</summary>
    public static string CreateContainer(CommandContext ctx, ContainerConfig cfg)
    {
        var f = ctx.Flags;
        string pull = f.GetString("pull");
        bool quiet = f.GetBool("quiet");
        string platform = f.GetString("platform");
        string image = cfg.Config.Str("Image");
        string cidPath = cfg.HostConfig.Str("ContainerIDFile");
        FileStream? cidFile = null;
        bool cidWritten = false;
        if (cidPath.Length > 0)
        {
            if (File.Exists(cidPath))
                throw new CliException($"container ID file found, make sure the other container isn't running or delete {cidPath}");
            try
            {
                cidFile = new FileStream(cidPath, FileMode.Create, FileAccess.Write);
            }
            catch (IOException e)
            {
                throw new CliException("failed to create the container ID file: " + e.Message);
            }
        }
        try
        {
            ImageReference? named = ImageReference.TryParse(image, out var r, out _) ? r!.WithDefaultTag() : null;
            void DoPull()
            {
                var output = quiet ? null : ctx.Err;
                ImagePuller.Pull(ctx.Cli, named ?? ImageReference.Parse(image), platform, output, ctx.Cli.IsErrTerminal, ctx.Cli.IO.StderrFd);
            }
            if (pull == "always") DoPull();
            if (ctx.Cli.IO.StdoutFd >= 0 && Tty.TryGetSize(ctx.Cli.IO.StdoutFd, out ushort h, out ushort w))
                cfg.HostConfig["ConsoleSize"] = new GoSlice(GoType.ArrayOf(GoType.Uint, 2), [(ulong)h, (ulong)w]);
            // the client-side checks of docker's ContainerCreate
            if (cfg.Config["StopTimeout"] is not GoNil) ctx.Client.RequireVersion("1.25", "stop timeout");
            if (platform.Length > 0) ctx.Client.RequireVersion("1.41", "specify container image platform");
            if (cfg.Config["Healthcheck"] is GoStruct hc && hc["StartInterval"] is GoDurationValue { Nanoseconds: not 0 })
                ctx.Client.RequireVersion("1.44", "specify health-check start interval");
            if (cfg.NetworkingConfig.Map("EndpointsConfig")?.Entries?.Values.OfType<GoStruct>().Any(e => e.Str("MacAddress").Length > 0) == true)
                ctx.Client.RequireVersion("1.44", "specify mac-address per network");
            if (ctx.Client.VersionAtLeast("1.44")) cfg.Config["MacAddress"] = "";
            var q = new QueryString();
            if (platform.Length > 0) q.Set("platform", platform.ToLowerInvariant());
            if (f.GetString("name") is { Length: > 0 } name) q.Set("name", name);
            var request = GoSchema.New("container.CreateRequest");
            request["Config"] = cfg.Config;
            request["HostConfig"] = cfg.HostConfig;
            request["NetworkingConfig"] = cfg.NetworkingConfig;
            string body = GoJson.Encode(request) + "\n";
            string response;
            try
            {
                response = ctx.Client.PostJson("/containers/create", q, body);
            }
            catch (ApiException e) when (e.IsNotFound && named is not null && pull == "missing")
            {
                if (!quiet) ctx.Err.WriteLine($"Unable to find image '{named.FamiliarString}' locally");
                DoPull();
                response = ctx.Client.PostJson("/containers/create", q, body);
            }
            var created = GoJson.DecodeStruct(response, "container.CreateResponse");
            var warnings = created.Strings("Warnings").ToList();
            foreach (var dns in cfg.HostConfig.Strings("DNS"))
                if (System.Net.IPAddress.TryParse(dns, out var ip) && System.Net.IPAddress.IsLoopback(ip))
                {
                    warnings.Add($"Localhost DNS ({ip}) may fail in containers.");
                    break;
                }
            foreach (var w2 in warnings) ctx.Err.WriteLine("WARNING: " + w2);
            string id = created.Str("ID");
            if (cidFile is not null)
            {
                cidFile.Write(System.Text.Encoding.UTF8.GetBytes(id));
                cidWritten = true;
            }
            return id;
        }
        finally
        {
            if (cidFile is not null)
            {
                cidFile.Dispose();
                if (!cidWritten) File.Delete(cidPath);
            }
        }
    }

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        ValidatePull(f.GetString("pull"), "run");
        var cfg = Parse(ctx, "run");
        var config = cfg.Config;
        bool detach = f.GetBool("detach");
        config["ArgsEscaped"] = false;
        if (!detach)
        {
            if (config.Bool("AttachStdin") && config.Bool("Tty") && !ctx.Cli.IsInTerminal)
                throw new CliException("the input device is not a TTY");
        }
        else
        {
            if (f.GetList("attach").Count != 0) throw new CliException("conflicting options: cannot specify both --attach and --detach");
            config["AttachStdin"] = false;
            config["AttachStdout"] = false;
            config["AttachStderr"] = false;
            config["StdinOnce"] = false;
        }
        string id;
        try
        {
            id = CreateContainer(ctx, cfg);
        }
        catch (DaemonUnavailableException e)
        {
            throw WithHelp(e.Message, "run", 125);
        }
        catch (CliException e)
        {
            throw ToStatusError(e);
        }
        using var signals = f.GetBool("sig-proxy") ? new SignalProxy(ctx.Client, id) : null;
        bool attach = config.Bool("AttachStdin") || config.Bool("AttachStdout") || config.Bool("AttachStderr");
        string detachKeys = f.GetString("detach-keys");
        if (detachKeys.Length == 0) detachKeys = ctx.Cli.Config.DetachKeys ?? "";
        return AttachSession.Execute(ctx, id, attach, config.Bool("Tty"), config.Bool("AttachStdin"), config.Bool("AttachStdout"),
            config.Bool("AttachStderr"), detachKeys, cfg.HostConfig.Bool("AutoRemove"), forRun: true,
            start: () => StartContainer(ctx, id));
    }

    private static void StartContainer(CommandContext ctx, string id)
    {
        using var r = ctx.Client.Send("POST", ObjectPaths.Container(id) + "/start");
        r.ReadAllBytes();
    }

    /// <summary>Prints the container ID for `run -d` and detached starts.</summary>
    internal static void PrintId(CommandContext ctx, string id) => ctx.Out.WriteLine(id);

    internal static CliException StatusError(CliException e, bool forRun) => forRun ? ToStatusError(e) : e;
}
