using System.Globalization;
using System.Text.Json;

namespace Logbeam.Cli.Commands;

/// <summary>How values read in tables.</summary>
internal static class Format
{
    public static string Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";

    /// <summary>"3 min ago", "2 h ago", for last-seen columns.</summary>
    public static string Ago(JsonElement value, DateTimeOffset now)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return "never";
        }

        var age = now - value.GetDateTimeOffset();
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }
}
