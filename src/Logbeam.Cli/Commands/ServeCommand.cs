using System.CommandLine;
using Logbeam.Server;

namespace Logbeam.Cli.Commands;

/// <summary><c>logbeam serve [server options]</c>: runs the platform, exactly as <c>dotnet run --project src/Logbeam.Server</c> does.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the Logbeam platform (every option goes to the server, e.g. --urls http://0.0.0.0:80 --Storage:DataDirectory /var/lib/logbeam)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = parse.UnmatchedTokens.ToList();
            // Installed as a tool, the working directory has no appsettings.json: use the defaults shipped beside the tool.
            if (!File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) &&
                File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")) &&
                !args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
            {
                args.AddRange(["--contentRoot", AppContext.BaseDirectory]);
            }

            await using var app = LogbeamApp.Create([.. args]);
            await app.RunAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
