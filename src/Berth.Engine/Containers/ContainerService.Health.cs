using Berth.Engine.Model;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Records one health-check result under the container's lock (Docker's handleProbeResult): the last 5 results,
    /// the failing streak, the status, and a "health_status: &lt;status&gt;" event when it changes. False when the run
    /// the probe belonged to is over (the result is then dropped).
    /// </summary>
    internal async Task<bool> RecordHealthAsync(Container c, DateTimeOffset runStartedAt, HealthcheckResult result, int retries,
        TimeSpan startPeriod, DateTimeOffset probeStart, CancellationToken cancel)
    {
        await c.Lock.WaitAsync(cancel);
        try
        {
            var s = c.Record.State;
            if (s.Status is not ("running" or "paused") || s.StartedAt != runStartedAt || s.Health is not { } h) return false;
            string before = h.Status;
            h.Log.Add(result);
            if (h.Log.Count > 5) h.Log.RemoveRange(0, h.Log.Count - 5);
            if (result.ExitCode == 0)
            {
                h.FailingStreak = 0;
                h.Status = "healthy";
            }
            else
            {
                // Failures while still "starting" inside the start period do not count.
                bool count = !(h.Status == "starting" && probeStart - runStartedAt < startPeriod);
                if (count)
                {
                    h.FailingStreak++;
                    if (h.FailingStreak >= retries) h.Status = "unhealthy";
                }
            }
            Save(c);
            if (h.Status != before) Publish(c, "health_status: " + h.Status);
            return true;
        }
        finally
        {
            c.Lock.Release();
        }
    }
}
