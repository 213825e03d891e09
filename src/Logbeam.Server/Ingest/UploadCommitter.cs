using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Ingest;

/// <summary>The last step both upload endpoints share: hand verified lines to the writer and wait for their commit.</summary>
internal sealed class UploadCommitter(LogWriter writer, TimeProvider time, ILogger<UploadCommitter> logger)
{
    public async Task<UploadResult> CommitAsync(
        RegisteredDevice device, List<LogLine> lines, string? batchId, string requestId, UploadOrigin? origin = null)
    {
        var batch = new LogBatch(device.Device.Id, requestId, time.GetUtcNow(), batchId, lines, origin);
        var committed = writer.TryEnqueue(batch);
        if (committed is null)
        {
            IngestLog.QueueFull(logger, writer.QueuedLines);
            return UploadResult.Refused(ReportLogErrorCodes.ServiceBusy, "The platform is busy; retry in a second.");
        }

        try
        {
            await committed.ConfigureAwait(false);
            return UploadResult.Ok;
        }
#pragma warning disable CA1031 // the writer already logged it; the device is told to retry
        catch (Exception)
#pragma warning restore CA1031
        {
            return UploadResult.Refused(ReportLogErrorCodes.InternalError, "The lines could not be stored; retry later.");
        }
    }
}
