using System.Globalization;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>Generators of log text in the SDKs' formats (§4.4, §5.4), near them, and far from them.</summary>
internal static class LineGen
{
    /// <summary>The layout of the date-time field.</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // No '[', so the device text can never contain LogLineParser.TruncationMarker by chance.
    private static readonly Gen<char> TextChar = Gen.Frequency<char>(
        (6, Gen.Char['a', 'z']),
        (3, Gen.Char["|| :-0123456789TINFERRWRNDBG"]),
        (1, Gen.Char["\n\r\f\t\u00e9\u2026\ud83d\ude00"]),
        (1, Gen.Char.Where(c => c != '[')));

    /// <summary>Text of any characters but '[', up to <paramref name="max"/> long.</summary>
    public static Gen<string> Text(int max) => TextChar.Array[0, max].Select(chars => new string(chars));

    /// <summary>A level prefix, or something that looks like one.</summary>
    public static readonly Gen<string> Level = Gen.Frequency<string>(
        (8, Gen.OneOf("DBG", "INF", "WRN", "ERR", "DIS")), (1, Gen.OneOf("inf", "IN", "", "XYZ", "|", " INF")));

    /// <summary>A valid device date-time in the field's layout.</summary>
    public static readonly Gen<string> ValidTime = Gen.DateTime.Select(time => time.ToString(TimeFormat, CultureInfo.InvariantCulture));

    /// <summary>A date-time field: valid, one edit away from valid, a word, or empty.</summary>
    public static readonly Gen<string> Time = Gen.Frequency<string>(
        (4, ValidTime),
        (3, ValidTime.SelectMany(Mutations.Of)),
        (1, Gen.OneOf("disk", "", "2023-11-15", "0000-00-00 00:00:00", "2023-11-15 06:13:20 ")));

    /// <summary>A tag: usually short, sometimes over <see cref="LogLineParser.MaxTagLength"/>.</summary>
    public static readonly Gen<string> Tag = Gen.Frequency<string>((6, Text(20)), (1, Text(300)));

    /// <summary>One line in one of the shapes the SDKs write, or a near miss of one.</summary>
    public static readonly Gen<string> Line =
        from shape in Gen.Int[0, 4]
        from level in Level
        from glue in Gen.OneOf("|", "", " ", "  ")
        from time in Time
        from tag in Tag
        from content in Text(60)
        select shape switch
        {
            0 => $"{level}|{time}|{tag}|{content}",
            1 => $"{level}|{time}|{content}",
            2 => $"{level}{glue}{content}",
            3 => content,
            _ => $"{level}|{time}|{tag}|{content}|{tag}",
        };

    /// <summary>
    /// Text as one <c>Message</c> element or legacy frame holds it: lines joined by <c>LF FF</c> (with stray line
    /// ends and empty pieces), or random text.
    /// </summary>
    public static readonly Gen<string> Element = Gen.Frequency<string>(
        (6, from lines in Line.Array[1, 6]
            from separator in Gen.OneOf("\n\f", "\r\n\n\f", "\n\f\n\f", "\n\n\f")
            from end in Gen.OneOf("", "\n\f", "\r\n", "\n")
            select string.Join(separator, lines) + end),
        (2, Text(200)),
        (1, Gen.String.Select(text => text.Replace('[', '('))));

    /// <summary>The pieces a parser must turn into lines (§4.4 rule 1): split on LF FF, one line end trimmed, empties dropped.</summary>
    public static List<string> Pieces(string element)
    {
        var pieces = new List<string>();
        foreach (string split in element.Split("\n\f"))
        {
            string piece = split.EndsWith("\r\n", StringComparison.Ordinal) ? split[..^2]
                : split.EndsWith('\n') || split.EndsWith('\r') ? split[..^1]
                : split;
            if (piece.Length > 0)
            {
                pieces.Add(piece);
            }
        }

        return pieces;
    }

    /// <summary>A stored field split into the part kept from the device's text and whether it was cut.</summary>
    public static (string Kept, bool Cut) Stored(string? field) =>
        field is not null && field.EndsWith(LogLineParser.TruncationMarker, StringComparison.Ordinal)
            ? (field[..^LogLineParser.TruncationMarker.Length], true)
            : (field ?? string.Empty, false);
}
