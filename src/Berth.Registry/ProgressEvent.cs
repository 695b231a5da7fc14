namespace Berth.Registry;

/// <summary>
/// One progress message of a pull or push for one layer (<see cref="Id"/> is the 12-hex short digest, as Docker
/// shows it). <see cref="Current"/>/<see cref="Total"/> are bytes, 0 when not applicable. <see cref="Detail"/>
/// carries the repository for <see cref="ProgressStatus.MountedFrom"/> and the wait for <see cref="ProgressStatus.Retrying"/>.
/// Events arrive one at a time (never concurrently), in order per layer.
/// </summary>
public readonly record struct ProgressEvent(string Id, ProgressStatus Status, long Current = 0, long Total = 0, string? Detail = null)
{
    /// <summary>The status text Docker's JSON progress stream uses.</summary>
    public string StatusText => Status switch
    {
        ProgressStatus.PullingFsLayer => "Pulling fs layer",
        ProgressStatus.Waiting => "Waiting",
        ProgressStatus.Downloading => "Downloading",
        ProgressStatus.VerifyingChecksum => "Verifying Checksum",
        ProgressStatus.DownloadComplete => "Download complete",
        ProgressStatus.Extracting => "Extracting",
        ProgressStatus.PullComplete => "Pull complete",
        ProgressStatus.AlreadyExists => "Already exists",
        ProgressStatus.Preparing => "Preparing",
        ProgressStatus.Pushing => "Pushing",
        ProgressStatus.Pushed => "Pushed",
        ProgressStatus.LayerAlreadyExists => "Layer already exists",
        ProgressStatus.MountedFrom => "Mounted from " + Detail,
        ProgressStatus.Retrying => "Retrying" + (Detail is null ? "" : " in " + Detail),
        _ => Status.ToString(),
    };
}
