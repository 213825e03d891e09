using System.Text;
using Logbeam.Server.Observability;

namespace Logbeam.Cli.Client;

/// <summary>
/// Where the server is and the key to use, each from the first that has it: the option (<c>--server</c>,
/// <c>--api-key</c>), the environment (<c>LOGBEAM_SERVER</c>, <c>LOGBEAM_API_KEY</c>), the file <c>logbeam login</c> wrote.
/// </summary>
public sealed record Connection(Uri Server, string? ApiKey)
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    // Printed without the admin key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Server = {Server}, ApiKey = {LogValue.Hidden(ApiKey)}");
        return true;
    }

    public static Connection Resolve(string? serverOption, string? apiKeyOption)
    {
        var config = (serverOption is null || apiKeyOption is null) ? CliConfig.Load() : new CliConfig(null, null);
        var server = FirstOf(serverOption, Environment.GetEnvironmentVariable("LOGBEAM_SERVER"), config.Server) ?? DefaultServer;
        var apiKey = FirstOf(apiKeyOption, Environment.GetEnvironmentVariable("LOGBEAM_API_KEY"), config.ApiKey);
        return new Connection(ParseServer(server), apiKey);
    }

    public static Uri ParseServer(string text)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"'{text}' is not a server address; give one such as http://127.0.0.1:5080.", ExitCodes.Usage);
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private static string? FirstOf(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
