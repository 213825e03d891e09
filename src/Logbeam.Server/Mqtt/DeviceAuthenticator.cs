using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Mqtt.Tls;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Checks an MQTT CONNECT as protocol.md §1.3 describes: the client id names a registered, enabled device; a key
/// device's username and HMAC password verify with its PSK; a certificate device presented its registered certificate
/// over mutual TLS (its password is ignored, as Tencent's broker does). Shared by the embedded broker and <c>/mqtt/auth</c>.
/// </summary>
public sealed class DeviceAuthenticator(DeviceRegistry registry, TimeProvider time)
{
    // Key devices in a rotation's overlap whose last TLS-PSK handshake with the current key failed.
    private readonly ConcurrentDictionary<string, byte> _pskOnPrevious = new(StringComparer.Ordinal);

    public DeviceAuthResult Authenticate(string? clientId, string? username, string? password, X509Certificate2? clientCertificate)
    {
        if (string.IsNullOrEmpty(clientId) || !TryResolve(clientId, out RegisteredDevice registered))
        {
            return new(ConnectOutcome.UnknownDevice, null);
        }

        var device = registered.Device;
        if (!device.Enabled)
        {
            return new(ConnectOutcome.Disabled, device);
        }

        if (device.AuthMode == DeviceAuthMode.Cert)
        {
            return new(IsRegisteredCertificate(device, clientCertificate) ? ConnectOutcome.Accepted : ConnectOutcome.CertificateRequired, device);
        }

        var now = time.GetUtcNow();
        var result = MqttCredentials.Verify(clientId, username, password, device.Psk!, now);
        var key = registered.Secret;

        // During a key rotation's overlap a password made with the previous key is let in too.
        if (result == MqttAuthResult.BadPassword && registered.Previous is { } previous && previous.IsValidAt(now)
            && MqttCredentials.Verify(clientId, username, password, previous.Secret.Psk!, now) == MqttAuthResult.Accepted)
        {
            previous.MarkUsed(now);
            result = MqttAuthResult.Accepted;
            key = previous.Secret;
        }

        var outcome = result switch
        {
            MqttAuthResult.Accepted => ConnectOutcome.Accepted,
            MqttAuthResult.ClientIdMismatch => ConnectOutcome.ClientIdMismatch,
            MqttAuthResult.Expired => ConnectOutcome.Expired,
            _ => ConnectOutcome.BadCredentials,
        };
        return new(outcome, device) { Key = outcome == ConnectOutcome.Accepted ? key : null };
    }

    /// <summary>
    /// The TLS-PSK key of the device whose client id is <paramref name="identity"/>: its PSK, Base64-decoded (protocol.md
    /// §1.2); null for an unknown, disabled or certificate device, which fails the handshake. During a key rotation's
    /// overlap the handshake can be keyed with one key only: the current one, until a handshake with it fails, and then
    /// the previous one, until a handshake with that fails (<see cref="TlsPskFailed"/>). So a device still on its old
    /// key connects on its next attempt.
    /// </summary>
    public TlsPskKey? TlsPskOf(string identity)
    {
        if (!TryResolve(identity, out RegisteredDevice registered))
        {
            return null;
        }

        var device = registered.Device;
        if (!device.Enabled || device.AuthMode != DeviceAuthMode.Key)
        {
            return null;
        }

        var onPrevious = registered.Previous is { } previous && previous.IsValidAt(time.GetUtcNow()) && _pskOnPrevious.ContainsKey(identity);
        if (!onPrevious && !_pskOnPrevious.IsEmpty)
        {
            _pskOnPrevious.TryRemove(identity, out _);
        }

        var secret = onPrevious ? registered.Previous!.Secret : registered.Secret;
        if (secret.Psk is null)
        {
            return null;
        }

        var key = new byte[secret.Psk.Length];
        return Convert.TryFromBase64String(secret.Psk, key, out var length) ? new TlsPskKey(identity, key[..length], secret, onPrevious) : null;
    }

    /// <summary>A TLS-PSK handshake keyed with <paramref name="key"/> failed: in an overlap, the next one tries the other key.</summary>
    public void TlsPskFailed(TlsPskKey key)
    {
        if (key.IsPrevious)
        {
            _pskOnPrevious.TryRemove(key.Identity, out _);
        }
        else if (TryResolve(key.Identity, out RegisteredDevice registered) && registered.Previous is { } previous && previous.IsValidAt(time.GetUtcNow()))
        {
            _pskOnPrevious[key.Identity] = 0;
        }
    }

    /// <summary>
    /// Checks a CONNECT that came over TLS-PSK: the handshake proved the client holds <paramref name="psk"/>, the key
    /// of the device its identity names, so no password is needed (the C SDK sends none), but the client id and the
    /// username must name that same device.
    /// </summary>
    public DeviceAuthResult AuthenticatePsk(string? clientId, string? username, TlsPskKey psk)
    {
        var pskIdentity = psk.Identity;
        if (clientId != pskIdentity
            || (username is not null && !username.AsSpan().StartsWith(pskIdentity + ";", StringComparison.Ordinal) && username != pskIdentity))
        {
            return new(ConnectOutcome.PskIdentityMismatch, null);
        }

        if (!TryResolve(pskIdentity, out RegisteredDevice registered))
        {
            return new(ConnectOutcome.UnknownDevice, null);
        }

        if (psk.IsPrevious)
        {
            registered.Previous?.MarkUsed(time.GetUtcNow());
        }

        return new(registered.Device.Enabled ? ConnectOutcome.Accepted : ConnectOutcome.Disabled, registered.Device) { Key = psk.Secret };
    }

    /// <summary>
    /// Splits a client id, <c>ProductId + DeviceName</c> run together, into a registered device: every product whose id
    /// starts the client id is tried, longest id first, and the rest must be one of its devices.
    /// </summary>
    public bool TryResolve(string clientId, out Device device)
    {
        var found = TryResolve(clientId, out RegisteredDevice registered);
        device = registered?.Device!;
        return found;
    }

    private bool TryResolve(string clientId, out RegisteredDevice device)
    {
        Product? best = null;
        device = null!;
        foreach (var product in registry.Products)
        {
            if (clientId.Length > product.ProductId.Length
                && clientId.StartsWith(product.ProductId, StringComparison.Ordinal)
                && (best is null || product.ProductId.Length > best.ProductId.Length)
                && registry.TryGetDevice(product.ProductId, clientId[product.ProductId.Length..], out var registered))
            {
                best = product;
                device = registered;
            }
        }

        return best is not null;
    }

    private bool IsRegisteredCertificate(Device device, X509Certificate2? presented)
    {
        if (presented is null || device.Certificate is null)
        {
            return false;
        }

        using var registered = X509Certificate2.CreateFromPem(device.Certificate);
        var now = time.GetUtcNow();
        return CryptographicOperations.FixedTimeEquals(registered.RawData, presented.RawData)
            && now >= presented.NotBefore.ToUniversalTime() && now <= presented.NotAfter.ToUniversalTime();
    }
}
