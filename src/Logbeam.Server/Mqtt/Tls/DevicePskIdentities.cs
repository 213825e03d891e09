using System.Text;
using Org.BouncyCastle.Tls;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// The keys of a TLS-PSK handshake: the identity is the device's MQTT client id (product id and device name run
/// together) and the key is its PSK, Base64-decoded (protocol.md §1.2), looked up in memory by <paramref name="lookUp"/>.
/// </summary>
internal sealed class DevicePskIdentities(Func<string, byte[]?> lookUp) : TlsPskIdentityManager
{
    /// <summary>The longest identity looked up; a product id and a device name are far shorter.</summary>
    public const int MaxIdentityBytes = 256;

    /// <summary>The identity the client sent, once it has sent one it has a key for.</summary>
    public string? Identity { get; private set; }

    /// <summary>True when the client sent an identity that no enabled key device has.</summary>
    public bool UnknownIdentity { get; private set; }

    public byte[]? GetHint() => null;

    public byte[]? GetPsk(byte[] identity)
    {
        if (identity.Length is 0 or > MaxIdentityBytes)
        {
            UnknownIdentity = true;
            return null;
        }

        var name = Encoding.UTF8.GetString(identity);
        var key = lookUp(name);
        if (key is null)
        {
            UnknownIdentity = true;
            return null;
        }

        Identity = name;
        return key;
    }
}
