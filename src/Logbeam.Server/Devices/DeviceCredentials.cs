using System.Security.Cryptography;

namespace Logbeam.Server.Devices;

/// <summary>Issues device secrets in the form the Tencent SDKs expect.</summary>
public static class DeviceCredentials
{
    // A new PSK's random bytes: 128 bits, as the keys Tencent issues.
    private const int NewPskBytes = 16;

    // An imported PSK's decoded length: the range of the keys Tencent issues, which the SDKs decode for MQTT.
    private const int MinPskBytes = 8;
    private const int MaxPskBytes = 64;

    /// <summary>
    /// A new pre-shared key: 16 random bytes in Base64, 24 characters. The SDKs Base64-decode it for MQTT
    /// and use its 24 characters as they are for HTTP signatures, so both uses work unchanged.
    /// </summary>
    public static string NewPsk() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(NewPskBytes));

    /// <summary>Whether an imported PSK will work both ways: Base64 text that decodes to 8 to 64 bytes.</summary>
    public static bool IsUsablePsk(string psk)
    {
        // Base64 takes 4 characters for every 3 bytes begun: a text of another length cannot decode to 8-64 bytes.
        Span<byte> decoded = stackalloc byte[MaxPskBytes];
        return psk.Length >= Base64Length(MinPskBytes) && psk.Length <= Base64Length(MaxPskBytes)
            && Convert.TryFromBase64String(psk, decoded, out var length) && length >= MinPskBytes;
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;
}
