using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>The MQTT CONNECT username and password of key-authenticated devices (§1.1, §1.3).</summary>
public static class MqttCredentials
{
    private const string HmacSha1Suffix = "hmacsha1";
    private const string HmacSha256Suffix = "hmacsha256";
    private const int MaxStackKeyChars = 256;

    /// <summary>
    /// Splits a username into exactly four <c>;</c>-separated fields: client id, numeric SDK app id, connection id and
    /// an unsigned 64-bit expiry.
    /// </summary>
    /// <param name="username">The CONNECT username.</param>
    /// <param name="parsed">The fields when the username is well formed.</param>
    /// <returns><see langword="true"/> when the username is well formed.</returns>
    public static bool TryParseUsername(string? username, out MqttUsername parsed)
    {
        parsed = default;
        if (username is null)
        {
            return false;
        }

        Span<Range> fields = stackalloc Range[5];
        ReadOnlySpan<char> text = username;
        if (text.Split(fields, ';') != 4)
        {
            return false;
        }

        ReadOnlySpan<char> clientId = text[fields[0]];
        ReadOnlySpan<char> sdkAppId = text[fields[1]];
        if (clientId.IsEmpty || sdkAppId.IsEmpty || sdkAppId.ContainsAnyExceptInRange('0', '9')
            || !ulong.TryParse(text[fields[3]], NumberStyles.None, CultureInfo.InvariantCulture, out ulong expiry))
        {
            return false;
        }

        parsed = new MqttUsername(clientId.ToString(), sdkAppId.ToString(), text[fields[2]].ToString(), expiry);
        return true;
    }

    /// <summary>
    /// Checks a CONNECT username and password (§1.3 steps 1–3): four username fields with the first equal to the
    /// client id; an expiry not before <paramref name="now"/> in seconds (so <c>LONG_MAX</c>, 2147483647, [P]'s
    /// milliseconds and now+600 all pass); and <c>hex(HMAC(Base64-decoded PSK, username))</c> with the hash named after
    /// the password's last <c>;</c>, compared ignoring case, in constant time.
    /// </summary>
    /// <param name="clientId">The CONNECT client id.</param>
    /// <param name="username">The CONNECT username.</param>
    /// <param name="password">The CONNECT password as text.</param>
    /// <param name="psk">The device PSK as issued (Base64); one that does not decode fails with <see cref="MqttAuthResult.BadPassword"/>.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The first check that failed, or <see cref="MqttAuthResult.Accepted"/>.</returns>
    public static MqttAuthResult Verify(string clientId, string? username, string? password, string psk, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(psk);
        if (!TryParseUsername(username, out MqttUsername parsed))
        {
            return MqttAuthResult.MalformedUsername;
        }

        if (!string.Equals(parsed.ClientId, clientId, StringComparison.Ordinal))
        {
            return MqttAuthResult.ClientIdMismatch;
        }

        long nowSeconds = now.ToUnixTimeSeconds();
        if (nowSeconds > 0 && parsed.Expiry < (ulong)nowSeconds)
        {
            return MqttAuthResult.Expired;
        }

        if (password is null)
        {
            return MqttAuthResult.BadPassword;
        }

        int separator = password.LastIndexOf(';');
        if (separator < 0 || !TryParseMethod(password.AsSpan(separator + 1), out MqttPasswordMethod method))
        {
            return MqttAuthResult.UnknownMethod;
        }

        return PasswordMatches(username!, password.AsSpan(0, separator), psk, method)
            ? MqttAuthResult.Accepted
            : MqttAuthResult.BadPassword;
    }

    /// <summary>Builds <c>{productId}{deviceName};{sdkAppId};{connectionId};{expiry}</c>.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <param name="sdkAppId">The SDK app id, for example <c>21010406</c>.</param>
    /// <param name="connectionId">The connection id, usually 5 random alphanumerics.</param>
    /// <param name="expiry">The expiry in Unix seconds, or <c>long.MaxValue</c> as the C SDK sends.</param>
    /// <returns>The username.</returns>
    public static string CreateUsername(string productId, string deviceName, string sdkAppId, string connectionId, ulong expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{productId}{deviceName};{sdkAppId};{connectionId};{expiry}");

    /// <summary>Builds <c>lowercase_hex(HMAC(Base64-decoded PSK, UTF8(username))) + ";hmacsha1"</c> (or <c>";hmacsha256"</c>).</summary>
    /// <param name="username">The username the password is for.</param>
    /// <param name="psk">The device PSK as issued (Base64).</param>
    /// <param name="method">The HMAC to use.</param>
    /// <returns>The password.</returns>
    /// <exception cref="FormatException"><paramref name="psk"/> is not Base64.</exception>
    public static string CreatePassword(string username, string psk, MqttPasswordMethod method)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(psk);
        byte[] key = Convert.FromBase64String(psk);
        byte[] mac = method == MqttPasswordMethod.HmacSha1
            ? HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(username))
            : HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(username));
        CryptographicOperations.ZeroMemory(key);
        return string.Concat(Convert.ToHexStringLower(mac), ";", method == MqttPasswordMethod.HmacSha1 ? HmacSha1Suffix : HmacSha256Suffix);
    }

    /// <summary>The MQTT client id: <c>productId + deviceName</c>.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The client id.</returns>
    public static string ClientId(string productId, string deviceName) => string.Concat(productId, deviceName);

    private static bool TryParseMethod(ReadOnlySpan<char> text, out MqttPasswordMethod method)
    {
        if (text.Equals(HmacSha1Suffix, StringComparison.OrdinalIgnoreCase))
        {
            method = MqttPasswordMethod.HmacSha1;
            return true;
        }

        method = MqttPasswordMethod.HmacSha256;
        return text.Equals(HmacSha256Suffix, StringComparison.OrdinalIgnoreCase);
    }

    private static bool PasswordMatches(string username, ReadOnlySpan<char> hex, string psk, MqttPasswordMethod method)
    {
        int macLength = method == MqttPasswordMethod.HmacSha1 ? HMACSHA1.HashSizeInBytes : HMACSHA256.HashSizeInBytes;
        Span<byte> provided = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != macLength * 2 || Convert.FromHexString(hex, provided, out _, out _) != OperationStatus.Done)
        {
            return false;
        }

        // Issued PSKs are 24 Base64 characters (16 bytes); the heap is only for unusual ones.
        Span<byte> key = psk.Length <= MaxStackKeyChars ? stackalloc byte[MaxStackKeyChars] : new byte[psk.Length];
        if (!Convert.TryFromBase64String(psk, key, out int keyLength))
        {
            return false;
        }

        byte[] message = Encoding.UTF8.GetBytes(username);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        int length = method == MqttPasswordMethod.HmacSha1
            ? HMACSHA1.HashData(key[..keyLength], message, expected)
            : HMACSHA256.HashData(key[..keyLength], message, expected);
        CryptographicOperations.ZeroMemory(key);
        return CryptographicOperations.FixedTimeEquals(expected[..length], provided[..macLength]);
    }
}
