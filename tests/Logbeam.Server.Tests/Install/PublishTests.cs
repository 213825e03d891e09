using System.Runtime.InteropServices;
using System.Xml.Linq;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Install;

/// <summary>
/// An install as docs/operations.md describes it: the published server in a folder of its own with
/// deploy/appsettings.Production.json beside it, started from elsewhere, its data where the configuration says; the CLI
/// installed from the tool package.
/// </summary>
public sealed class PublishTests(PublishedBuild build) : IClassFixture<PublishedBuild>, IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = TempDirectory.Create("logbeam-install");

    [Fact]
    public async Task PublishedServer_StartedElsewhereWithTheProductionSettings_RunsTheWalkthrough_AndTheInstalledToolLists()
    {
        // As /opt/logbeam, /var/lib/logbeam and the folder systemd or an operator starts it from.
        var install = Path.Combine(_folder, "opt");
        CopyFolder(build.ServerFolder, install);
        File.Copy(Path.Combine(RepoRoot.Path, "deploy", "appsettings.Production.json"), Path.Combine(install, "appsettings.Production.json"));
        var state = Path.Combine(_folder, "state");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;

        // The example's data directory and public bind addresses give way to the test's, loopback only.
        await using var server = await ServerProcess.StartExecutableAsync(
            Path.Combine(install, "Logbeam.Server"),
            elsewhere,
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["LOGBEAM__Storage__DataDirectory"] = state },
            "--Mqtt:BindAddress", "127.0.0.1");

        // The systemd log format comes only from appsettings.Production.json: the settings beside the executable apply.
        Assert.Contains("<6>Microsoft.Hosting.Lifetime", server.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(state, "admin.key")), $"no admin.key in the configured data directory:\n{server.Output}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));

        Assert.Contains("<title>Logbeam console</title>", await server.Admin.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        await Walkthrough.RunAsync(elsewhere, Path.Combine(state, "admin.key"), server.BaseAddress);

        var tools = Path.Combine(_folder, "tools");
        var (installed, installOutput) = await ExternalProgram.RunAsync(
            ToolTimeout, "dotnet", "tool", "install", "--tool-path", tools, "--add-source", build.ToolSource, "Logbeam.Cli");
        Assert.True(installed == 0, $"dotnet tool install failed ({installed}):\n{installOutput}");

        var logbeam = Path.Combine(tools, "logbeam");
        var environment = new Dictionary<string, string>
        {
            // The tool's launcher looks for .NET there; the one running these tests will do.
            ["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
            ["XDG_CONFIG_HOME"] = Directory.CreateDirectory(Path.Combine(_folder, "config")).FullName,
            ["LOGBEAM_SERVER"] = server.BaseAddress.ToString(),
            ["LOGBEAM_API_KEY"] = (await File.ReadAllTextAsync(Path.Combine(state, "admin.key"))).Trim(),
        };
        var (versionExit, version) = await ExternalProgram.RunAsync(ToolTimeout, environment, logbeam, "--version");
        Assert.True(versionExit == 0, $"logbeam --version failed ({versionExit}):\n{version}");
        Assert.StartsWith(CliVersion(), version.Trim(), StringComparison.Ordinal);

        var (listExit, devices) = await ExternalProgram.RunAsync(ToolTimeout, environment, logbeam, "devices", "list", "DEMO000001");
        Assert.True(listExit == 0, $"logbeam devices list failed ({listExit}):\n{devices}");
        Assert.Contains("sensor-1", devices, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.Delete(_folder);

    private static string CliVersion() =>
        XDocument.Load(Path.Combine(RepoRoot.Path, "src", "Logbeam.Cli", "Logbeam.Cli.csproj")).Descendants("Version").Single().Value;

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
