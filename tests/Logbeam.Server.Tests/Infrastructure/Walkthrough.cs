using System.Diagnostics;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>
/// docs/walkthrough.sh, the README's five minutes with curl, run as written against a running server: a product, a
/// device, a signed upload of two lines, and the lines read back.
/// </summary>
internal static class Walkthrough
{
    /// <summary>
    /// Runs the script in <paramref name="workingDirectory"/> with the admin key read from <paramref name="adminKeyFile"/>
    /// (relative to that folder, as the README's <c>$(cat data/admin.key)</c>) and checks what it printed.
    /// </summary>
    public static async Task RunAsync(string workingDirectory, string adminKeyFile, Uri baseAddress)
    {
        foreach (var tool in new[] { "curl", "openssl", "python3" })
        {
            Assert.True(ExternalTool.Exists(tool), $"{tool} is missing: run scripts/install-test-deps.sh (Debian package {tool}).");
        }

        var start = new ProcessStartInfo("bash", ["-c", "ADMIN_KEY=$(cat \"$ADMIN_KEY_FILE\") exec bash \"$WALKTHROUGH\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["WALKTHROUGH"] = Path.Combine(RepoRoot.Path, "docs", "walkthrough.sh");
        start.Environment["ADMIN_KEY_FILE"] = adminKeyFile;
        start.Environment["BASE"] = baseAddress.ToString().TrimEnd('/');
        start.Environment.Remove("ADMIN_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"walkthrough failed ({process.ExitCode}): {await errors}\n{await output}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"RequestId\"", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"Error\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"hello from curl\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"something broke\"", lines[1], StringComparison.Ordinal);
    }
}
