using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// When each Blazor circuit of a test portal opened, closed and finished its disposal (the circuit's service scope
/// ended, after every component was disposed). Fed by <see cref="CircuitProbe"/>; observing only.
/// </summary>
public sealed class CircuitLog
{
    private readonly ConcurrentDictionary<string, Entry> _circuits = new();

    /// <summary>The ids of the circuits not closed yet.</summary>
    public IReadOnlyList<string> Open() => [.. _circuits.Where(c => c.Value.Closed is null).Select(c => c.Key)];

    /// <summary>When the circuit's disposal finished, or null while it runs (or the circuit is open).</summary>
    public DateTimeOffset? DisposedAt(string id) => _circuits.TryGetValue(id, out var c) ? c.Disposed : null;

    /// <summary>Each circuit's id with when it opened, closed and was disposed, for a failing test to print.</summary>
    public string Describe() => string.Join("; ", _circuits.OrderBy(c => c.Value.Opened).Select(c =>
        $"{c.Key[..Math.Min(8, c.Key.Length)]} opened {c.Value.Opened:HH:mm:ss.fff} closed {c.Value.Closed:HH:mm:ss.fff} disposed {c.Value.Disposed:HH:mm:ss.fff}"));

    internal void Opened(string id) => _circuits[id] = new Entry(DateTimeOffset.UtcNow, null, null);

    internal void Closed(string id) => _circuits.AddOrUpdate(id, _ => new Entry(null, DateTimeOffset.UtcNow, null), (_, c) => c with { Closed = DateTimeOffset.UtcNow });

    internal void Disposed(string id) => _circuits.AddOrUpdate(id, _ => new Entry(null, null, DateTimeOffset.UtcNow), (_, c) => c with { Disposed = DateTimeOffset.UtcNow });

    private sealed record Entry(DateTimeOffset? Opened, DateTimeOffset? Closed, DateTimeOffset? Disposed);
}

/// <summary>One per circuit (scoped): disposed with the circuit's scope, which ends only after the components' disposal.</summary>
public sealed class CircuitProbe(CircuitLog log) : CircuitHandler, IDisposable
{
    private string? _id;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _id = circuit.Id;
        log.Opened(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        log.Closed(circuit.Id);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_id is not null)
        {
            log.Disposed(_id);
        }
    }
}
