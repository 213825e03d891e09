using Logbeam.Server.Storage;

namespace Logbeam.Server.Ingest;

/// <summary>A batch waiting for the writer, and the upload waiting for its commit.</summary>
internal sealed class PendingBatch(LogBatch batch)
{
    public LogBatch Batch { get; } = batch;

    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
