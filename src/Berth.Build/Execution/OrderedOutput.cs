namespace Berth.Build.Execution;

/// <summary>
/// Keeps the classic builder's sequential output while stages run in parallel: the earliest unfinished stage
/// writes through, later ones are held back and flushed, in order, when the stages before them finish.
/// </summary>
internal sealed class OrderedOutput
{
    private readonly IBuildOutput _sink;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<Channel> _channels = new();
    private int _head;

    public OrderedOutput(IBuildOutput sink, int count)
    {
        _sink = sink;
        for (int i = 0; i < count; i++) _channels.Add(new Channel(this, i));
    }

    public IBuildOutput this[int index] => _channels[index];

    /// <summary>Marks a stage's output complete; the next stages' held output follows.</summary>
    public async ValueTask CompleteAsync(int index)
    {
        await _lock.WaitAsync();
        try
        {
            _channels[index].Done = true;
            while (_head < _channels.Count && _channels[_head].Done)
            {
                _head++;
                if (_head < _channels.Count) await FlushAsync(_channels[_head]);
            }
        }
        finally { _lock.Release(); }
    }

    private async ValueTask FlushAsync(Channel c)
    {
        foreach (var m in c.Held) await _sink.WriteAsync(m);
        c.Held.Clear();
    }

    private sealed class Channel(OrderedOutput owner, int index) : IBuildOutput
    {
        public readonly List<BuildMessage> Held = new();
        public bool Done;

        public async ValueTask WriteAsync(BuildMessage message)
        {
            await owner._lock.WaitAsync();
            try
            {
                if (owner._head == index) await owner._sink.WriteAsync(message);
                else Held.Add(message);
            }
            finally { owner._lock.Release(); }
        }
    }
}
