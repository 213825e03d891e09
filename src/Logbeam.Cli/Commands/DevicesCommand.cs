using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;
using Logbeam.Server.Accounting;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam devices list|create|show|disable|enable|delete|rotate-key|end-overlap</c>.</summary>
public static class DevicesCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("devices", "List, create, show, disable, enable and delete devices, and rotate their keys");
        command.Subcommands.Add(List(options));
        command.Subcommands.Add(CreateDevice(options));
        command.Subcommands.Add(Show(options));
        command.Subcommands.Add(SetEnabled(options, "disable", "Disable a device: its uploads and MQTT connections are refused", false));
        command.Subcommands.Add(SetEnabled(options, "enable", "Enable a disabled device again", true));
        command.Subcommands.Add(Delete(options));
        command.Subcommands.Add(DeviceKeyCommands.RotateKey(options));
        command.Subcommands.Add(DeviceKeyCommands.EndOverlap(options));
        return command;
    }

    private static Command List(GlobalOptions options)
    {
        var product = new Argument<string>("product") { Description = "The product id" };
        var search = new Option<string?>("--search") { Description = "Only devices whose name contains this text" };
        var list = new Command("list", "List a product's devices: online or not, last seen, level, lines in the last 24 h") { product, search };
        list.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(product), deviceAllowed: false);
            var devices = await context.Client.GetAsync(target.ProductPath + "/devices", cancellationToken).ConfigureAwait(false);
            var stats = await context.Client.GetAsync(target.ProductPath + "/stats?minutes=1", cancellationToken).ConfigureAwait(false);
            var counts = stats.GetProperty("devices").EnumerateArray()
                .ToDictionary(d => d.GetProperty("deviceName").GetString()!, d => d.GetProperty("counts"), StringComparer.Ordinal);
            var filter = context.Parse.GetValue(search);
            var shown = devices.EnumerateArray()
                .Where(d => filter is null || d.GetProperty("deviceName").GetString()!.Contains(filter, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (context.Json)
            {
                var array = new JsonArray();
                foreach (var device in shown)
                {
                    var node = JsonNode.Parse(device.GetRawText())!.AsObject();
                    node["lines24h"] = counts.TryGetValue(device.GetProperty("deviceName").GetString()!, out var c) ? JsonNode.Parse(c.GetRawText()) : null;
                    array.Add(node);
                }

                context.Out.Json(JsonSerializer.SerializeToElement(array));
                return ExitCodes.Success;
            }

            if (shown.Count == 0)
            {
                context.Out.Line(filter is null
                    ? $"No devices in {Markup.Escape(target.ProductId)} yet: create one with [bold]logbeam devices create {Markup.Escape(target.ProductId)} <name>[/]."
                    : $"No device of {Markup.Escape(target.ProductId)} has '{Markup.Escape(filter)}' in its name.");
                return ExitCodes.Success;
            }

            var now = DateTimeOffset.UtcNow;
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("DEVICE", "STATE", "LAST SEEN", "LEVEL", "LEVEL EXPIRES", "REFUSED 24H", "ERR 24H", "WRN 24H", "INF 24H", "DBG 24H");
            foreach (var device in shown)
            {
                counts.TryGetValue(device.GetProperty("deviceName").GetString()!, out var c);
                table.AddRow(
                    Markup.Escape(device.GetProperty("deviceName").GetString()!),
                    State(device),
                    Format.Ago(device.GetProperty("lastSeen"), now),
                    LevelText(device),
                    Format.Time(device.GetProperty("levelExpiresAt")),
                    RefusedText(device),
                    Count(c, "error"),
                    Count(c, "warn"),
                    Count(c, "info"),
                    Count(c, "debug"));
            }

            context.Out.Console.Write(table);
            return ExitCodes.Success;
        }));
        return list;
    }

    private static Command CreateDevice(GlobalOptions options)
    {
        var product = new Argument<string>("product") { Description = "The product id" };
        var name = new Argument<string>("deviceName") { Description = "The device name" };
        var psk = new Option<string?>("--psk") { Description = "Import the PSK the device was flashed with (default: a new one)" };
        var certificate = new Option<FileInfo?>("--certificate") { Description = "A PEM certificate file: the device signs with its private key instead of a PSK" };
        var create = new Command("create", "Register a device and print its credentials (the only time the PSK is shown)") { product, name, psk, certificate };
        create.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(product), deviceAllowed: false);
            var body = new JsonObject { ["deviceName"] = context.Parse.GetValue(name), ["psk"] = context.Parse.GetValue(psk) };
            if (context.Parse.GetValue(certificate) is { } file)
            {
                if (!file.Exists)
                {
                    throw new CliException($"{file.FullName} does not exist.", ExitCodes.Usage);
                }

                body["authMode"] = "cert";
                body["certificate"] = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            }

            var created = await context.Client.PostAsync(target.ProductPath + "/devices", body, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(created);
                return ExitCodes.Success;
            }

            var server = context.Client.Connection.Server;
            var device = created.GetProperty("device");
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Product id", Markup.Escape(device.GetProperty("productId").GetString()!));
            grid.AddRow("Device name", Markup.Escape(device.GetProperty("deviceName").GetString()!));
            if (created.GetProperty("psk").GetString() is { } key)
            {
                grid.AddRow("PSK", $"[bold]{Markup.Escape(key)}[/]");
            }

            grid.AddRow("MQTT client id", Markup.Escape(created.GetProperty("clientId").GetString()!));
            grid.AddRow("Log upload", Markup.Escape(new Uri(server, created.GetProperty("reportLogPath").GetString()!.TrimStart('/')).ToString()));
            grid.AddRow("MQTT broker", Markup.Escape($"{server.Host}:1883 (TLS 8883 when configured)"));
            grid.AddRow("Signing host", Markup.Escape(created.GetProperty("canonicalHost").GetString()!));
            context.Out.Console.Write(grid);
            context.Out.Line("[yellow]Keep the PSK now: it is not shown again.[/]");
            return ExitCodes.Success;
        }));
        return create;
    }

    private static Command Show(GlobalOptions options)
    {
        var device = new Argument<string>("device") { Description = "<product>/<device>" };
        var show = new Command("show", "Show one device") { device };
        show.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(device), deviceRequired: true);
            var found = await context.Client.GetAsync(target.DevicePath, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(found);
                return ExitCodes.Success;
            }

            var now = DateTimeOffset.UtcNow;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Device", Markup.Escape(target.ToString()));
            grid.AddRow("State", State(found));
            grid.AddRow("Connected since", Format.Time(found.GetProperty("connectedSince")));
            grid.AddRow("Remote address", Markup.Escape(found.GetProperty("remoteAddress").GetString() ?? "-"));
            grid.AddRow("Last seen", Format.Ago(found.GetProperty("lastSeen"), now));
            grid.AddRow("Last upload", Format.Ago(found.GetProperty("lastUploadAt"), now));
            grid.AddRow("Clock", Markup.Escape(ClockText(found.GetProperty("clock"), now)));
            foreach (var refusal in found.GetProperty("refusals").EnumerateObject())
            {
                var value = refusal.Value;
                grid.AddRow(
                    "[yellow]Refused (24 h)[/]",
                    Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{value.GetProperty("count").GetInt64()} × {refusal.Name}, last {Format.Ago(value.GetProperty("last"), now)}: {value.GetProperty("detail").GetString()}")));
            }

            grid.AddRow("Level", LevelText(found));
            grid.AddRow("Level expires", Format.Time(found.GetProperty("levelExpiresAt")));
            grid.AddRow("Authentication", found.GetProperty("authMode").GetString() == "cert" ? "certificate" : "key (PSK)");
            if (found.TryGetProperty("previousKey", out var previous) && previous.ValueKind == JsonValueKind.Object)
            {
                grid.AddRow("Previous key", DeviceKeyCommands.PreviousKeyText(previous));
            }

            grid.AddRow("Created", Format.Time(found.GetProperty("createdAt")));
            context.Out.Console.Write(grid);
            return ExitCodes.Success;
        }));
        return show;
    }

    private static Command SetEnabled(GlobalOptions options, string name, string description, bool enabled)
    {
        var device = new Argument<string>("device") { Description = "<product>/<device>" };
        var command = new Command(name, description) { device };
        command.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(device), deviceRequired: true);
            var changed = await context.Client.PostAsync(target.DevicePath + "/" + name, null, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(changed);
            }
            else
            {
                context.Out.Line($"{Markup.Escape(target.ToString())} is {(enabled ? "enabled" : "disabled")}.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(GlobalOptions options)
    {
        var device = new Argument<string>("device") { Description = "<product>/<device>" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when not at a terminal)" };
        var delete = new Command("delete", "Delete a device: its credentials stop working; its stored lines stay until retention removes them") { device, yes };
        delete.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var target = Target.Parse(context.Parse.GetValue(device), deviceRequired: true);
            if (!context.Parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    throw new CliException($"Deleting {target} cannot be undone: add --yes to confirm.", ExitCodes.Usage);
                }

                if (!await context.Out.Console.ConfirmAsync($"Delete {Markup.Escape(target.ToString())}? Its credentials stop working.", false, cancellationToken).ConfigureAwait(false))
                {
                    context.Out.Note("Nothing deleted.");
                    return ExitCodes.Failed;
                }
            }

            await context.Client.DeleteAsync(target.DevicePath, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(JsonSerializer.SerializeToElement(new JsonObject { ["deleted"] = target.ToString() }));
            }
            else
            {
                context.Out.Line($"Deleted {Markup.Escape(target.ToString())}.");
            }

            return ExitCodes.Success;
        }));
        return delete;
    }

    internal static string State(JsonElement device) =>
        !device.GetProperty("enabled").GetBoolean() ? "[grey]disabled[/]"
        : device.GetProperty("online").GetBoolean() ? "[green]online[/]"
        : "offline";

    internal static string LevelText(JsonElement device)
    {
        var effective = Levels.Name(device.GetProperty("effectiveLogLevel").GetInt32());
        return device.GetProperty("logLevel").ValueKind == JsonValueKind.Number ? effective : effective + " (product default)";
    }

    /// <summary>Uploads refused over the last 24 hours, in yellow when there were any.</summary>
    private static string RefusedText(JsonElement device)
    {
        var refused = device.GetProperty("refusals").EnumerateObject().Sum(r => r.Value.GetProperty("count").GetInt64());
        return refused == 0 ? "0" : $"[yellow]{refused.ToString(CultureInfo.InvariantCulture)}[/]";
    }

    /// <summary>"2 h 13 min behind, measured 3 min ago; asked for the time since it connected".</summary>
    private static string ClockText(JsonElement clock, DateTimeOffset now)
    {
        if (clock.ValueKind != JsonValueKind.Object)
        {
            return "not measured";
        }

        var offset = clock.GetProperty("offsetSeconds");
        var measured = offset.ValueKind == JsonValueKind.Number
            ? $"{ClockOffsetText.Describe(offset.GetDouble())}, measured {Format.Ago(clock.GetProperty("measuredAt"), now)}"
            : "not measured";
        return measured + (clock.GetProperty("synced").GetBoolean() ? "; asked for the time since it connected" : "; has not asked for the time");
    }

    private static string Count(JsonElement counts, string level) =>
        counts.ValueKind == JsonValueKind.Object ? counts.GetProperty(level).GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";
}
