using System.Threading.Channels;
using Berth.Engine.Model;

namespace Berth.Engine.Events;

/// <summary>
/// Publishes engine events (container, image, volume, network...) to live subscribers and keeps the most recent
/// ones so that /events?since= can replay them, as moby's events service does.
/// </summary>
public sealed class EventBus
{
    private const int Keep = 1024;
    private readonly object _lock = new();
    private readonly LinkedList<EventMessage> _recent = new();
    private readonly List<Channel<EventMessage>> _subscribers = new();

    public void Publish(string type, string action, string id, IDictionary<string, string>? attributes = null)
    {
        var now = DateTimeOffset.UtcNow;
        long nanos = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var message = new EventMessage
        {
            Type = type,
            Action = action,
            Actor = new EventActor { ID = id, Attributes = attributes is null ? new() : new Dictionary<string, string>(attributes) },
            Scope = "local",
            Time = nanos / 1_000_000_000,
            TimeNano = nanos,
        };
        lock (_lock)
        {
            _recent.AddLast(message);
            if (_recent.Count > Keep) _recent.RemoveFirst();
            foreach (var s in _subscribers) s.Writer.TryWrite(message);
        }
    }

    /// <summary>Subscribes; returns the kept events at or after <paramref name="sinceNanos"/> and a live channel.</summary>
    public (List<EventMessage> Past, ChannelReader<EventMessage> Live, IDisposable Subscription) Subscribe(long? sinceNanos)
    {
        var channel = Channel.CreateUnbounded<EventMessage>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            var past = sinceNanos is null ? new List<EventMessage>() : _recent.Where(e => e.TimeNano >= sinceNanos).ToList();
            _subscribers.Add(channel);
            return (past, channel.Reader, new Unsubscribe(this, channel));
        }
    }

    private sealed class Unsubscribe(EventBus bus, Channel<EventMessage> channel) : IDisposable
    {
        public void Dispose()
        {
            lock (bus._lock) bus._subscribers.Remove(channel);
            channel.Writer.TryComplete();
        }
    }
}
