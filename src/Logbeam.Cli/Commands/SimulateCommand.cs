using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Logbeam.Cli.Simulate;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam simulate</c>: a fleet of simulated devices logging through the device SDK against a running platform.</summary>
public static class SimulateCommand
{
    /// <summary>Creates the <c>simulate</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var server = new Option<Uri>("--server")
        {
            Description = "The platform's HTTP address.",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
            CustomParser = ParseUri,
        };
        var mqtt = new Option<Uri?>("--mqtt")
        {
            Description = "The MQTT broker (mqtt://host:1883); without it devices report everything at DEBUG, with no level control.",
            DefaultValueFactory = _ => new Uri("mqtt://127.0.0.1:1883"),
            CustomParser = ParseUri,
        };
        var noMqtt = new Option<bool>("--no-mqtt") { Description = "Do not connect over MQTT." };
        var product = new Option<string>("--product") { Description = "The product id.", DefaultValueFactory = _ => "SIMULATED1" };
        var devices = new Option<int>("--devices", "-n") { Description = "How many devices.", DefaultValueFactory = _ => 10 };
        var prefix = new Option<string>("--prefix") { Description = "Device names are this prefix and a number.", DefaultValueFactory = _ => "sim-" };
        var rate = new Option<double>("--rate") { Description = "Lines per second per device.", DefaultValueFactory = _ => 5 };
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "How long to run (30s, 5m, 1h); until Ctrl+C without it.",
            CustomParser = ParseDuration,
        };
        var create = new Option<bool>("--create") { Description = "Register the product and devices through the management API first." };
        var apiKey = new Option<string?>("--api-key") { Description = "The admin API key, for --create." };
        var level = new Option<int>("--level") { Description = "The product's default log level when --create makes it (0-4).", DefaultValueFactory = _ => 3 };
        var credentials = new Option<string>("--credentials")
        {
            Description = "Where the devices' PSKs are saved by --create and read from otherwise.",
            DefaultValueFactory = _ => "simulate-devices.json",
        };
        var spool = new Option<string?>("--spool") { Description = "A directory for the devices' offline spools." };

        var command = new Command("simulate", "Drive a fleet of simulated devices with the device SDK against a running platform.")
        {
            server, mqtt, noMqtt, product, devices, prefix, rate, duration, create, apiKey, level, credentials, spool,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new SimulationSettings
            {
                Server = result.GetValue(server)!,
                Mqtt = result.GetValue(noMqtt) ? null : result.GetValue(mqtt),
                ProductId = result.GetValue(product)!,
                Devices = result.GetValue(devices),
                DevicePrefix = result.GetValue(prefix)!,
                Rate = result.GetValue(rate),
                Duration = result.GetValue(duration),
                Create = result.GetValue(create),
                ApiKey = result.GetValue(apiKey),
                ProductLevel = result.GetValue(level),
                CredentialsFile = result.GetValue(credentials)!,
                SpoolDirectory = result.GetValue(spool),
            };
            if (settings.Devices <= 0 || settings.Rate <= 0)
            {
                await Console.Error.WriteLineAsync("--devices and --rate must be positive.").ConfigureAwait(false);
                return 2;
            }

            try
            {
                var summary = await SimulationEngine.RunAsync(settings, AnsiConsole.Console, cancellationToken).ConfigureAwait(false);
                return summary.Acknowledged > 0 || summary.Sent == 0 ? 0 : 1;
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"The platform at {settings.Server} cannot be reached: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static Uri ParseUri(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        result.AddError($"'{text}' is not an absolute address: use for example http://127.0.0.1:5080 or mqtt://127.0.0.1:1883.");
        return null!;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':', StringComparison.Ordinal))
        {
            return span;
        }

        double factor = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? 0.001
            : text.EndsWith('s') ? 1 : text.EndsWith('m') ? 60 : text.EndsWith('h') ? 3600 : 1;
        var number = text.TrimEnd('s', 'm', 'h', 'S', 'M', 'H');
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * factor);
        }

        result.AddError($"'{text}' is not a duration: use for example 30s, 5m, 1h or 00:01:30.");
        return null;
    }
}
