using System.Text;
using Org.BouncyCastle.Tls;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// The keys of a TLS-PSK handshake: the identity is the device's MQTT client id (product id and device name run
/// together) and the key is its PSK, Base64-decoded (protocol.md §1.2), looked up in memory by <paramref name="lookUp"/>.
/// </summary>
internal sealed class DevicePskIdentities(Func<string, TlsPskKey?> lookUp) : TlsPskIdentityManager
{
    /// <summary>The longest identity looked up; a product id and a device name are far shorter.</summary>
    public const int MaxIdentityBytes = 256;

    /// <summary>The key of the identity the client sent, once it has sent one that has a key.</summary>
    public TlsPskKey? Key { get; private set; }

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

        Key = lookUp(Encoding.UTF8.GetString(identity));
        UnknownIdentity = Key is null;
        return Key?.Key;
    }
}
