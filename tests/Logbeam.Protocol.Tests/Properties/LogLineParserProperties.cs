using System.Globalization;
using System.Text;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// <see cref="LogLineParser"/> on generated text: every character a device sent is either a separator or in a field,
/// and what the limits cut is a counted, marked prefix.
/// </summary>
public class LogLineParserProperties
{
    private const int NoLimit = 1 << 24;

    private static readonly Gen<(DeviceLogLevel Level, string Time, string Tag, string Content)> WellFormed =
        from level in Gen.Enum<DeviceLogLevel>()
        from time in LineGen.ValidTime
        from tag in LineGen.Text(LogLineParser.MaxTagLength)
        from content in LineGen.Text(80)
        select (level, time, tag.Replace('|', '/').Replace('\f', ' '), content.Replace('\f', ' ').TrimEnd('\r', '\n'));

    private static readonly Gen<(string Level, string NotATime, string After)> SecondFieldNotATime =
        from level in Gen.OneOf("DBG", "INF", "WRN", "ERR", "DIS")
        from time in LineGen.Time.Select(text => text.Replace('|', '/').Replace('\f', ' ')).Where(text => !IsDeviceTime(text))
        from rest in LineGen.Text(80)
        select (level, time, rest.Replace('\f', ' ').TrimEnd('\r', '\n'));

    [Fact]
    public void Parse_AnyText_EveryLineReproducesItsPiece()
    {
        PropertyRun.ForAll(LineGen.Element, element =>
        {
            var lines = new List<LogLine>();
            int truncated = 0;
            int count = LogLineParser.Parse(element, lines, NoLimit, ref truncated);

            List<string> pieces = LineGen.Pieces(element);
            Assert.Equal(pieces.Count, count);
            Assert.Equal(pieces.Count, lines.Count);
            int cutTags = 0;
            for (int index = 0; index < lines.Count; index++)
            {
                Assert.True(Reproduces(pieces[index], lines[index]), $"{PropertyRun.Show(pieces[index])} was parsed as {Show(lines[index])}");
                Assert.False(LineGen.Stored(lines[index].Content).Cut);
                (string tag, bool tagCut) = LineGen.Stored(lines[index].Tag);
                if (tagCut)
                {
                    Assert.InRange(tag.Length, LogLineParser.MaxTagLength - 1, LogLineParser.MaxTagLength);
                    cutTags++;
                }
            }

            Assert.Equal(cutTags, truncated);
        }, PropertyRun.Show);
    }

    [Fact]
    public void Parse_AnyTextAnyLimit_KeepsPrefixesWithinTheLimitAndCountsEveryCut()
    {
        PropertyRun.ForAll(Gen.Select(LineGen.Element, Gen.Int[1, 300]), input =>
        {
            (string element, int limit) = input;
            var full = new List<LogLine>();
            var cut = new List<LogLine>();
            int ignored = 0, truncated = 0;
            LogLineParser.Parse(element, full, NoLimit, ref ignored);
            LogLineParser.Parse(element, cut, limit, ref truncated);

            Assert.Equal(full.Count, cut.Count);
            int cutLines = 0;
            for (int index = 0; index < cut.Count; index++)
            {
                Assert.Equal(full[index].Level, cut[index].Level);
                Assert.Equal(full[index].DeviceTime, cut[index].DeviceTime);
                Assert.Equal(full[index].Tag is null, cut[index].Tag is null);
                (string fullTag, _) = LineGen.Stored(full[index].Tag);
                (string tag, bool tagCut) = LineGen.Stored(cut[index].Tag);
                (string content, bool contentCut) = LineGen.Stored(cut[index].Content);
                Assert.StartsWith(tag, fullTag, StringComparison.Ordinal);
                Assert.StartsWith(content, full[index].Content, StringComparison.Ordinal);
                Assert.Equal(contentCut, content.Length < full[index].Content.Length);
                Assert.True(tag.Length + content.Length <= limit, $"tag {tag.Length} + content {content.Length} chars over the limit of {limit}");
                Assert.True(tag.Length <= LogLineParser.MaxTagLength);
                cutLines += tagCut || contentCut ? 1 : 0;
            }

            Assert.Equal(cutLines, truncated);
        }, input => $"{PropertyRun.Show(input.Item1)} limit {input.Item2}");
    }

    [Fact]
    public void Parse_WellFormedLine_FieldsComeBackExactly()
    {
        PropertyRun.ForAll(WellFormed, input =>
        {
            string text = $"{DeviceLogLevels.Prefix(input.Level)}|{input.Time}|{input.Tag}|{input.Content}";
            var lines = new List<LogLine>();
            int truncated = 0;
            LogLineParser.Parse(text, lines, NoLimit, ref truncated);

            var expected = new LogLine(
                input.Level,
                DateTime.ParseExact(input.Time, LineGen.TimeFormat, CultureInfo.InvariantCulture),
                input.Tag.Length == 0 ? null : input.Tag,
                input.Content);
            Assert.Equal(expected, Assert.Single(lines));
            Assert.Equal(0, truncated);
        }, input => PropertyRun.Show($"{input.Level}|{input.Time}|{input.Tag}|{input.Content}"));
    }

    [Fact]
    public void Parse_SecondFieldNotATime_EverythingAfterTheLevelIsContent()
    {
        PropertyRun.ForAll(SecondFieldNotATime, input =>
        {
            var lines = new List<LogLine>();
            int truncated = 0;
            LogLineParser.Parse($"{input.Level}|{input.NotATime}|{input.After}", lines, NoLimit, ref truncated);

            LogLine line = Assert.Single(lines);
            Assert.Null(line.DeviceTime);
            Assert.Null(line.Tag);
            Assert.Equal($"{input.NotATime}|{input.After}", line.Content);
        }, input => PropertyRun.Show($"{input.Level}|{input.NotATime}|{input.After}"));
    }

    // The forms of §4.4 put back together: a line is its fields and their separators, nothing more or less. The only
    // separators are the '|' between fields and the spaces between a glued level and its text ([D]).
    private static bool Reproduces(string piece, LogLine line)
    {
        string prefix = DeviceLogLevels.Prefix(line.Level);
        (string tag, bool tagCut) = LineGen.Stored(line.Tag);
        if (line.DeviceTime is DateTime time)
        {
            string head = $"{prefix}|{time.ToString(LineGen.TimeFormat, CultureInfo.InvariantCulture)}|{tag}";
            if (!tagCut)
            {
                return piece == $"{head}|{line.Content}";
            }

            // The device's tag went on past the kept part, up to the next '|'.
            int bar = piece.StartsWith(head, StringComparison.Ordinal) ? piece.IndexOf('|', head.Length) : -1;
            return bar > head.Length && piece[(bar + 1)..] == line.Content;
        }

        if (line.Tag is not null)
        {
            return false;
        }

        if (piece == $"{prefix}|{line.Content}")
        {
            return true;
        }

        if (piece.StartsWith(prefix, StringComparison.Ordinal) && (piece.Length == 3 || piece[3] != '|')
            && piece[3..].TrimStart(' ') == line.Content)
        {
            return true;
        }

        return line.Level == DeviceLogLevel.Info && piece == line.Content && !DeviceLogLevels.TryParsePrefix(piece, out _);
    }

    private static bool IsDeviceTime(string text) =>
        text.Length == 19 && Ascii.IsValid(text)
        && DateTime.TryParseExact(text, LineGen.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Show(LogLine line) =>
        $"({line.Level}, {line.DeviceTime?.ToString(LineGen.TimeFormat, CultureInfo.InvariantCulture) ?? "no time"}, {PropertyRun.Show(line.Tag)}, {PropertyRun.Show(line.Content)})";
}
