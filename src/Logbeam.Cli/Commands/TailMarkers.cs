using System.Globalization;
using System.Text.Json;
using Logbeam.Cli.Client;
using Logbeam.Cli.Output;

namespace Logbeam.Cli.Commands;

/// <summary>
/// The gaps, drops and restarts of the device a tail follows, printed before the lines of the upload that showed them.
/// The device's gaps are read again once per upload (when a line's receive time changes), not once per line.
/// </summary>
internal sealed class TailMarkers(ApiClient client, Target device, DateTimeOffset since)
{
    private readonly HashSet<string> _printed = new(StringComparer.Ordinal);
    private DateTimeOffset _lastUpload;

    public async Task WriteBeforeAsync(Terminal terminal, JsonElement line, CancellationToken cancellationToken)
    {
        var received = line.GetProperty("receivedAt").GetDateTimeOffset();
        if (received == _lastUpload)
        {
            return;
        }

        _lastUpload = received;
        var gaps = await client.GetAsync(
            $"{device.DevicePath}/gaps?since={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}", cancellationToken)
            .ConfigureAwait(false);
        // Only what happened up to this upload: a later one's events go before its own lines.
        var fresh = new Queue<JsonElement>(gaps.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("at").GetDateTimeOffset() <= received && _printed.Add(Key(e))));
        LineMarkers.WriteUpTo(terminal, fresh, null);
    }

    // A gap that is closed and opened again is a new one; the same event read twice is not.
    private static string Key(JsonElement e) => string.Join('|',
        e.GetProperty("kind").GetString(), e.GetProperty("bootId").GetString(), e.GetProperty("at").GetString(),
        e.GetProperty("fromLine").GetInt64().ToString(CultureInfo.InvariantCulture), e.GetProperty("toLine").GetInt64().ToString(CultureInfo.InvariantCulture));
}
