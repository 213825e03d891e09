using System.Text.Json;
using Logbeam.Protocol;

namespace Logbeam.Cli.Tests;

/// <summary><c>logbeam devices rotate-key</c>, <c>end-overlap</c>, and the previous key in <c>devices show</c>.</summary>
public sealed class KeyRotationCommandTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private CliRun Cli => new(server.BaseAddress, LogbeamServer.AdminKey);

    [Fact]
    public async Task RotateKey_PrintsTheNewPskOnce_AndTheOverlap_ThenEndOverlapRefusesTheOldKey()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "sensor-1");

        var rotated = await Cli.RunAsync("devices", "rotate-key", $"{productId}/sensor-1", "--overlap", "2h");

        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        var newPsk = System.Text.RegularExpressions.Regex.Match(rotated.Output, @"New PSK\s+(\S{20,})").Groups[1].Value;
        Assert.NotEqual(oldPsk, newPsk);
        Assert.Contains("not shown again", rotated.Output, StringComparison.Ordinal);
        Assert.Matches(@"Previous key\s+accepted until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, last used never", rotated.Output);
        Assert.Contains($"logbeam devices end-overlap {productId}/sensor-1", rotated.Output, StringComparison.Ordinal);
        Assert.Null(await Send(newPsk));
        Assert.Null(await Send(oldPsk));

        var json = await Cli.RunAsync("devices", "show", $"{productId}/sensor-1", "--json");
        var expiresAt = JsonDocument.Parse(json.Output).RootElement.GetProperty("previousKey").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(2).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2));
        var shown = await Cli.RunAsync("devices", "show", $"{productId}/sensor-1");
        Assert.Matches(@"Previous key\s+accepted until .*, last used just now", shown.Output);

        var ended = await Cli.RunAsync("devices", "end-overlap", $"{productId}/sensor-1");

        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.Contains("the previous key is no longer accepted (last used just now)", ended.Output, StringComparison.Ordinal);
        Assert.Equal(ReportLogErrorCodes.SignatureFailure, await Send(oldPsk));
        Assert.Null(await Send(newPsk));
        Assert.Contains("refused since", (await Cli.RunAsync("devices", "show", $"{productId}/sensor-1")).Output, StringComparison.Ordinal);

        Task<string?> Send(string psk) =>
            Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "sensor-1", "INF from the cli test"), psk));
    }

    [Fact]
    public async Task RotateKey_OfACertificateDevice_Or_ABadOverlap_FailsWithTheReason()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert", Vectors.ReadText("dev_cert.pem"));
        await server.CreateKeyDeviceAsync(productId, "key");

        var cert = await Cli.RunAsync("devices", "rotate-key", $"{productId}/cert");
        var badOverlap = await Cli.RunAsync("devices", "rotate-key", $"{productId}/key", "--overlap", "soon");
        var tooLong = await Cli.RunAsync("devices", "rotate-key", $"{productId}/key", "--overlap", "31d");
        var noOverlap = await Cli.RunAsync("devices", "end-overlap", $"{productId}/key");

        Assert.Equal(1, cert.ExitCode);
        Assert.Contains("signs with its certificate", cert.Error, StringComparison.Ordinal);
        Assert.Equal(2, badOverlap.ExitCode);
        Assert.Contains("--overlap 'soon' is not a duration", badOverlap.Error, StringComparison.Ordinal);
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("overlapSeconds must be 0", tooLong.Error, StringComparison.Ordinal);
        Assert.Equal(5, noOverlap.ExitCode);
        Assert.Contains("has no previous key", noOverlap.Error, StringComparison.Ordinal);
    }
}
