using Logbeam.Server.Api;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Tests.Observability;

/// <summary>
/// A record's ToString prints every member by default: the records that hold a key print everything but the key, so a
/// record that reaches a log line or an assertion message leaks nothing.
/// </summary>
public sealed class SecretPrintingTests
{
    private const string Psk = "c2VjcmV0LXBzay12YWx1ZQ==";
    private static readonly DateTimeOffset At = new(2026, 12, 8, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Device_PrintsItsNameAndState_ButNeitherItsKeyNorItsPreviousKey()
    {
        var device = new Device(7, "PRODUCT001", "sensor-7", DeviceAuthMode.Key, Psk, null, true, null, null, At)
        {
            PreviousKey = new PreviousKey("b2xkLWtleS12YWx1ZQ==", At.AddDays(1), null),
        };

        var printed = device.ToString();

        Assert.Contains("sensor-7", printed, StringComparison.Ordinal);
        Assert.Contains("Psk = (hidden)", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Psk, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("b2xkLWtleS12YWx1ZQ==", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateDevice_SaysItHasNoKey()
    {
        var device = new Device(8, "PRODUCT001", "cam-8", DeviceAuthMode.Cert, null, "-----BEGIN CERTIFICATE-----", true, null, null, At);

        Assert.Contains("Psk = null", device.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NewDevice_AndCreateDeviceRequest_DoNotPrintTheKeyTheyCarry()
    {
        var created = new NewDevice("PRODUCT001", "sensor-9", DeviceAuthMode.Key, Psk, null, At).ToString();
        var request = new CreateDeviceRequest("sensor-9", "key", null, Psk).ToString();

        Assert.Contains("sensor-9", created, StringComparison.Ordinal);
        Assert.DoesNotContain(Psk, created, StringComparison.Ordinal);
        Assert.Contains("sensor-9", request, StringComparison.Ordinal);
        Assert.DoesNotContain(Psk, request, StringComparison.Ordinal);
    }
}
