namespace Logbeam.Protocol;

/// <summary>
/// Splits and parses the log text of one <c>Message</c> element or one legacy frame (§4.4, §5.4).
/// Allocates only the returned tag and content strings.
/// </summary>
public static class LogLineParser
{
    /// <summary>Appended to content that was cut to the maximum length.</summary>
    public const string TruncationMarker = "…[truncated]";

    // "yyyy-MM-dd HH:mm:ss", the layout of both the C SDK (strftime "%F %T") and the Java SDK (SimpleDateFormat).
    private const int DeviceTimeLength = 19;

    /// <summary>
    /// Splits <paramref name="element"/> on <c>LF FF</c>, drops empty pieces, and parses each piece as
    /// <c>LVL|yyyy-MM-dd HH:mm:ss|TAG|CONTENT</c>, <c>LVL|CONTENT</c>, <c>LVLCONTENT</c> ([D]) or bare content
    /// (level <see cref="DeviceLogLevel.Info"/>). A trailing CR/LF on a piece is removed.
    /// </summary>
    /// <param name="element">The text to parse.</param>
    /// <param name="output">The list the lines are appended to.</param>
    /// <param name="maxContentLength">
    /// Content longer than this many characters is cut to it and <see cref="TruncationMarker"/> appended.
    /// </param>
    /// <param name="truncated">Incremented once for every line that was cut.</param>
    /// <returns>The number of lines appended.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxContentLength"/> is not positive.</exception>
    public static int Parse(ReadOnlySpan<char> element, List<LogLine> output, int maxContentLength, ref int truncated)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxContentLength);

        int added = 0;
        ReadOnlySpan<char> rest = element;
        while (true)
        {
            int separator = rest.IndexOf("\n\f");
            ReadOnlySpan<char> piece = TrimLineEnd(separator < 0 ? rest : rest[..separator]);
            if (!piece.IsEmpty)
            {
                output.Add(ParseLine(piece, maxContentLength, ref truncated));
                added++;
            }

            if (separator < 0)
            {
                return added;
            }

            rest = rest[(separator + 2)..];
        }
    }

    private static ReadOnlySpan<char> TrimLineEnd(ReadOnlySpan<char> piece)
    {
        if (piece.EndsWith("\r\n"))
        {
            return piece[..^2];
        }

        return piece.Length > 0 && piece[^1] is '\n' or '\r' ? piece[..^1] : piece;
    }

    private static LogLine ParseLine(ReadOnlySpan<char> line, int maxContentLength, ref int truncated)
    {
        if (!DeviceLogLevels.TryParsePrefix(line, out DeviceLogLevel level))
        {
            return new LogLine(DeviceLogLevel.Info, null, null, Content(line, maxContentLength, ref truncated));
        }

        ReadOnlySpan<char> afterLevel = line[3..];
        if (afterLevel.IsEmpty || afterLevel[0] != '|')
        {
            // [D]: the level glued to the text, "INFmqtt connect success.". A space a person put after the
            // level ("INF started") is a separator, not content.
            return new LogLine(level, null, null, Content(afterLevel.TrimStart(' '), maxContentLength, ref truncated));
        }

        ReadOnlySpan<char> fields = afterLevel[1..];
        int timeEnd = fields.IndexOf('|');
        int tagEnd = timeEnd < 0 ? -1 : fields[(timeEnd + 1)..].IndexOf('|');
        if (tagEnd < 0)
        {
            return new LogLine(level, null, null, Content(fields, maxContentLength, ref truncated));
        }

        ReadOnlySpan<char> tag = fields.Slice(timeEnd + 1, tagEnd);
        ReadOnlySpan<char> content = fields[(timeEnd + 1 + tagEnd + 1)..];
        return new LogLine(
            level,
            TryParseDeviceTime(fields[..timeEnd], out DateTime time) ? time : null,
            tag.IsEmpty ? null : tag.ToString(),
            Content(content, maxContentLength, ref truncated));
    }

    private static string Content(ReadOnlySpan<char> content, int maxContentLength, ref int truncated)
    {
        if (content.Length <= maxContentLength)
        {
            return content.IsEmpty ? string.Empty : content.ToString();
        }

        truncated++;
        int cut = maxContentLength;
        if (char.IsHighSurrogate(content[cut - 1]))
        {
            // Never leave half a surrogate pair at the cut.
            cut--;
        }

        return string.Concat(content[..cut], TruncationMarker);
    }

    private static bool TryParseDeviceTime(ReadOnlySpan<char> text, out DateTime time)
    {
        time = default;
        if (text.Length != DeviceTimeLength || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute)
            || !TryDigits(text.Slice(17, 2), out int second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char digit in text)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
