namespace Logbeam.Protocol;

/// <summary>
/// Splits and parses the log text of one <c>Message</c> element or one legacy frame (§4.4, §5.4).
/// Allocates only the returned tag and content strings.
/// </summary>
public static class LogLineParser
{
    /// <summary>Appended to a tag or content that was cut.</summary>
    public const string TruncationMarker = "…[truncated]";

    /// <summary>
    /// The longest tag kept, in characters. The SDKs send a class name, a source file name or a logger category;
    /// a longer tag is cut to this length and marked with <see cref="TruncationMarker"/>.
    /// </summary>
    public const int MaxTagLength = 128;

    // "yyyy-MM-dd HH:mm:ss", the layout of both the C SDK (strftime "%F %T") and the Java SDK (SimpleDateFormat).
    private const int DeviceTimeLength = 19;

    /// <summary>
    /// Splits <paramref name="element"/> on <c>LF FF</c>, drops empty pieces, and parses each piece as
    /// <c>LVL|yyyy-MM-dd HH:mm:ss|TAG|CONTENT</c>, <c>LVL|CONTENT</c>, <c>LVLCONTENT</c> ([D]) or bare content
    /// (level <see cref="DeviceLogLevel.Info"/>). A trailing CR/LF on a piece is removed. The date-time, tag and content
    /// fields are taken apart only when the second field is a valid date-time and a third <c>|</c> follows; otherwise
    /// everything after <c>LVL|</c> is the content, so no character of the line is lost.
    /// </summary>
    /// <param name="element">The text to parse.</param>
    /// <param name="output">The list the lines are appended to.</param>
    /// <param name="maxContentLength">
    /// The most characters a line keeps in its tag and content together. The tag is cut to
    /// <see cref="MaxTagLength"/> (or to this length, if shorter), the content to what the tag leaves; what was cut ends
    /// in <see cref="TruncationMarker"/>.
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

    private static LogLine ParseLine(ReadOnlySpan<char> line, int maxLength, ref int truncated)
    {
        if (!DeviceLogLevels.TryParsePrefix(line, out DeviceLogLevel level))
        {
            return Line(DeviceLogLevel.Info, null, [], line, maxLength, ref truncated);
        }

        ReadOnlySpan<char> afterLevel = line[3..];
        if (afterLevel.IsEmpty || afterLevel[0] != '|')
        {
            // [D]: the level glued to the text, "INFmqtt connect success.". A space a person put after the
            // level ("INF started") is a separator, not content.
            return Line(level, null, [], afterLevel.TrimStart(' '), maxLength, ref truncated);
        }

        // Only a real date-time makes the second field one: "INF|disk|sda1|failed" is text that happens to hold
        // pipes, and splitting it would lose "disk" (the tag and content fields have nowhere to keep it).
        ReadOnlySpan<char> fields = afterLevel[1..];
        int timeEnd = fields.IndexOf('|');
        if (timeEnd != DeviceTimeLength || !TryParseDeviceTime(fields[..timeEnd], out DateTime time))
        {
            return Line(level, null, [], fields, maxLength, ref truncated);
        }

        ReadOnlySpan<char> afterTime = fields[(timeEnd + 1)..];
        int tagEnd = afterTime.IndexOf('|');
        if (tagEnd < 0)
        {
            return Line(level, null, [], fields, maxLength, ref truncated);
        }

        return Line(level, time, afterTime[..tagEnd], afterTime[(tagEnd + 1)..], maxLength, ref truncated);
    }

    // The tag and the content share the line's budget, so no field can carry more than the line limit.
    private static LogLine Line(
        DeviceLogLevel level, DateTime? time, ReadOnlySpan<char> tag, ReadOnlySpan<char> content, int maxLength, ref int truncated)
    {
        int tagKept = CutLength(tag, Math.Min(MaxTagLength, maxLength));
        int contentKept = CutLength(content, maxLength - tagKept);
        bool tagCut = tagKept < tag.Length;
        bool contentCut = contentKept < content.Length;
        if (tagCut || contentCut)
        {
            truncated++;
        }

        return new LogLine(
            level,
            time,
            tag.IsEmpty ? null : Text(tag[..tagKept], tagCut),
            content.IsEmpty ? string.Empty : Text(content[..contentKept], contentCut));
    }

    // How many characters of the text fit in maxLength, never leaving half a surrogate pair at the cut.
    private static int CutLength(ReadOnlySpan<char> text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text.Length;
        }

        return maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
    }

    private static string Text(ReadOnlySpan<char> kept, bool cut) => cut ? string.Concat(kept, TruncationMarker) : kept.ToString();

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
