using System.Net;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests;

/// <summary>
/// The shipped appsettings.json applies wherever the server is started from (one in the working directory on top of
/// it); the data lands under the working directory.
/// </summary>
public sealed class LogbeamAppTests : IDisposable
{
    private readonly string _folder = TempDirectory.Create("logbeam-elsewhere");

    [Fact]
    public async Task StartedFromAnotherFolder_ShippedSettingsApply_AndDataLandsInItsDataFolder()
    {
        // Information for everything, as if appsettings.json were missing: its per-request logging switch must still win.
        await using var server = await ServerProcess.StartInAsync(_folder, LogbeamServer.AdminKey, "--Logging:LogLevel:Default", "Information");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Admin.GetAsync("/api/v1/products")).StatusCode);
        }

        Assert.True(File.Exists(Path.Combine(_folder, "data", "logbeam.db")), "no data/logbeam.db under the working directory");
        await Task.Delay(500);
        Assert.Contains("MQTT broker listening", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request finished", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppsettingsJsonInTheWorkingDirectory_AppliesOverTheShippedOne()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.json"), """{"Storage":{"DataDirectory":"./local-data"}}""");

        await using var server = await ServerProcess.StartInAsync(_folder, LogbeamServer.AdminKey, "--Logging:LogLevel:Default", "Information");

        Assert.Equal(HttpStatusCode.OK, (await server.Admin.GetAsync("/api/v1/products")).StatusCode);
        Assert.True(File.Exists(Path.Combine(_folder, "local-data", "logbeam.db")), "the working directory's appsettings.json was not applied");
        await Task.Delay(500);
        Assert.DoesNotContain("Request starting", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.Delete(_folder);
}
