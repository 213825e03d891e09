namespace Logbeam.Testing;

/// <summary>The protocol's test vectors (protocol.md §7), kept in the protocol test project.</summary>
public static class Vectors
{
    public const string ProductId = "ABCDE12345";
    public const string DeviceName = "dev001";
    public const string Psk = "c2VjcmV0LXBzay0xMjM0NQ==";

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(RepoRoot.Path, "tests", "Logbeam.Protocol.Tests", "Vectors", name));

    public static string ReadText(string name) => File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Logbeam.Protocol.Tests", "Vectors", name));
}
