namespace Berth.Cli.Values;

/// <summary>A time.Duration value: nanoseconds, printed with Duration.String.</summary>
public readonly record struct GoDurationValue(long Nanoseconds)
{
    public override string ToString() => Options.GoDuration.Format(Nanoseconds);
}
