using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Logbeam.Cli.Client;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam devices rotate-key &lt;product&gt;/&lt;device&gt; [--overlap 2h]</c> and <c>logbeam devices end-overlap</c>.</summary>
internal static class DeviceKeyCommands
{
    public static Command RotateKey(GlobalOptions options)
    {
        var device = new Argument<string>("device") { Description = "<product>/<device>" };
        var overlap = new Option<string?>("--overlap")
        {
            Description = "How long the old key keeps working beside the new one, e.g. 30m, 2h, 7d, or 0 for not at all (default 24h, at most 30d)",
        };
        var rotate = new Command("rotate-key", "Give a key device a new PSK and print it (the only time it is shown); the old one works for an overlap")
        {
            device, overlap,
        };
        rotate.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(device), deviceRequired: true);
            var body = new JsonObject();
            if (context.Parse.GetValue(overlap) is { } text)
            {
                body["overlapSeconds"] = text.Trim() == "0" ? 0 : (long)TimeInput.Duration(text, "--overlap").TotalSeconds;
            }

            var rotated = await context.Client.PostAsync(target.DevicePath + "/rotate-key", body, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(rotated);
                return ExitCodes.Success;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Device", Markup.Escape(target.ToString()));
            grid.AddRow("New PSK", $"[bold]{Markup.Escape(rotated.GetProperty("psk").GetString()!)}[/]");
            grid.AddRow("Previous key", PreviousKeyText(rotated.GetProperty("device").GetProperty("previousKey")));
            context.Out.Console.Write(grid);
            context.Out.Line("[yellow]Keep the new PSK now: it is not shown again.[/]");
            if (rotated.GetProperty("device").GetProperty("previousKey").ValueKind == JsonValueKind.Object)
            {
                context.Out.Line($"Once every device has the new key: [bold]logbeam devices end-overlap {Markup.Escape(target.ToString())}[/].");
            }

            return ExitCodes.Success;
        }));
        return rotate;
    }

    public static Command EndOverlap(GlobalOptions options)
    {
        var device = new Argument<string>("device") { Description = "<product>/<device>" };
        var end = new Command("end-overlap", "Stop accepting a device's previous key now, before its overlap would end") { device };
        end.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(device), deviceRequired: true);
            var changed = await context.Client.DeleteAsync(target.DevicePath + "/previous-key", cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(changed);
            }
            else
            {
                context.Out.Line($"{Markup.Escape(target.ToString())}: the previous key is no longer accepted " +
                    $"(last used {Format.Ago(changed.GetProperty("previousKey").GetProperty("lastUsedAt"), DateTimeOffset.UtcNow)}).");
            }

            return ExitCodes.Success;
        }));
        return end;
    }

    /// <summary>"accepted until …, last used …", or "none".</summary>
    internal static string PreviousKeyText(JsonElement previous)
    {
        if (previous.ValueKind != JsonValueKind.Object)
        {
            return "none";
        }

        var state = previous.GetProperty("active").GetBoolean() ? "accepted until" : "[grey]refused since[/]";
        var lastUsed = Format.Ago(previous.GetProperty("lastUsedAt"), DateTimeOffset.UtcNow);
        return string.Create(CultureInfo.InvariantCulture, $"{state} {Format.Time(previous.GetProperty("expiresAt"))}, last used {lastUsed}");
    }
}
