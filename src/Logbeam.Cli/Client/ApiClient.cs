using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Logbeam.Cli.Client;

/// <summary>
/// The management API over HTTP, answers as JSON. Every failure becomes a <see cref="CliException"/> that says what
/// went wrong and what to do, with the matching exit code.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public ApiClient(Connection connection, HttpMessageHandler? handler = null)
    {
        Connection = connection;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = connection.Server,
            Timeout = Timeout.InfiniteTimeSpan, // per request instead: the live tail runs for as long as it is wanted
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("logbeam-cli/" + (typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (connection.ApiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        }
    }

    public Connection Connection { get; }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonElement> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonElement> PatchAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>
    /// Follows a Server-Sent Events stream, yielding each event's data as JSON. <paramref name="onConnected"/> is called once
    /// the server has answered, which is when its starting point is fixed: lines committed after that are all seen. When
    /// the connection drops, reconnects with <c>Last-Event-ID</c> (so no line is lost or repeated) and tells <paramref name="onReconnect"/>.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> StreamAsync(
        string path, Action onConnected, Action<string> onReconnect, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastId = null;
        var connectedOnce = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.ParseAdd("text/event-stream");
                if (lastId is not null)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId);
                }

                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (connectedOnce)
            {
                onReconnect($"still cannot reach {Connection.Server} ({ex.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ex);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
                }

                if (!connectedOnce)
                {
                    onConnected();
                }

                connectedOnce = true;
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (await NextOrDroppedAsync(events).ConfigureAwait(false))
                    {
                        // Lines are the unnamed events; the server's keep-alives (and any event type it may add) are not.
                        if (events.Current.EventType == SseParser.EventTypeDefault)
                        {
                            lastId = events.Current.EventId ?? lastId;
                            yield return JsonDocument.Parse(events.Current.Data).RootElement.Clone();
                        }
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                onReconnect($"the connection to {Connection.Server} was lost; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The next event, or false when the stream ended or the connection dropped (then the tail reconnects).</summary>
    private static async Task<bool> NextOrDroppedAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return false;
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, timeout.Token).ConfigureAwait(false);
            }

            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (text.Length == 0)
            {
                return default;
            }

            try
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw NotLogbeam();
            }
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(
                $"The server at {Connection.Server} did not answer within {RequestTimeout.TotalSeconds} s; check that it is running and not overloaded.",
                ExitCodes.Unreachable);
        }
    }

    private async Task<CliException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? detail = null;
        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        if (isProblem)
        {
            try
            {
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement;
                detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            }
            catch (JsonException)
            {
                // Fall back to the status line below.
            }
        }

        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CliException(
                Connection.ApiKey is null
                    ? $"{Connection.Server} wants the admin API key: pass --api-key, set LOGBEAM_API_KEY, or run 'logbeam login'."
                    : $"{Connection.Server} refused the API key; check --api-key, LOGBEAM_API_KEY or 'logbeam login' (the key is in the server's data/admin.key).",
                ExitCodes.Unauthorized),
            HttpStatusCode.NotFound when isProblem => new CliException(detail ?? "Not found.", ExitCodes.NotFound),
            HttpStatusCode.NotFound => NotLogbeam(),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict => new CliException(detail ?? $"The server refused the request ({(int)response.StatusCode}).", ExitCodes.Failed),
            _ => new CliException(
                $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}; its log says more.",
                ExitCodes.Failed),
        };
    }

    private CliException Unreachable(HttpRequestException ex) => new(
        $"Cannot reach the Logbeam server at {Connection.Server} ({ex.Message}); check --server or LOGBEAM_SERVER, and that the server is running.",
        ExitCodes.Unreachable);

    private CliException NotLogbeam() => new(
        $"{Connection.Server} does not answer like a Logbeam server; check --server or LOGBEAM_SERVER.", ExitCodes.Unreachable);
}
