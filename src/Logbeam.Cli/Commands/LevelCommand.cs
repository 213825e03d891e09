using System.CommandLine;
using System.Text.Json.Nodes;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam level set &lt;product&gt;[/&lt;device&gt;] &lt;level&gt; [--for 1h]</c>.</summary>
public static class LevelCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("level", "Set log levels: a device's own (optionally for a while) or a product's default");
        var target = new Argument<string>("target") { Description = "<product>/<device> for one device, <product> for the product default" };
        var level = new Argument<string>("level") { Description = "off, error, warn, info, debug (or 0-4); 'default' clears a device's own level" };
        var duration = new Option<string?>("--for") { Description = "Fall back to the product default after this long, e.g. 30m, 1h, 2d (devices only)" };
        var set = new Command("set", "Set a level; connected devices are told at once over MQTT") { target, level, duration };
        set.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var where = Target.Parse(context.Parse.GetValue(target));
            var text = context.Parse.GetValue(level)!;
            int? code = null;
            if (text.Equals("default", StringComparison.OrdinalIgnoreCase) && where.DeviceName is not null)
            {
                code = null;
            }
            else if (Levels.TryParse(text, out var parsed))
            {
                code = parsed;
            }
            else
            {
                throw new CliException($"'{text}' is not a level: off, error, warn, info or debug (or 0-4).", ExitCodes.Usage);
            }

            DateTimeOffset? expiresAt = null;
            if (context.Parse.GetValue(duration) is { } forText)
            {
                if (where.DeviceName is null)
                {
                    throw new CliException("A product default does not expire: use --for with <product>/<device>.", ExitCodes.Usage);
                }

                if (code is null)
                {
                    throw new CliException("--for goes with a level, not with 'default'.", ExitCodes.Usage);
                }

                expiresAt = DateTimeOffset.UtcNow + TimeInput.Duration(forText, "--for");
            }

            if (where.DeviceName is null)
            {
                var product = await context.Client.PutAsync(where.ProductPath + "/log-level", new JsonObject { ["defaultLogLevel"] = code }, cancellationToken)
                    .ConfigureAwait(false);
                if (context.Json)
                {
                    context.Out.Json(product);
                }
                else
                {
                    context.Out.Line($"{Markup.Escape(where.ProductId)}: default level [bold]{Levels.Name(code!.Value)}[/]; devices without a level of their own are told now.");
                }

                return ExitCodes.Success;
            }

            var device = await context.Client.PutAsync(
                where.DevicePath + "/log-level",
                new JsonObject { ["logLevel"] = code, ["levelExpiresAt"] = expiresAt?.ToString("O") },
                cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(device);
                return ExitCodes.Success;
            }

            var effective = Levels.Name(device.GetProperty("effectiveLogLevel").GetInt32());
            var until = expiresAt is null ? "" : $" until {Format.Time(device.GetProperty("levelExpiresAt"))}, then the product default";
            var pushed = device.GetProperty("online").GetBoolean()
                ? "the device is online and was told now"
                : "the device is offline; it gets the level when it next connects and asks";
            context.Out.Line($"{Markup.Escape(where.ToString())}: level [bold]{effective}[/]{until} ({pushed}).");
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(set);
        return command;
    }
}
