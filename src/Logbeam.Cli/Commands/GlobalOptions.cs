using System.CommandLine;

namespace Logbeam.Cli.Commands;

/// <summary>The options every command that talks to a server understands (set on the root, recursive).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "The Logbeam server, such as http://127.0.0.1:5080 (or LOGBEAM_SERVER, or 'logbeam login')",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The admin API key (or LOGBEAM_API_KEY, or 'logbeam login')",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
