using Microsoft.Extensions.Logging;

namespace Berth.Daemon;

/// <summary>Logs to stderr as "time level area: message", one line each; cheap and AOT-clean.</summary>
internal sealed class StderrLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private static readonly object Lock = new();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName, minimum);

    public void Dispose() { }

    private sealed class StderrLogger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string level = logLevel switch
            {
                LogLevel.Trace => "trace", LogLevel.Debug => "debug", LogLevel.Information => "info",
                LogLevel.Warning => "warn", LogLevel.Error => "error", _ => "fatal",
            };
            string line = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level} {category}: {formatter(state, exception)}";
            if (exception is not null) line += Environment.NewLine + exception;
            lock (Lock) Console.Error.WriteLine(line);
        }
    }
}
