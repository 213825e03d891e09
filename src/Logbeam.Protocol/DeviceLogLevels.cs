namespace Logbeam.Protocol;

/// <summary>
/// Conversions between <see cref="DeviceLogLevel"/> and its wire forms: the integer <c>log_level</c>,
/// the three-letter line prefix (§5.4) and the names people type.
/// </summary>
public static class DeviceLogLevels
{
    /// <summary>Whether <paramref name="value"/> is a defined <c>log_level</c> (0 to 4).</summary>
    /// <param name="value">The integer received or about to be sent.</param>
    /// <returns><see langword="true"/> for 0, 1, 2, 3 and 4.</returns>
    public static bool IsValid(int value) => value is >= 0 and <= 4;

    /// <summary>The three-letter prefix the C SDK writes at the start of a log line.</summary>
    /// <param name="level">The level.</param>
    /// <returns><c>DIS</c>, <c>ERR</c>, <c>WRN</c>, <c>INF</c> or <c>DBG</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a defined level.</exception>
    public static string Prefix(DeviceLogLevel level) => level switch
    {
        DeviceLogLevel.Off => "DIS",
        DeviceLogLevel.Error => "ERR",
        DeviceLogLevel.Warn => "WRN",
        DeviceLogLevel.Info => "INF",
        DeviceLogLevel.Debug => "DBG",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "The log level must be between 0 (Off) and 4 (Debug)."),
    };

    /// <summary>
    /// Reads the level from the first three characters of a log line. They must be exactly one of
    /// <c>DBG</c>, <c>INF</c>, <c>WRN</c>, <c>ERR</c> or <c>DIS</c>, in upper case, as the SDKs write them.
    /// </summary>
    /// <param name="text">The line, or at least its first three characters.</param>
    /// <param name="level">The level when the prefix is recognised; otherwise <see cref="DeviceLogLevel.Off"/>.</param>
    /// <returns><see langword="true"/> when the line starts with a level prefix.</returns>
    public static bool TryParsePrefix(ReadOnlySpan<char> text, out DeviceLogLevel level)
    {
        level = DeviceLogLevel.Off;
        if (text.Length < 3)
        {
            return false;
        }

        switch (text[..3])
        {
            case "DBG": level = DeviceLogLevel.Debug; return true;
            case "INF": level = DeviceLogLevel.Info; return true;
            case "WRN": level = DeviceLogLevel.Warn; return true;
            case "ERR": level = DeviceLogLevel.Error; return true;
            case "DIS": level = DeviceLogLevel.Off; return true;
            default: return false;
        }
    }

    /// <summary>
    /// Reads a level typed by a person or sent through the management API: a digit <c>0</c> to <c>4</c>, or one of
    /// <c>off</c>, <c>error</c>/<c>err</c>, <c>warn</c>/<c>wrn</c>/<c>warning</c>, <c>info</c>/<c>inf</c>,
    /// <c>debug</c>/<c>dbg</c> in any case. Surrounding white space is ignored.
    /// </summary>
    /// <param name="text">The text to read; may be <see langword="null"/>.</param>
    /// <param name="level">The level when recognised; otherwise <see cref="DeviceLogLevel.Off"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> names a level.</returns>
    public static bool TryParseName(string? text, out DeviceLogLevel level)
    {
        level = DeviceLogLevel.Off;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> name = text.AsSpan().Trim();
        if (name.Length == 1 && name[0] is >= '0' and <= '4')
        {
            level = (DeviceLogLevel)(name[0] - '0');
            return true;
        }

        if (Is(name, "off"))
        {
            level = DeviceLogLevel.Off;
        }
        else if (Is(name, "error") || Is(name, "err"))
        {
            level = DeviceLogLevel.Error;
        }
        else if (Is(name, "warn") || Is(name, "wrn") || Is(name, "warning"))
        {
            level = DeviceLogLevel.Warn;
        }
        else if (Is(name, "info") || Is(name, "inf"))
        {
            level = DeviceLogLevel.Info;
        }
        else if (Is(name, "debug") || Is(name, "dbg"))
        {
            level = DeviceLogLevel.Debug;
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool Is(ReadOnlySpan<char> text, string name) => text.Equals(name, StringComparison.OrdinalIgnoreCase);
}
