using System.Security.Cryptography;
using System.Text;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary>The admin API key in force: configured, or generated once and kept in the data directory.</summary>
public sealed class AdminKey
{
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
    }

    /// <summary>Constant-time check of a presented key.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> bytes = stackalloc byte[256];
        if (presented.Length > 200 || Encoding.UTF8.GetByteCount(presented) > bytes.Length)
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
        var key = "lb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

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
