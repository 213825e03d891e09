using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Logbeam.Cli.Output;

/// <summary>Prints log items as one line each: receive time, level, device, tag, text.</summary>
public static class LogLineWriter
{
    public static void Write(Terminal terminal, JsonElement item, bool json)
    {
        if (json)
        {
            terminal.JsonLine(item);
            return;
        }

        var level = item.GetProperty("level").GetInt32();
        var received = item.GetProperty("receivedAt").GetDateTimeOffset().UtcDateTime
            .ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var tag = item.GetProperty("tag").ValueKind == JsonValueKind.String ? item.GetProperty("tag").GetString() : null;
        var colour = Levels.Colour(level);
        terminal.Console.MarkupLine(
            $"[grey]{received}[/] [{colour}]{Markup.Escape(item.GetProperty("levelName").GetString() ?? "")}[/] " +
            $"[blue]{Markup.Escape(item.GetProperty("deviceName").GetString() ?? "")}[/] " +
            (tag is null ? "" : $"[grey]{Markup.Escape(tag)}:[/] ") +
            (level == 1 ? $"[red]{Markup.Escape(item.GetProperty("text").GetString() ?? "")}[/]" : Markup.Escape(item.GetProperty("text").GetString() ?? "")));
    }
}
