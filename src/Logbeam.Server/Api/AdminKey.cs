using System.Security.Cryptography;
using System.Text;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary>The admin API key in force: configured, or generated once and kept in the data directory.</summary>
public sealed class AdminKey
{
    // The longest key, in UTF-8 bytes: a presented key is compared from a stack buffer of this size, so a longer one
    // could never match. Far above a generated key (51 characters) or any sensible configured one.
    private const int MaxKeyBytes = 256;

    // A generated key's random bytes: 192 bits, beyond guessing.
    private const int GeneratedKeyBytes = 24;

    private readonly byte[] _key;

    public AdminKey(IOptions<ApiOptions> api, IOptions<StorageOptions> storage, ILogger<AdminKey> logger)
    {
        var configured = api.Value.AdminKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, "admin.key"));
            configured = ReadOrCreate(path, logger);
        }

        _key = Encoding.UTF8.GetBytes(configured.Trim());
        if (_key.Length > MaxKeyBytes)
        {
            throw new InvalidOperationException($"Api:AdminKey is longer than {MaxKeyBytes} bytes; configure a shorter key.");
        }
    }

    /// <summary>Constant-time check of a presented key.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        // UTF-8 takes at least a byte a character: the length alone refuses a long key before it is measured.
        Span<byte> bytes = stackalloc byte[MaxKeyBytes];
        if (presented.Length > MaxKeyBytes || Encoding.UTF8.GetByteCount(presented) > MaxKeyBytes)
        {
            return false;
        }

        var length = Encoding.UTF8.GetBytes(presented, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..length], _key);
    }

    private static string ReadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        DataFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = "lb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

        // No byte-order mark: the file holds the key and nothing else, so `ADMIN_KEY=$(cat data/admin.key)` works.
        using (var file = new StreamWriter(DataFiles.CreatePrivate(path), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            file.Write(key);
        }

        // Printed once, on the run that made it: the operator's only chance to see it without reading the file.
        ApiLog.AdminKeyGenerated(logger, path, key);
        return key;
    }
}
