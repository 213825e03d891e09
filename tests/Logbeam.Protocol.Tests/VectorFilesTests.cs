namespace Logbeam.Protocol.Tests;

public class VectorFilesTests
{
    [Fact]
    public void InRepoCopies_MatchSharedVectors_ByteForByte()
    {
        string? shared = Vectors.SharedFolder();
        if (shared is null)
        {
            // The repository may be cloned without the shared folder; the in-repo copies are then the reference.
            return;
        }

        string inRepo = Path.Combine(Vectors.RepositoryRoot(), "tests", "Logbeam.Protocol.Tests", "Vectors");
        foreach (string name in Vectors.FileNames)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(shared, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(inRepo, name))),
                $"{name} differs from ../shared/vectors/{name}");
        }
    }

    [Fact]
    public void VectorFiles_AreCopiedBesideTheTests()
    {
        foreach (string name in Vectors.FileNames)
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Vectors", name)), $"{name} is not copied to the output");
        }
    }
}
