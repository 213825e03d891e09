using System.Diagnostics;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>The README's curl walkthrough (docs/walkthrough.sh), run as written against a real server.</summary>
public sealed class WalkthroughTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task Walkthrough_UploadsASignedBatch_AndReadsItBack()
    {
        foreach (var tool in new[] { "curl", "openssl", "python3" })
        {
            Assert.True(ExternalTool.Exists(tool), $"{tool} is missing: run scripts/install-test-deps.sh (Debian package {tool}).");
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot.Path, "docs", "walkthrough.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BASE"] = server.BaseAddress.ToString().TrimEnd('/');
        start.Environment["ADMIN_KEY"] = LogbeamServer.AdminKey;
        start.Environment["PRODUCT"] = "WALK" + Guid.NewGuid().ToString("N")[..6];
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
}
