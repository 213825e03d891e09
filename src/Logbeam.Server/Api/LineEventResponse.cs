using Logbeam.Server.Accounting;

namespace Logbeam.Server.Api;

/// <summary>
/// One event of a device's stream of lines: <c>kind</c> is <c>gap</c> (lines <c>fromLine</c>–<c>toLine</c> of the boot
/// never arrived), <c>dropped</c> (the device reported dropping <c>lines</c>, by cause: <c>bufferFull</c>,
/// <c>spoolFull</c>, <c>shutdown</c>) or <c>restart</c> (a new boot). <c>at</c> is when the upload that showed it
/// arrived.
/// </summary>
public sealed record LineEventResponse(
    string Kind, string BootId, DateTimeOffset At, long FromLine, long ToLine, long Lines, long BufferFull, long SpoolFull, long Shutdown)
{
    public static LineEventResponse From(LineEvent e) => new(
        e.Kind switch
        {
            LineEventKind.Gap => "gap",
            LineEventKind.Dropped => "dropped",
            _ => "restart",
        },
        e.BootId, e.At, e.FromLine, e.ToLine, e.Lines, e.BufferFull, e.SpoolFull, e.Shutdown);
}
