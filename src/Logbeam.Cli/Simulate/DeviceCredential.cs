using System.Text;
using Logbeam.Server.Observability;

namespace Logbeam.Cli.Simulate;

/// <summary>One simulated device's identity, as kept in the credentials file.</summary>
internal sealed record DeviceCredential(string ProductId, string DeviceName, string Psk)
{
    // Printed without its key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"ProductId = {ProductId}, DeviceName = {DeviceName}, Psk = {LogValue.Hidden(Psk)}");
        return true;
    }
}
