using System.Diagnostics;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// The README's walkthrough as a newcomer runs it: <c>dotnet run --project src/Logbeam.Server</c> from a folder with no
/// data yet, then docs/walkthrough.sh with the key read from <c>data/admin.key</c>, as the README does.
/// </summary>
public sealed class WalkthroughTests : IDisposable
{
    private readonly string _folder = TempDirectory.Create("logbeam-newcomer");

    [Fact]
    public async Task Walkthrough_AfterDotnetRun_WithTheKeyFromDataAdminKey_UploadsASignedBatch_AndReadsItBack()
    {
        foreach (var tool in new[] { "curl", "openssl", "python3" })
        {
            Assert.True(ExternalTool.Exists(tool), $"{tool} is missing: run scripts/install-test-deps.sh (Debian package {tool}).");
        }

        await using var server = await ServerProcess.DotnetRunAsync(_folder);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "admin.key")), "the README reads data/admin.key, under the folder dotnet run ran in");

        var start = new ProcessStartInfo("bash", ["-c", "ADMIN_KEY=$(cat data/admin.key) exec bash \"$WALKTHROUGH\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        start.Environment["WALKTHROUGH"] = Path.Combine(RepoRoot.Path, "docs", "walkthrough.sh");
        start.Environment["BASE"] = server.BaseAddress.ToString().TrimEnd('/');
        start.Environment.Remove("ADMIN_KEY");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"walkthrough failed ({process.ExitCode}): {errors}\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"RequestId\"", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"Error\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"hello from curl\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"something broke\"", lines[1], StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.Delete(_folder);
}
