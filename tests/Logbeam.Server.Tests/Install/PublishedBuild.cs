using System.Runtime.InteropServices;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Install;

/// <summary>
/// scripts/publish.sh, run once for a test class: the server for this machine's architecture (the script's default is
/// both linux-x64 and linux-arm64; one is enough to test and halves the wait) and the CLI's tool package.
/// </summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    public string Folder { get; } = TempDirectory.Create("logbeam-publish");

    public static string RuntimeIdentifier { get; } =
        "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The self-contained server: <c>Logbeam.Server</c>, its shipped settings and what it loads beside it.</summary>
    public string ServerFolder => Path.Combine(Folder, "server", RuntimeIdentifier);

    /// <summary>The folder holding the CLI's .nupkg, for <c>dotnet tool install --add-source</c>.</summary>
    public string ToolSource => Path.Combine(Folder, "tool");

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepoRoot.Path, "scripts", "publish.sh");
        var (exitCode, output) = await ExternalProgram.RunAsync(TimeSpan.FromMinutes(15), "bash", script, "-o", Folder, RuntimeIdentifier);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish.sh failed ({exitCode}):\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        TempDirectory.Delete(Folder);
        return Task.CompletedTask;
    }
}
