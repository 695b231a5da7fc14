namespace Berth.Registry;

/// <summary>The per-layer statuses Docker prints during pull and push.</summary>
public enum ProgressStatus
{
    PullingFsLayer,
    Waiting,
    Downloading,
    VerifyingChecksum,
    DownloadComplete,
    Extracting,
    PullComplete,
    AlreadyExists,
    Preparing,
    Pushing,
    Pushed,
    LayerAlreadyExists,
    MountedFrom,
    Retrying,
}
