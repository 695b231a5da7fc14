namespace Berth.Registry;

/// <summary>Hands events to the caller one at a time, from whichever worker produced them.</summary>
internal sealed class SerialProgress(IProgress<ProgressEvent>? inner)
{
    private readonly Lock _gate = new();

    public void Report(ProgressEvent e)
    {
        if (inner is null) return;
        lock (_gate) inner.Report(e);
    }
}
