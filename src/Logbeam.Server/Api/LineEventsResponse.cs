namespace Logbeam.Server.Api;

/// <summary>
/// The answer of <c>GET …/devices/{deviceName}/gaps</c>: the events since <c>since</c>, in the order they were received,
/// and their totals: lines that never arrived (<c>missingLines</c>), lines the device reported dropping
/// (<c>droppedLines</c>), and restarts.
/// </summary>
public sealed record LineEventsResponse(DateTimeOffset Since, long MissingLines, long DroppedLines, int Restarts, IReadOnlyList<LineEventResponse> Items);
