using System.Globalization;
using System.Text;
using Logbeam.Server.Observability;

namespace Logbeam.Server.Devices;

/// <summary>What it takes to register a device; the store assigns its id.</summary>
public sealed record NewDevice(string ProductId, string DeviceName, DeviceAuthMode AuthMode, string? Psk, string? Certificate, DateTimeOffset CreatedAt)
{
    // Printed without its key, as Device is.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"ProductId = {ProductId}, DeviceName = {DeviceName}, AuthMode = {AuthMode}, Psk = {LogValue.Hidden(Psk)}, CreatedAt = {CreatedAt:O}");
        return true;
    }
}
