namespace Berth.Runtime;

public enum RuntimeLogLevel { Debug, Info, Warning, Error }

/// <summary>Where the runtime reports warnings and debug details (the CLI's --log file, the shim's logger).</summary>
public interface IRuntimeLog
{
    bool IsEnabled(RuntimeLogLevel level);
    void Write(RuntimeLogLevel level, string message);
}

/// <summary>A log that drops everything.</summary>
public sealed class NullRuntimeLog : IRuntimeLog
{
    public static readonly NullRuntimeLog Instance = new();
    public bool IsEnabled(RuntimeLogLevel level) => false;
    public void Write(RuntimeLogLevel level, string message) { }
}
