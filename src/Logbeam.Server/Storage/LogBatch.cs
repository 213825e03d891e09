using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>The lines of one accepted upload, verified and parsed, ready to commit.</summary>
public sealed record LogBatch(long DeviceId, string RequestId, DateTimeOffset ReceivedAt, string? BatchId, IReadOnlyList<LogLine> Lines);
