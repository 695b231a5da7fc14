namespace Berth.Linux.Cgroups;

/// <summary>Signalling every process of a cgroup, shared by both managers.</summary>
internal static class CgroupSignals
{
    public const int SIGKILL = 9;

    /// <summary>
    /// SIGKILL: send it to every pid, re-reading the list until it is empty (new forks are caught on the next
    /// round; a frozen cgroup is thawed so the kill can land). Other signals: freeze (when possible and not frozen
    /// already) so no process forks past the list, signal each pid once, thaw.
    /// </summary>
    public static void SignalAll(ICgroupManager cgroup, int signal, bool canFreeze, string where)
    {
        if (signal == SIGKILL)
        {
            long deadline = Environment.TickCount64 + 5000;
            int delayMs = 1;
            while (true)
            {
                var pids = cgroup.GetPids(recursive: true);
                if (pids.Count == 0) return;
                foreach (int pid in pids) CgroupFiles.Signal(pid, signal);
                if (canFreeze && cgroup.IsFrozen()) cgroup.Thaw();
                if (Environment.TickCount64 > deadline)
                    throw new IOException($"processes {string.Join(", ", pids)} of {where} are still there after SIGKILL");
                Thread.Sleep(delayMs);
                delayMs = Math.Min(delayMs * 2, 20);
            }
        }

        bool froze = false;
        if (canFreeze && !cgroup.IsFrozen())
        {
            try
            {
                cgroup.Freeze();
                froze = true;
            }
            catch (IOException) { }
        }
        try
        {
            foreach (int pid in cgroup.GetPids(recursive: true)) CgroupFiles.Signal(pid, signal);
        }
        finally
        {
            if (froze) cgroup.Thaw();
        }
    }

    /// <summary>Polls until <paramref name="done"/> holds; false after <paramref name="timeoutMs"/>.</summary>
    public static bool WaitFor(Func<bool> done, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        int spins = 0;
        while (!done())
        {
            if (Environment.TickCount64 > deadline) return false;
            // Freezing usually completes within microseconds: spin briefly before sleeping.
            if (spins++ < 20) Thread.Yield();
            else Thread.Sleep(1);
        }
        return true;
    }
}
