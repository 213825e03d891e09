namespace Logbeam.Testing;

/// <summary>
/// The repository root: the nearest folder holding Logbeam.slnx above the running binaries, else above the current
/// directory (a bench copied elsewhere but run from inside the repository).
/// </summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find() =>
        Above(AppContext.BaseDirectory) ?? Above(Environment.CurrentDirectory) ?? throw new InvalidOperationException(
            $"Logbeam.slnx not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run from inside the Logbeam repository.");

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Logbeam.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
