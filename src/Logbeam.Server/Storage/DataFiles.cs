namespace Logbeam.Server.Storage;

/// <summary>
/// The data directory holds every device's PSK and the admin key: it is made readable by the server's own user only
/// (the directory 0700, each file 0600), whatever the umask. No-ops on Windows, where the folder's ACL decides.
/// </summary>
public static class DataFiles
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) 0700; one that exists keeps the mode its owner gave it.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        Directory.CreateDirectory(full, PrivateDirectory);

        // mkdir applies the umask, which can only take bits away; setting the mode again makes it exact.
        File.SetUnixFileMode(full, PrivateDirectory);
    }

    /// <summary>
    /// Makes <paramref name="path"/> 0600, creating it empty if missing. SQLite creates a database's <c>-wal</c> and
    /// <c>-shm</c> with the database file's mode, so a database file made private first keeps them private too.
    /// </summary>
    public static void EnsurePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = PrivateFile };
        using (new FileStream(path, options))
        {
        }

        File.SetUnixFileMode(path, PrivateFile);
    }

    /// <summary>Makes <paramref name="path"/> 0600 if it exists (a file an older version left readable to others).</summary>
    public static void RestrictIfPresent(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, PrivateFile);
        }
    }

    /// <summary>A new file, 0600 from the moment it exists, for a secret to be written into.</summary>
    public static FileStream CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file.SafeFileHandle, PrivateFile);
        }

        return file;
    }
}
