using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>
/// The lines of one accepted upload, verified and parsed, ready to commit; <see cref="Origin"/> is where they stand in
/// the device's stream of lines, when the upload said (Logbeam's optional members), committed with them.
/// </summary>
public sealed record LogBatch(
    long DeviceId, string RequestId, DateTimeOffset ReceivedAt, string? BatchId, IReadOnlyList<LogLine> Lines, UploadOrigin? Origin = null);
