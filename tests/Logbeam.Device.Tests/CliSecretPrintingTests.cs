using Logbeam.Cli.Client;
using Logbeam.Cli.Simulate;

namespace Logbeam.Device.Tests;

/// <summary>The CLI's records that hold the admin key or a device key print everything but the key.</summary>
public sealed class CliSecretPrintingTests
{
    private const string Secret = "admin-key-that-must-not-print";

    [Fact]
    public void ConnectionAndConfig_HideTheAdminKey()
    {
        var connection = new Connection(new Uri("http://127.0.0.1:5080/"), Secret).ToString();
        var config = new CliConfig("http://127.0.0.1:5080/", Secret).ToString();

        Assert.Contains("127.0.0.1:5080", connection, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, connection, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:5080", config, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, config, StringComparison.Ordinal);
    }

    [Fact]
    public void ASimulatedDevicesCredential_HidesItsKey()
    {
        var printed = new DeviceCredential("PRODUCT001", "sim-1", Secret).ToString();

        Assert.Contains("sim-1", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
    }
}
