namespace Logbeam.Protocol.Tests;

/// <summary>
/// The protocol.md §7 vector files: the in-repo copy beside the test binaries, else the shared folder next to the repo.
/// </summary>
internal static class Vectors
{
    public const string ProductId = "ABCDE12345";
    public const string DeviceName = "dev001";
    public const string Psk = "c2VjcmV0LXBzay0xMjM0NQ==";
    public const string Host = "ap-guangzhou.gateway.tencentdevices.com";
    public const long Timestamp = 1700000000;

    public static readonly string[] FileNames =
        ["java_body.json", "c_body.json", "legacy_frame.bin", "dev_cert.pem", "dev_key_pkcs8.pem", "dev_pub.pem"];

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The repository root: the first directory above the test binaries holding Logbeam.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Logbeam.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} contains Logbeam.slnx; run the tests from the repository.");
    }

    /// <summary>The shared vectors folder beside the repository (&lt;root&gt;/shared/vectors), or null when absent.</summary>
    public static string? SharedFolder()
    {
        string folder = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "vectors"));
        return Directory.Exists(folder) ? folder : null;
    }

    private static string PathOf(string name)
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "Vectors", name);
        if (File.Exists(copied))
        {
            return copied;
        }

        string? shared = SharedFolder();
        if (shared is not null && File.Exists(Path.Combine(shared, name)))
        {
            return Path.Combine(shared, name);
        }

        throw new FileNotFoundException(
            $"Vector file {name} is neither in tests/Logbeam.Protocol.Tests/Vectors nor in ../shared/vectors; restore it from protocol.md §7.", name);
    }
}
