using System.CommandLine;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;
using Spectre.Console;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam login</c>: checks a server address and API key, then saves them for the next commands.</summary>
public static class LoginCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("login", $"Check the server and API key and save them in {CliConfig.FilePath} (only you can read it)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = Terminal.ForProcess();
            try
            {
                var connection = Connection.Resolve(parse.GetValue(options.Server), parse.GetValue(options.ApiKey));
                if (connection.ApiKey is null)
                {
                    if (Console.IsInputRedirected)
                    {
                        throw new CliException("Give the API key with --api-key or LOGBEAM_API_KEY (it is in the server's data/admin.key).", ExitCodes.Usage);
                    }

                    connection = connection with { ApiKey = terminal.Console.Prompt(new TextPrompt<string>("Admin API key:").Secret()) };
                }

                using (var client = new ApiClient(connection))
                {
                    await client.GetAsync("api/v1/products", cancellationToken).ConfigureAwait(false);
                }

                new CliConfig(connection.Server.ToString().TrimEnd('/'), connection.ApiKey).Save();
                terminal.Line($"Signed in to [bold]{Markup.Escape(connection.Server.ToString())}[/]; saved in {Markup.Escape(CliConfig.FilePath)}.");
                return ExitCodes.Success;
            }
            catch (CliException ex)
            {
                terminal.Fail(ex.Message);
                return ex.ExitCode;
            }
        });
        return command;
    }
}
