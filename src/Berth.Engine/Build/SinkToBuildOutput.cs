using Berth.Build.Execution;
using Berth.Engine.Progress;

namespace Berth.Engine.Build;

/// <summary>Pull progress of a base image, forwarded into the build's (ordered) output.</summary>
internal sealed class SinkToBuildOutput(IBuildOutput output) : IJsonMessageSink
{
    public ValueTask WriteAsync(JsonMessage message) => output.WriteAsync(new BuildMessage
    {
        Stream = message.Stream, Status = message.Status, Id = message.Id, Progress = message.Progress,
        Current = message.ProgressDetail?.Current, Total = message.ProgressDetail?.Total,
    });
}
