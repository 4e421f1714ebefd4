using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The test portal's warnings and errors, kept in memory so that a failing browser step can say what the server saw
/// (a dead circuit, an exception in a handler). Observing only; the portal's own logging is unchanged.
/// </summary>
public sealed class PortalLog : ILoggerProvider
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The newest entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    // Owned by the factory, not by the host's logger factory: the entries outlive the host.
    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Kept && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(PortalLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var text = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            log.Add(exception is null ? text : text + " | " + exception.GetType().Name + ": " + exception.Message);
        }
    }
}
