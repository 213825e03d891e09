using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam products list|create|set</c>.</summary>
public static class ProductsCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("products", "List, create and configure products");

        var list = new Command("list", "List the products");
        list.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var products = await context.Client.GetAsync("api/v1/products", cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(products);
                return ExitCodes.Success;
            }

            if (products.GetArrayLength() == 0)
            {
                context.Out.Line("No products yet: create one with [bold]logbeam products create <productId>[/].");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("PRODUCT", "NAME", "DEFAULT LEVEL", "CERT-KEY HMAC", "LEGACY UPLOADS", "CREATED");
            foreach (var product in products.EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(product.GetProperty("productId").GetString()!),
                    Markup.Escape(product.GetProperty("name").GetString()!),
                    Levels.Name(product.GetProperty("defaultLogLevel").GetInt32()),
                    OnOff(product, "allowCertificateKeyHmac"),
                    OnOff(product, "legacyUploads"),
                    Format.Time(product.GetProperty("createdAt")));
            }

            context.Out.Console.Write(table);
            return ExitCodes.Success;
        }));

        var productId = new Argument<string>("productId") { Description = "1 to 32 letters, digits, '_' or '-' (the device SDKs' product id)" };
        var name = new Option<string?>("--name") { Description = "A name for people (default: the product id)" };
        var level = new Option<string>("--default-level") { Description = "The level devices get unless set their own: off, error, warn, info, debug", DefaultValueFactory = _ => "info" };
        var certificateKeyHmac = CertificateKeyHmacOption();
        var legacyUploads = LegacyUploadsOption();
        var create = new Command("create", "Create a product") { productId, name, level, certificateKeyHmac, legacyUploads };
        create.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            if (!Levels.TryParse(context.Parse.GetValue(level), out var code))
            {
                throw new CliException($"--default-level '{context.Parse.GetValue(level)}' is not a level: off, error, warn, info or debug.", ExitCodes.Usage);
            }

            var body = new JsonObject
            {
                ["productId"] = context.Parse.GetValue(productId),
                ["name"] = context.Parse.GetValue(name) ?? context.Parse.GetValue(productId),
                ["defaultLogLevel"] = code,
            };
            AddRules(body, context.Parse, certificateKeyHmac, legacyUploads);
            var product = await context.Client.PostAsync("api/v1/products", body, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(product);
            }
            else
            {
                context.Out.Line($"Created product [bold]{Markup.Escape(product.GetProperty("productId").GetString()!)}[/] (default level {Levels.Name(code)}).");
            }

            WarnOfCertificateKeyHmac(context.Out, product);
            return ExitCodes.Success;
        }));

        var setProductId = new Argument<string>("productId") { Description = "The product to change" };
        var setCertificateKeyHmac = CertificateKeyHmacOption();
        var setLegacyUploads = LegacyUploadsOption();
        var set = new Command("set", "Change a product's upload rules; uploads follow them at once") { setProductId, setCertificateKeyHmac, setLegacyUploads };
        set.SetAction(CommandContext.Action(options, async (context, cancellationToken) =>
        {
            var body = new JsonObject();
            AddRules(body, context.Parse, setCertificateKeyHmac, setLegacyUploads);
            if (body.Count == 0)
            {
                throw new CliException("Say what to change: --allow-certificate-key-hmac on|off, --legacy-uploads on|off, or both.", ExitCodes.Usage);
            }

            var id = context.Parse.GetValue(setProductId)!;
            var product = await context.Client.PatchAsync($"api/v1/products/{Uri.EscapeDataString(id)}", body, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(product);
            }
            else
            {
                context.Out.Line($"{Markup.Escape(id)}: certificate-key HMAC {OnOff(product, "allowCertificateKeyHmac")}, legacy uploads {OnOff(product, "legacyUploads")}.");
            }

            WarnOfCertificateKeyHmac(context.Out, product);
            return ExitCodes.Success;
        }));

        command.Subcommands.Add(list);
        command.Subcommands.Add(create);
        command.Subcommands.Add(set);
        return command;
    }

    private static Option<string?> CertificateKeyHmacOption() => new("--allow-certificate-key-hmac")
    {
        Description = "on: certificate devices may sign HMAC uploads and legacy frames with the key in their certificate " +
            "(Tencent's C SDK in certificate mode). Anyone holding the certificate can then upload as the device. Default off",
    };

    private static Option<string?> LegacyUploadsOption() => new("--legacy-uploads")
    {
        Description = "on or off: the C SDK's legacy frames (POST /cgi-bin/report-log). Default on",
    };

    private static void AddRules(JsonObject body, ParseResult parse, Option<string?> certificateKeyHmac, Option<string?> legacyUploads)
    {
        if (Switch(parse, certificateKeyHmac) is { } allow)
        {
            body["allowCertificateKeyHmac"] = allow;
        }

        if (Switch(parse, legacyUploads) is { } legacy)
        {
            body["legacyUploads"] = legacy;
        }
    }

    private static bool? Switch(ParseResult parse, Option<string?> option) => parse.GetValue(option)?.ToUpperInvariant() switch
    {
        null => null,
        "ON" or "TRUE" => true,
        "OFF" or "FALSE" => false,
        _ => throw new CliException($"{option.Name} must be on or off, not '{parse.GetValue(option)}'.", ExitCodes.Usage),
    };

    private static void WarnOfCertificateKeyHmac(Terminal terminal, JsonElement product)
    {
        if (product.GetProperty("allowCertificateKeyHmac").GetBoolean())
        {
            var id = product.GetProperty("productId").GetString();
            terminal.Note(
                $"warning: {id} accepts HMAC signatures keyed with its devices' certificates. A certificate is public: anyone " +
                $"holding one can upload as that device. Turn it off with 'logbeam products set {id} --allow-certificate-key-hmac off' " +
                "once the devices sign with rsa-sha256.");
        }
    }

    private static string OnOff(JsonElement product, string member) => product.GetProperty(member).GetBoolean() ? "on" : "off";
}
