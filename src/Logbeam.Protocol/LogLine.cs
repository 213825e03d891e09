namespace Logbeam.Protocol;

/// <summary>One log line as a device reported it (§4.4, §5.4).</summary>
/// <param name="Level">The level from the line's three-letter prefix; <see cref="DeviceLogLevel.Info"/> when it has none.</param>
/// <param name="DeviceTime">
/// The device's local wall-clock time of the line (<see cref="DateTimeKind.Unspecified"/>), or <see langword="null"/>
/// when the line carries none or it does not parse.
/// </param>
/// <param name="Tag">
/// The tag or source file field, or <see langword="null"/> when the line has none; one longer than
/// <see cref="LogLineParser.MaxTagLength"/> is cut and marked with <see cref="LogLineParser.TruncationMarker"/>.
/// </param>
/// <param name="Content">The message text, possibly cut and marked with <see cref="LogLineParser.TruncationMarker"/>.</param>
public readonly record struct LogLine(DeviceLogLevel Level, DateTime? DeviceTime, string? Tag, string Content);
