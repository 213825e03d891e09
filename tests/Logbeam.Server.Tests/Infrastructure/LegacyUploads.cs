using System.Net;
using System.Text.Json;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>Posts legacy frames (<c>/cgi-bin/report-log</c>) as the C SDK does.</summary>
internal static class LegacyUploads
{
    /// <summary>Sends a frame and returns its Retcode and Message, asserting the HTTP 200 and that a refusal says why.</summary>
    public static async Task<(int Retcode, string? Message)> PostAsync(HttpClient device, byte[] frame)
    {
        using var content = new ByteArrayContent(frame);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain;charset=utf-8");
        using var response = await device.PostAsync("/cgi-bin/report-log", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var retcode = answer.GetProperty("Retcode").GetInt32();
        if (retcode == 0)
        {
            return (0, null);
        }

        var message = answer.GetProperty("Message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return (retcode, message);
    }
}
