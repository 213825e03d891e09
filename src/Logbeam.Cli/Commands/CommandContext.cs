using System.CommandLine;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;

namespace Logbeam.Cli.Commands;

/// <summary>What a command's action works with: the parsed line, the API client, where to print.</summary>
public sealed class CommandContext(ParseResult parse, ApiClient client, Terminal terminal, bool json)
{
    public ParseResult Parse { get; } = parse;

    public ApiClient Client { get; } = client;

    public Terminal Out { get; } = terminal;

    public bool Json { get; } = json;

    /// <summary>
    /// Wraps a command's body: resolves the connection, makes the client, and turns a <see cref="CliException"/>
    /// into its message on stderr and its exit code.
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(
        GlobalOptions options, Func<CommandContext, CancellationToken, Task<int>> body) => async (parse, cancellationToken) =>
    {
        var terminal = Terminal.ForProcess();
        try
        {
            var connection = Connection.Resolve(parse.GetValue(options.Server), parse.GetValue(options.ApiKey));
            using var client = new ApiClient(connection);
            return await body(new CommandContext(parse, client, terminal, parse.GetValue(options.Json)), cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            terminal.Fail(ex.Message);
            return ex.ExitCode;
        }
    };

    public Task<int> Done() => Task.FromResult(ExitCodes.Success);
}
