using System.Globalization;
using System.Text.RegularExpressions;
using Logbeam.Cli.Client;

namespace Logbeam.Cli.Commands;

/// <summary>Durations (<c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>2d</c>) and times (ISO 8601, or a duration meaning that long ago).</summary>
public static partial class TimeInput
{
    public static TimeSpan Duration(string text, string option)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            throw new CliException($"{option} '{text}' is not a duration; write it like 30m, 1h, 1h30m or 2d.", ExitCodes.Usage);
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart("0123456789".ToCharArray());
            var number = long.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            total += unit switch
            {
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                _ => TimeSpan.FromDays(7 * number),
            };
        }

        return total > TimeSpan.Zero
            ? total
            : throw new CliException($"{option} must be longer than nothing.", ExitCodes.Usage);
    }

    /// <summary>An absolute time: ISO 8601 (UTC unless it says otherwise), or a duration back from now.</summary>
    public static DateTimeOffset Time(string text, string option, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        if (DurationPattern().IsMatch(text.Trim()))
        {
            return now - Duration(text, option);
        }

        throw new CliException($"{option} '{text}' is neither a time (2026-01-31T12:00:00Z) nor a duration back from now (15m, 2h, 1d).", ExitCodes.Usage);
    }

    [GeneratedRegex(@"^(?<part>\d+[smhdw])+$")]
    private static partial Regex DurationPattern();
}
