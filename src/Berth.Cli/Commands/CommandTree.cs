using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>Builds the command tree: the generated catalog, the root's global flags, and the bound handlers.</summary>
public static class CommandTree
{
    public static CommandSpec Build()
    {
        var root = new CommandSpec(CliContext.Program + " [OPTIONS] COMMAND [ARG...]", "A self-sufficient runtime for containers", GlobalFlags)
        {
            Interspersed = false,
        };
        foreach (var c in CommandCatalog.TopLevel()) root.Add(c);
        root.Add(CompletionCommand.Spec());
        Bind(root, Registry.All);
        return root;
    }

    private static void Bind(CommandSpec spec, IReadOnlyDictionary<string, CommandBinding> bindings)
    {
        foreach (var child in spec.Subcommands)
        {
            if (child.HandlerId is { } id && bindings.TryGetValue(id, out var binding))
            {
                child.Handler = binding.Handler;
                child.Args = binding.Args;
                child.Interspersed = binding.Interspersed;
                child.ExtraFlags = binding.HiddenFlags;
                child.Configure = binding.Configure;
            }
            Bind(child, bindings);
        }
    }

    private static FlagSpec[] GlobalFlags() =>
    [
        new(FlagKind.String, "config", '\0', "Location of client config files", "/root/.docker"),
        new(FlagKind.String, "context", 'c', "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")"),
        new(FlagKind.Bool, "debug", 'D', "Enable debug mode"),
        new(FlagKind.List, "host", 'H', "Daemon socket to connect to"),
        new(FlagKind.String, "log-level", 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info"),
        new(FlagKind.Bool, "tls", '\0', "Use TLS; implied by --tlsverify"),
        new(FlagKind.String, "tlscacert", '\0', "Trust certs signed only by this CA", "/root/.docker/ca.pem"),
        new(FlagKind.String, "tlscert", '\0', "Path to TLS certificate file", "/root/.docker/cert.pem"),
        new(FlagKind.String, "tlskey", '\0', "Path to TLS key file", "/root/.docker/key.pem"),
        new(FlagKind.Bool, "tlsverify", '\0', "Use TLS and verify the remote"),
        new(FlagKind.Bool, "version", 'v', "Print version information and quit"),
    ];
}
