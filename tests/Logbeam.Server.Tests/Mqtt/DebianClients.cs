using System.Globalization;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>Command lines for the Debian MQTT clients (mosquitto-clients, python3-paho-mqtt) the tests run as devices.</summary>
internal static class DebianClients
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static string MosquittoRr => ExternalProgram.Require("mosquitto_rr", "mosquitto-clients");

    public static string MosquittoSub => ExternalProgram.Require("mosquitto_sub", "mosquitto-clients");

    public static string MosquittoPub => ExternalProgram.Require("mosquitto_pub", "mosquitto-clients");

    /// <summary>
    /// Starts a mosquitto client with its stdout line-buffered (through coreutils' stdbuf), so that its <c>-d</c>
    /// lines, such as "received SUBACK", can be awaited while it runs rather than read when it exits.
    /// </summary>
    public static RunningProgram StartLineBuffered(string program, params string[] arguments) =>
        ExternalProgram.Start(ExternalProgram.Require("stdbuf", "coreutils"), ["-oL", program, .. arguments]);

    /// <summary>Connection arguments shared by the three mosquitto clients; <c>-V mqttv311</c>, <c>mqttv5</c> or <c>mqttv31</c>.</summary>
    public static string[] Connection(int port, SdkCredentials credentials, string version, params string[] extra) =>
    [
        "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", version,
        "-i", credentials.ClientId, "-u", credentials.Username, "-P", credentials.Password, .. extra,
    ];

    /// <summary>Sends one request with mosquitto_rr and returns the reply it printed.</summary>
    public static async Task<string> RequestAsync(string requestTopic, string resultTopic, string payload, string[] connection)
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Patience, MosquittoRr, [.. connection, "-t", requestTopic, "-e", resultTopic, "-m", payload, "-W", "10"]);
        Assert.True(exitCode == 0, $"mosquitto_rr exited with {exitCode}: {output}");
        return output.Trim();
    }

    /// <summary>Starts the Python SDK-style device script with the system's paho-mqtt.</summary>
    public static RunningProgram StartPythonDevice(int port, string productId, string deviceName, SdkCredentials credentials, params string[] extra)
    {
        var python = ExternalProgram.RequirePythonWithPaho();
        var script = Path.Combine(AppContext.BaseDirectory, "Mqtt", "Scripts", "python_sdk_device.py");
        return ExternalProgram.Start(python,
        [
            script, "--port", port.ToString(CultureInfo.InvariantCulture), "--product", productId, "--device", deviceName,
            "--username", credentials.Username, "--password", credentials.Password, .. extra,
        ]);
    }
}
