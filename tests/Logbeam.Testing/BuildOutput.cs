namespace Logbeam.Testing;

/// <summary>The built programs of the solution (<c>src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0</c>), to start as processes.</summary>
public static class BuildOutput
{
    /// <summary>The configuration this code was built in, so that tests start the programs built with them.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>
    /// <c>src/<paramref name="project"/>/bin/<paramref name="configuration"/>/net10.0/<paramref name="project"/>.dll</c>;
    /// fails with how to build it when it is missing.
    /// </summary>
    public static string Dll(string project, string configuration = Configuration)
    {
        var dll = Path.Combine(RepoRoot.Path, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution ('dotnet build Logbeam.slnx -c {configuration}') first.");
    }
}
