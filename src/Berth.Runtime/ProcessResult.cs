namespace Berth.Runtime;

/// <summary>A process the runtime started: its host pid, and its exit status when the call waited for it.</summary>
public sealed record ProcessResult(int Pid, int? ExitStatus);
