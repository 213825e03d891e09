using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Logbeam.Cli.Output;

/// <summary>
/// The events of a device's stream of lines (<c>GET …/devices/{name}/gaps</c>) as lines of their own, printed among the
/// log lines where they happened: "⚠ lines 1,204–1,290 never arrived", "⚠ 312 lines dropped on the device (buffer
/// full)", "↻ device restarted".
/// </summary>
public static class LineMarkers
{
    public static string Text(JsonElement e)
    {
        var lines = e.GetProperty("lines").GetInt64();
        return e.GetProperty("kind").GetString() switch
        {
            "gap" when lines == 1 => string.Create(CultureInfo.InvariantCulture, $"⚠ line {e.GetProperty("fromLine").GetInt64():N0} never arrived"),
            "gap" => string.Create(CultureInfo.InvariantCulture,
                $"⚠ lines {e.GetProperty("fromLine").GetInt64():N0}–{e.GetProperty("toLine").GetInt64():N0} never arrived"),
            "dropped" => string.Create(CultureInfo.InvariantCulture, $"⚠ {lines:N0} {(lines == 1 ? "line" : "lines")} dropped on the device ({Causes(e)})"),
            _ => "↻ device restarted",
        };
    }

    /// <summary>Prints, oldest first, the markers received up to <paramref name="until"/> that are not printed yet.</summary>
    public static void WriteUpTo(Terminal terminal, Queue<JsonElement> markers, DateTimeOffset? until)
    {
        while (markers.Count > 0 && (until is null || markers.Peek().GetProperty("at").GetDateTimeOffset() <= until))
        {
            var marker = markers.Dequeue();
            var received = marker.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            terminal.Console.MarkupLine($"[grey]{received}[/] [yellow]{Markup.Escape(Text(marker))}[/]");
        }
    }

    private static string Causes(JsonElement e)
    {
        var causes = new List<string>();
        foreach (var (member, words) in new[] { ("bufferFull", "buffer full"), ("spoolFull", "spool full"), ("shutdown", "shut down before sent") })
        {
            var count = e.GetProperty(member).GetInt64();
            if (count > 0)
            {
                causes.Add(causes.Count == 0 && count == e.GetProperty("lines").GetInt64() ? words : string.Create(CultureInfo.InvariantCulture, $"{words}: {count:N0}"));
            }
        }

        return string.Join(", ", causes);
    }
}
