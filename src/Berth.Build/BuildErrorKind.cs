namespace Berth.Build;

/// <summary>What went wrong in a build, so the daemon can map it to an HTTP status and the CLI to an exit code.</summary>
public enum BuildErrorKind
{
    /// <summary>The Dockerfile, a flag or a build argument is malformed (parse errors, unknown instructions).</summary>
    InvalidArgument,
    /// <summary>Something named does not exist: a base image, a COPY source, a stage, a secret.</summary>
    NotFound,
    /// <summary>A step ran and failed (a RUN that exited non-zero, a download that failed).</summary>
    StepFailed,
    /// <summary>The client went away or the build was cancelled.</summary>
    Canceled,
    /// <summary>The feature exists in Dockerfiles but this builder does not provide it.</summary>
    NotImplemented,
    Internal,
}
