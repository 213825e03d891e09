using System.Security.Cryptography;
using System.Text.Json;
using Logbeam.Protocol;

namespace Logbeam.Device.Upload;

/// <summary>
/// One upload attempt: signs with a fresh timestamp and nonce, posts, and reads the answer defensively. Unlike the Java
/// SDK, an unexpected answer (no <c>Response</c>, not JSON, not 200) is a retry, never a crash and never a loss.
/// </summary>
internal sealed class ReportLogSender(HttpClient http, Uri uploadUri, RequestSigning signing, DeviceClock clock, TimeSpan timeout)
{
    public async Task<(SendOutcome Outcome, string? Error)> SendAsync(OutgoingBatch batch, CancellationToken cancellationToken)
    {
        long timestamp = clock.Now.ToUnixTimeSeconds();
        long nonce = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        using var request = signing.CreateRequest(uploadUri, batch.Body, timestamp, nonce);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            byte[] answer = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (SendOutcome.Retry, $"The platform answered HTTP {(int)response.StatusCode}.");
            }

            return Classify(answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SendOutcome.Retry, $"No answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            return (SendOutcome.Retry, ex.Message);
        }
        catch (IOException ex)
        {
            return (SendOutcome.Retry, ex.Message);
        }
    }

    /// <summary>Reads <c>{"Response":{"RequestId"}}</c> or <c>{"Response":{"Error":{"Code","Message"}}}</c> (§4.5).</summary>
    internal static (SendOutcome Outcome, string? Error) Classify(ReadOnlySpan<byte> answer)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Response", out var response)
                || response.ValueKind != JsonValueKind.Object)
            {
                return (SendOutcome.Retry, "The platform's answer has no Response object.");
            }

            if (!response.TryGetProperty("Error", out var error) || error.ValueKind is JsonValueKind.Null or JsonValueKind.False)
            {
                return (SendOutcome.Acknowledged, null);
            }

            string code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("Code", out var c) ? c.ToString() : "Unknown";
            string message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("Message", out var m) ? m.ToString() : string.Empty;
            var outcome = code is ReportLogErrorCodes.InvalidParameter or ReportLogErrorCodes.BodyTooLarge
                ? SendOutcome.Refused
                : SendOutcome.Retry;
            return (outcome, $"{code}: {message}");
        }
        catch (JsonException)
        {
            return (SendOutcome.Retry, "The platform's answer is not JSON.");
        }
    }
}
