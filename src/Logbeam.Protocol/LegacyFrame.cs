using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>
/// The text frame of the legacy <c>POST /cgi-bin/report-log</c> upload (§5.2): a 112-byte header
/// (signature, auth type, <c>###</c>, ProductId, DeviceName, timestamp) followed by <c>LF FF</c>-terminated lines.
/// </summary>
public readonly struct LegacyFrame
{
    /// <summary>The length of the fixed header; the lines start at this offset.</summary>
    public const int HeaderLength = 112;

    private const int SignatureLength = 40;
    private const int AuthTypeOffset = 40;
    private const int ReservedOffset = 41;
    private const int ProductIdOffset = 44;
    private const int ProductIdLength = 10;
    private const int DeviceNameOffset = 54;
    private const int DeviceNameLength = 48;
    private const int TimestampOffset = 102;
    private const int TimestampLength = 10;
    private const long MaxTimestamp = 9_999_999_999;

    private readonly ReadOnlyMemory<byte> _frame;

    private LegacyFrame(ReadOnlyMemory<byte> frame, char authType, string productId, string deviceName, long timestamp)
    {
        _frame = frame;
        AuthType = authType;
        ProductId = productId;
        DeviceName = deviceName;
        Timestamp = timestamp;
    }

    /// <summary>The auth type byte: <c>P</c> for a PSK device, <c>C</c> for a certificate device.</summary>
    public char AuthType { get; }

    /// <summary>The ProductId with its trailing <c>#</c> and NUL padding removed (§8 rule 18).</summary>
    public string ProductId { get; }

    /// <summary>The DeviceName with its trailing <c>#</c> and NUL padding removed.</summary>
    public string DeviceName { get; }

    /// <summary>The header timestamp in seconds; 0 when the device had no time sync.</summary>
    public long Timestamp { get; }

    /// <summary>The log line bytes, from offset 112 to the end of the frame.</summary>
    public ReadOnlyMemory<byte> Lines => _frame.IsEmpty ? ReadOnlyMemory<byte>.Empty : _frame[HeaderLength..];

    /// <summary>Reads and checks the header of a frame. The lines are not examined.</summary>
    /// <param name="frame">The request body.</param>
    /// <param name="result">The frame when the status is <see cref="LegacyFrameStatus.Ok"/>; otherwise <see langword="default"/>.</param>
    /// <returns>The first header problem found, in field order, or <see cref="LegacyFrameStatus.Ok"/>.</returns>
    public static LegacyFrameStatus TryParse(ReadOnlyMemory<byte> frame, out LegacyFrame result)
    {
        result = default;
        ReadOnlySpan<byte> bytes = frame.Span;
        if (bytes.Length < HeaderLength)
        {
            return LegacyFrameStatus.TooShort;
        }

        if (!IsHex(bytes[..SignatureLength]))
        {
            return LegacyFrameStatus.BadSignatureField;
        }

        byte authType = bytes[AuthTypeOffset];
        if (authType is not ((byte)'P' or (byte)'C'))
        {
            return LegacyFrameStatus.BadAuthType;
        }

        if (!bytes.Slice(ReservedOffset, 3).SequenceEqual("###"u8))
        {
            return LegacyFrameStatus.BadReserved;
        }

        if (!TryReadPaddedField(bytes.Slice(ProductIdOffset, ProductIdLength), out string productId))
        {
            return LegacyFrameStatus.BadProductId;
        }

        if (!TryReadPaddedField(bytes.Slice(DeviceNameOffset, DeviceNameLength), out string deviceName))
        {
            return LegacyFrameStatus.BadDeviceName;
        }

        long timestamp = 0;
        foreach (byte digit in bytes.Slice(TimestampOffset, TimestampLength))
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return LegacyFrameStatus.BadTimestamp;
            }

            timestamp = (timestamp * 10) + (digit - '0');
        }

        result = new LegacyFrame(frame, (char)authType, productId, deviceName, timestamp);
        return LegacyFrameStatus.Ok;
    }

    /// <summary>
    /// Checks the signature field against <c>hex(HMAC-SHA1(first 24 chars of signKey, frame[40..]))</c>, ignoring hex
    /// case, in constant time.
    /// </summary>
    /// <param name="signKey">
    /// The device's legacy key, <see cref="DeviceSecret.LegacySignKey"/>; only its first 24 characters are used.
    /// </param>
    /// <returns><see langword="true"/> when the signature matches.</returns>
    public bool VerifySignature(string signKey)
    {
        ArgumentNullException.ThrowIfNull(signKey);
        if (_frame.Length < HeaderLength)
        {
            return false;
        }

        ReadOnlySpan<byte> frame = _frame.Span;
        Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Span<byte> provided = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Sign(signKey, frame[AuthTypeOffset..], expected);

        // Decoding the hex compares case-insensitively without branching on the secret.
        Span<char> field = stackalloc char[SignatureLength];
        Encoding.ASCII.GetChars(frame[..SignatureLength], field);
        return Convert.FromHexString(field, provided, out _, out _) == OperationStatus.Done
            && CryptographicOperations.FixedTimeEquals(expected, provided);
    }

    /// <summary>
    /// Writes the signature field decoded: the 20 bytes of HMAC-SHA1, the same whatever the case of its hex digits, so
    /// a frame resent with its signature in the other case is recognised as the same frame.
    /// </summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <returns>The number of bytes written: 20, or 0 for a <see langword="default"/> frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public int CopySignatureTo(Span<byte> destination)
    {
        if (destination.Length < HMACSHA1.HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold the 20 bytes of an HMAC-SHA1.", nameof(destination));
        }

        if (_frame.Length < HeaderLength)
        {
            return 0;
        }

        Span<char> field = stackalloc char[SignatureLength];
        Encoding.ASCII.GetChars(_frame.Span[..SignatureLength], field);
        return Convert.FromHexString(field, destination, out _, out int written) == OperationStatus.Done ? written : 0;
    }

    /// <summary>Builds a signed frame the way the C SDK does (§5.2).</summary>
    /// <param name="authType"><c>P</c> or <c>C</c>.</param>
    /// <param name="productId">The ProductId; padded with <c>#</c> or cut to 10 bytes, as [C] copies 10 bytes.</param>
    /// <param name="deviceName">The DeviceName, at most 48 ASCII characters; padded with <c>#</c>.</param>
    /// <param name="timestamp">The timestamp, 0 to 9999999999, written as 10 zero-padded digits.</param>
    /// <param name="lines">The line bytes, each line ending in <c>LF FF</c>.</param>
    /// <param name="signKey">The key; only its first 24 characters are used.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="ArgumentException">An argument cannot be represented in the frame.</exception>
    public static byte[] Build(char authType, string productId, string deviceName, long timestamp, ReadOnlySpan<byte> lines, string signKey)
    {
        ArgumentNullException.ThrowIfNull(productId);
        ArgumentNullException.ThrowIfNull(deviceName);
        ArgumentNullException.ThrowIfNull(signKey);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, MaxTimestamp);
        if (authType is not ('P' or 'C'))
        {
            throw new ArgumentException("The auth type must be 'P' (PSK) or 'C' (certificate).", nameof(authType));
        }

        if (deviceName.Length > DeviceNameLength || !Ascii.IsValid(deviceName) || !Ascii.IsValid(productId))
        {
            throw new ArgumentException("ProductId and DeviceName must be ASCII, and DeviceName at most 48 characters.", nameof(deviceName));
        }

        byte[] frame = new byte[HeaderLength + lines.Length];
        frame[AuthTypeOffset] = (byte)authType;
        "###"u8.CopyTo(frame.AsSpan(ReservedOffset));
        WritePaddedField(productId, frame.AsSpan(ProductIdOffset, ProductIdLength));
        WritePaddedField(deviceName, frame.AsSpan(DeviceNameOffset, DeviceNameLength));
        timestamp.TryFormat(frame.AsSpan(TimestampOffset, TimestampLength), out _, "D10", null);
        lines.CopyTo(frame.AsSpan(HeaderLength));

        Span<byte> signature = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Sign(signKey, frame.AsSpan(AuthTypeOffset), signature);
        Span<char> hex = stackalloc char[SignatureLength];
        Convert.TryToHexStringLower(signature, hex, out _);
        Encoding.ASCII.GetBytes(hex, frame);
        return frame;
    }

    /// <summary>Parses <see cref="Lines"/> as UTF-8 text with <see cref="LogLineParser"/>.</summary>
    /// <param name="output">The list the lines are appended to.</param>
    /// <param name="maxContentLength">The most characters kept per line in its tag and content together.</param>
    /// <param name="truncated">Incremented for every line that was cut.</param>
    /// <returns>The number of lines appended.</returns>
    public int ParseLines(List<LogLine> output, int maxContentLength, ref int truncated)
    {
        ReadOnlySpan<byte> lines = Lines.Span;
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(lines.Length, 1));
        try
        {
            int length = Encoding.UTF8.GetChars(lines, buffer);
            return LogLineParser.Parse(buffer.AsSpan(0, length), output, maxContentLength, ref truncated);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Sign(string signKey, ReadOnlySpan<byte> signed, Span<byte> destination)
    {
        ReadOnlySpan<char> key = signKey.AsSpan(0, Math.Min(signKey.Length, DeviceSecret.SignKeyLength));
        Span<byte> keyBytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(DeviceSecret.SignKeyLength)];
        int keyLength = Encoding.UTF8.GetBytes(key, keyBytes);
        HMACSHA1.HashData(keyBytes[..keyLength], signed, destination);
        CryptographicOperations.ZeroMemory(keyBytes);
    }

    private static bool IsHex(ReadOnlySpan<byte> field)
    {
        foreach (byte b in field)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    // §8 rule 18: [C] copies 10 ProductId bytes whatever the id's length and pads names with '#'.
    private static bool TryReadPaddedField(ReadOnlySpan<byte> field, out string value)
    {
        value = string.Empty;
        ReadOnlySpan<byte> trimmed = field.TrimEnd("#\0"u8);
        foreach (byte b in trimmed)
        {
            if (b is < 0x20 or > 0x7E or (byte)'#')
            {
                return false;
            }
        }

        if (trimmed.IsEmpty)
        {
            return false;
        }

        value = Encoding.ASCII.GetString(trimmed);
        return true;
    }

    private static void WritePaddedField(string value, Span<byte> field)
    {
        field.Fill((byte)'#');
        Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, field.Length)), field);
    }
}
