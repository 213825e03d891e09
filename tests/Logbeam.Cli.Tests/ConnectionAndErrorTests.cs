using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Logbeam.Cli.Tests;

/// <summary>Where the server and key come from (option, environment, login file), and what a person sees when they are wrong.</summary>
public sealed class ConnectionAndErrorTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task NoServerListening_ExitsUnreachable_WithWhatToCheck()
    {
        var result = await new CliRun(new Uri($"http://127.0.0.1:{ClosedPort()}"), LogbeamServer.AdminKey).RunAsync("products", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: Cannot reach the Logbeam server at http://127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("check --server or LOGBEAM_SERVER", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKey_ExitsUnauthorized_WithWhereTheKeyIs()
    {
        var result = await new CliRun(server.BaseAddress, "not-the-key").RunAsync("products", "list");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("refused the API key", result.Error, StringComparison.Ordinal);
        Assert.Contains("admin.key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKeyAtAll_ExitsUnauthorized_SayingHowToGiveOne()
    {
        var result = await new CliRun(server.BaseAddress).RunAsync("products", "list");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("pass --api-key, set LOGBEAM_API_KEY, or run 'logbeam login'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomethingElseAnswering_IsNotTakenForLogbeam()
    {
        // A server that answers 404 to everything, as a wrong port on a web server does.
        using var listener = new HttpListener();
        var port = ClosedPort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    context.Response.StatusCode = 404;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
            }
        });

        var result = await new CliRun(new Uri($"http://127.0.0.1:{port}"), "k").RunAsync("products", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not answer like a Logbeam server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionsWinOverEnvironment()
    {
        var cli = new CliRun(new Uri($"http://127.0.0.1:{ClosedPort()}"), "wrong");

        var result = await cli.RunAsync("products", "list", "--json", "--server", server.BaseAddress.ToString(), "--api-key", LogbeamServer.AdminKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(result.Output).RootElement.ValueKind);
    }

    [Fact]
    public async Task Login_ChecksTheKey_SavesItReadableByTheOwnerOnly_AndLaterCommandsUseIt()
    {
        var cli = new CliRun();

        var refused = await cli.RunAsync("login", "--server", server.BaseAddress.ToString(), "--api-key", "wrong");
        var configPath = Path.Combine(cli.ConfigHome, "logbeam", "config.json");
        Assert.Equal(4, refused.ExitCode);
        Assert.False(File.Exists(configPath));

        var login = await cli.RunAsync("login", "--server", server.BaseAddress.ToString(), "--api-key", LogbeamServer.AdminKey);
        var later = await cli.RunAsync("products", "list", "--json");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Signed in to", login.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configPath));
        }

        var saved = JsonDocument.Parse(File.ReadAllText(configPath)).RootElement;
        Assert.Equal(LogbeamServer.AdminKey, saved.GetProperty("apiKey").GetString());
        Assert.True(later.ExitCode == 0, later.ToString());
    }

    [Fact]
    public async Task Login_WithoutAKeyAndNoTerminal_SaysHowToGiveIt()
    {
        var result = await new CliRun().RunAsync("login", "--server", server.BaseAddress.ToString());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--api-key", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("devices")]
    [InlineData("products", "list", "--no-such-option")]
    [InlineData("level", "set", "P/d")]
    public async Task AMalformedCommandLine_ExitsWithUsage(params string[] args)
    {
        var result = await new CliRun(server.BaseAddress, LogbeamServer.AdminKey).RunAsync(args);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await new CliRun().RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "login", "products", "devices", "level", "logs" })
        {
            Assert.Contains("  " + command + " ", result.Output, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
