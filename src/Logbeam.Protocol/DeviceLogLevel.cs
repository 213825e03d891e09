namespace Logbeam.Protocol;

/// <summary>
/// The level at which a device reports logs, as carried in <c>log_level</c> on the wire.
/// A line is reported when its own level is at or under the device's level.
/// </summary>
public enum DeviceLogLevel : byte
{
    /// <summary>0: report nothing (the C SDK still keeps ERROR lines for forced uploads).</summary>
    Off = 0,

    /// <summary>1: errors only (<c>ERR</c>).</summary>
    Error = 1,

    /// <summary>2: warnings and errors (<c>WRN</c>).</summary>
    Warn = 2,

    /// <summary>3: information and above (<c>INF</c>).</summary>
    Info = 3,

    /// <summary>4: everything (<c>DBG</c>).</summary>
    Debug = 4,
}
