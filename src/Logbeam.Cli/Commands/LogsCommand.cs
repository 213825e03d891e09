using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam logs query|tail &lt;product&gt;[/&lt;device&gt;]</c>.</summary>
public static class LogsCommand
{
    private const int PageSize = 1000;

    public static Command Create(GlobalOptions options)
    {
        var command = new Command("logs", "Read stored lines, or follow them live");
        command.Subcommands.Add(Query(options));
        command.Subcommands.Add(Tail(options));
        return command;
    }

    private static Command Query(GlobalOptions options)
    {
        var target = new Argument<string>("target") { Description = "<product> or <product>/<device>" };
        var level = LevelOption();
        var since = new Option<string?>("--since") { Description = "From this time: ISO 8601 (2026-01-31T12:00:00Z) or that long ago (15m, 2h, 1d)" };
        var until = new Option<string?>("--until") { Description = "Up to this time (same forms as --since)" };
        var grep = new Option<string?>("--grep") { Description = "Full-text search: lines containing every word" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many lines, the newest", DefaultValueFactory = _ => 100 };
        var query = new Command("query", "Print stored lines, oldest first, ending with the newest (--json: one JSON object per line)")
        {
            target, level, since, until, grep, limit,
        };
        query.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var where = Target.Parse(context.Parse.GetValue(target));
            var count = context.Parse.GetValue(limit);
            if (count < 1)
            {
                throw new CliException("--limit must be at least 1.", ExitCodes.Usage);
            }

            var now = DateTimeOffset.UtcNow;
            var filter = Filter(where, context.Parse.GetValue(level), context.Parse.GetValue(grep));
            if (context.Parse.GetValue(since) is { } from)
            {
                filter.Append("&since=").Append(Uri.EscapeDataString(TimeInput.Time(from, "--since", now).ToString("O")));
            }

            if (context.Parse.GetValue(until) is { } to)
            {
                filter.Append("&until=").Append(Uri.EscapeDataString(TimeInput.Time(to, "--until", now).ToString("O")));
            }

            var lines = new List<JsonElement>();
            string? cursor = null;
            do
            {
                var page = await context.Client.GetAsync(
                    $"api/v1/logs?{filter}&limit={Math.Min(PageSize, count - lines.Count)}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}",
                    cancellationToken).ConfigureAwait(false);
                lines.AddRange(page.GetProperty("items").EnumerateArray());
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            }
            while (cursor is not null && lines.Count < count);

            if (lines.Count == 0 && !context.Json)
            {
                context.Out.Note($"No lines of {where} match.");
            }

            // A device's gaps, drops and restarts go among its lines, where they happened (not in --json: lines only).
            var markers = new Queue<JsonElement>();
            if (where.DeviceName is not null && !context.Json && lines.Count > 0)
            {
                var oldest = lines[^1].GetProperty("receivedAt").GetDateTimeOffset();
                var gaps = await context.Client.GetAsync(
                    $"{where.DevicePath}/gaps?since={Uri.EscapeDataString(oldest.ToString("O", CultureInfo.InvariantCulture))}", cancellationToken)
                    .ConfigureAwait(false);
                foreach (var marker in gaps.GetProperty("items").EnumerateArray())
                {
                    markers.Enqueue(marker);
                }
            }

            // Oldest first, like a log file: the newest line ends up next to the prompt.
            for (var i = lines.Count - 1; i >= 0; i--)
            {
                LineMarkers.WriteUpTo(context.Out, markers, lines[i].GetProperty("receivedAt").GetDateTimeOffset());
                LogLineWriter.Write(context.Out, lines[i], context.Json);
            }

            LineMarkers.WriteUpTo(context.Out, markers, null);

            return ExitCodes.Success;
        }));
        return query;
    }

    private static Command Tail(GlobalOptions options)
    {
        var target = new Argument<string>("target") { Description = "<product> or <product>/<device>" };
        var level = LevelOption();
        var grep = new Option<string?>("--grep") { Description = "Only lines containing every word" };
        var tail = new Command("tail", "Follow new lines as they arrive, until Ctrl-C (--json: one JSON object per line)") { target, level, grep };
        tail.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var where = Target.Parse(context.Parse.GetValue(target));
            var path = "api/v1/logs/stream?" + Filter(where, context.Parse.GetValue(level), context.Parse.GetValue(grep));
            // Said once the server has answered: from then on no new line is missed.
            void Connected() => context.Out.Note($"Following {where} on {context.Client.Connection.Server} (Ctrl-C to stop)");
            var markers = where.DeviceName is not null && !context.Json ? new TailMarkers(context.Client, where, DateTimeOffset.UtcNow) : null;
            try
            {
                await foreach (var item in context.Client.StreamAsync(path, Connected, context.Out.Note, cancellationToken).ConfigureAwait(false))
                {
                    if (markers is not null)
                    {
                        await markers.WriteBeforeAsync(context.Out, item, cancellationToken).ConfigureAwait(false);
                    }

                    LogLineWriter.Write(context.Out, item, context.Json);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the way a tail ends.
            }

            return ExitCodes.Success;
        }));
        return tail;
    }

    private static Option<string?> LevelOption() => new("--level", "-l")
    {
        Description = "This level and the more severe ones: error, warn, info, debug (e.g. warn = warnings and errors)",
    };

    private static StringBuilder Filter(Target where, string? level, string? grep)
    {
        var query = new StringBuilder("productId=").Append(Uri.EscapeDataString(where.ProductId));
        if (where.DeviceName is not null)
        {
            query.Append("&deviceName=").Append(Uri.EscapeDataString(where.DeviceName));
        }

        if (level is not null)
        {
            if (!Levels.TryParse(level, out var code) || code == 0)
            {
                throw new CliException($"--level '{level}' is not a level: error, warn, info or debug.", ExitCodes.Usage);
            }

            query.Append("&maxLevel=").Append(code);
        }

        if (!string.IsNullOrWhiteSpace(grep))
        {
            query.Append("&q=").Append(Uri.EscapeDataString(grep));
        }

        return query;
    }
}
