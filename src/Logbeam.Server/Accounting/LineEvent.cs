namespace Logbeam.Server.Accounting;

/// <summary>
/// Something that happened to a device's stream of lines, in the place it happened: <see cref="LineEventKind.Gap"/>
/// (lines <see cref="FromLine"/> to <see cref="ToLine"/> of the boot never arrived), <see cref="LineEventKind.Dropped"/>
/// (the device reported dropping lines, by cause) or <see cref="LineEventKind.Restart"/> (a new boot).
/// <see cref="At"/> is when the upload that showed it was received; <see cref="FromLine"/> and <see cref="ToLine"/>
/// place it in the boot's line order.
/// </summary>
public sealed record LineEvent(
    LineEventKind Kind, string BootId, DateTimeOffset At, long FromLine, long ToLine, long Lines,
    long BufferFull = 0, long SpoolFull = 0, long Shutdown = 0);
