using System.Text;
using Logbeam.Server.Observability;

namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>POST /api/v1/products/{productId}/devices</c>; <c>deviceName</c> is required, <c>authMode</c> is <c>key</c>
/// (the default) or <c>cert</c>. <c>psk</c> imports an existing key device's PSK (a fleet moving over keeps the keys it
/// was flashed with); without it a new PSK is generated.
/// </summary>
public sealed record CreateDeviceRequest(string? DeviceName, string? AuthMode = null, string? Certificate = null, string? Psk = null)
{
    // A request is printed without the key it imports.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"DeviceName = {DeviceName}, AuthMode = {AuthMode}, Psk = {LogValue.Hidden(Psk)}");
        return true;
    }
}
