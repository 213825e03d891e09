namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>Whether a program the tests drive is on the PATH.</summary>
internal static class ExternalTool
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
