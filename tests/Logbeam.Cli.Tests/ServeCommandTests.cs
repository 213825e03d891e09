using System.Net.Http.Headers;

namespace Logbeam.Cli.Tests;

/// <summary><c>logbeam serve</c> runs the platform with the server's own options, and stops on Ctrl-C.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_RunsThePlatform_ThatTheOtherCommandsTalkTo()
    {
        var data = TempDirectory.Create("logbeam-cli-serve");
        try
        {
            var cli = new CliRun();
            await using var serve = cli.StartLong(
                "serve", "--urls", "http://127.0.0.1:0", "--Storage:DataDirectory", data, "--Api:AdminKey", "serve-key",
                "--Mqtt:Port", "0", "--Mqtt:TlsPort", "0", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information");
            var listening = serve.WaitFor("Now listening on: ", TimeSpan.FromSeconds(60));
            var address = new Uri(listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim());

            using var http = new HttpClient { BaseAddress = address };
            var console = await http.GetStringAsync("/");
            var created = await new CliRun(address, "serve-key").RunAsync("products", "create", "SERVED0001");

            Assert.Contains("Logbeam", console, StringComparison.Ordinal);
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.True(File.Exists(Path.Combine(data, "logbeam.db")));
            Assert.Equal(0, await serve.InterruptAsync());
        }
        finally
        {
            TempDirectory.Delete(data);
        }
    }
}
