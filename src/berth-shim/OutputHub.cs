using System.Threading.Channels;

namespace Berth.Shim;

/// <summary>
/// Fans the container's output out to the log writer and to every attached client. A slow client gets a bounded
/// queue and is dropped when it overflows, so it can never stall the container (Docker blocks instead).
/// </summary>
internal sealed class OutputHub
{
    private const int ClientQueue = 4096;
    private readonly object _lock = new();
    private readonly List<Subscriber> _subscribers = new();
    private bool _closed;

    public sealed class Subscriber
    {
        internal readonly Channel<(byte Stream, byte[] Data)> Queue =
            Channel.CreateBounded<(byte, byte[])>(new BoundedChannelOptions(ClientQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        internal bool Stdout, Stderr;
        public ChannelReader<(byte Stream, byte[] Data)> Reader => Queue.Reader;
    }

    public Subscriber Subscribe(bool stdout, bool stderr)
    {
        var s = new Subscriber { Stdout = stdout, Stderr = stderr };
        lock (_lock)
        {
            if (_closed) s.Queue.Writer.TryComplete();
            else _subscribers.Add(s);
        }
        return s;
    }

    public void Unsubscribe(Subscriber s)
    {
        lock (_lock) _subscribers.Remove(s);
        s.Queue.Writer.TryComplete();
    }

    public void Publish(byte stream, byte[] data)
    {
        lock (_lock)
        {
            foreach (var s in _subscribers)
            {
                if (stream == 1 ? !s.Stdout : !s.Stderr) continue;
                if (!s.Queue.Writer.TryWrite((stream, data))) s.Queue.Writer.TryComplete(new IOException("client too slow"));
            }
        }
    }

    /// <summary>No more output: every subscriber's queue completes after what it holds.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var s in _subscribers) s.Queue.Writer.TryComplete();
            _subscribers.Clear();
        }
    }
}
