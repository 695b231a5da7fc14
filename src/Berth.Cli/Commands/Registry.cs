namespace Berth.Cli.Commands;

/// <summary>Every command's binding, by handler id ("container run" serves both `run` and `container run`).</summary>
public static class Registry
{
    private static Dictionary<string, CommandBinding>? _all;

    public static IReadOnlyDictionary<string, CommandBinding> All => _all ??= Build();

    private static Dictionary<string, CommandBinding> Build()
    {
        var d = new Dictionary<string, CommandBinding>(StringComparer.Ordinal);
        SystemCommands.Register(d);
        ContainerListCommand.Register(d);
        InspectCommands.Register(d);
        ContainerLifecycleCommands.Register(d);
        ContainerInfoCommands.Register(d);
        LogsCommand.Register(d);
        RunCommand.Register(d);
        ExecCommand.Register(d);
        AttachCommand.Register(d);
        ImageCommands.Register(d);
        ImageTransferCommands.Register(d);
        BuildCommand.Register(d);
        VolumeCommands.Register(d);
        NetworkCommands.Register(d);
        PruneCommands.Register(d);
        EventsCommand.Register(d);
        StatsCommand.Register(d);
        CopyCommand.Register(d);
        RegistryCommands.Register(d);
        CompletionCommand.Register(d);
        return d;
    }
}
