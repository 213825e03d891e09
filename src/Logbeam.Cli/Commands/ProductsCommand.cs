using System.CommandLine;
using System.Text.Json.Nodes;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam products list|create</c>.</summary>
public static class ProductsCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("products", "List and create products");

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

            var table = new Table().Border(TableBorder.Simple).AddColumns("PRODUCT", "NAME", "DEFAULT LEVEL", "CREATED");
            foreach (var product in products.EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(product.GetProperty("productId").GetString()!),
                    Markup.Escape(product.GetProperty("name").GetString()!),
                    Levels.Name(product.GetProperty("defaultLogLevel").GetInt32()),
                    Format.Time(product.GetProperty("createdAt")));
            }

            context.Out.Console.Write(table);
            return ExitCodes.Success;
        }));

        var productId = new Argument<string>("productId") { Description = "1 to 32 letters, digits, '_' or '-' (the device SDKs' product id)" };
        var name = new Option<string?>("--name") { Description = "A name for people (default: the product id)" };
        var level = new Option<string>("--default-level") { Description = "The level devices get unless set their own: off, error, warn, info, debug", DefaultValueFactory = _ => "info" };
        var create = new Command("create", "Create a product") { productId, name, level };
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
            var product = await context.Client.PostAsync("api/v1/products", body, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.Json(product);
            }
            else
            {
                context.Out.Line($"Created product [bold]{Markup.Escape(product.GetProperty("productId").GetString()!)}[/] (default level {Levels.Name(code)}).");
            }

            return ExitCodes.Success;
        }));

        command.Subcommands.Add(list);
        command.Subcommands.Add(create);
        return command;
    }
}
