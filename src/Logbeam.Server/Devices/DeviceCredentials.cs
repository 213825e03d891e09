using System.Security.Cryptography;

namespace Logbeam.Server.Devices;

/// <summary>Issues device secrets in the form the Tencent SDKs expect.</summary>
public static class DeviceCredentials
{
    /// <summary>
    /// A new pre-shared key: 16 random bytes in Base64, 24 characters. The SDKs Base64-decode it for MQTT
    /// and use its 24 characters as they are for HTTP signatures, so both uses work unchanged.
    /// </summary>
    public static string NewPsk() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether an imported PSK will work both ways: Base64 text that decodes to 8 to 64 bytes.</summary>
    public static bool IsUsablePsk(string psk)
    {
        Span<byte> decoded = stackalloc byte[64];
        return psk.Length is >= 12 and <= 88 && Convert.TryFromBase64String(psk, decoded, out var length) && length >= 8;
    }
}
