using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Logbeam.Protocol;

/// <summary>
/// The JSON body of <c>POST /device/reportlog</c> (§4.4):
/// <c>{"ProductId":"…","DeviceName":"…","Message":["…"],"BatchId":"…"}</c> with keys in any order and unknown keys
/// (such as [C15]'s <c>Level</c>) ignored.
/// </summary>
public sealed class ReportLogBody
{
    /// <summary>The <c>ProductId</c> the body names.</summary>
    public required string ProductId { get; init; }

    /// <summary>The <c>DeviceName</c> the body names.</summary>
    public required string DeviceName { get; init; }

    /// <summary>The optional <c>BatchId</c> string that lets a retried upload be recognised; <see langword="null"/> when absent.</summary>
    public string? BatchId { get; init; }

    /// <summary>The parsed lines of every <c>Message</c> element, in order.</summary>
    public required List<LogLine> Lines { get; init; }

    /// <summary>How many lines had their tag or content cut to the maximum length.</summary>
    public int TruncatedLines { get; init; }

    /// <summary>
    /// Where the upload stands in its device's stream of lines, from the optional <c>BootId</c>, <c>FirstLine</c> and
    /// <c>Dropped</c> members; <see langword="null"/> unless both <c>BootId</c> and <c>FirstLine</c> are present and valid.
    /// </summary>
    public UploadOrigin? Origin { get; init; }

    /// <summary>
    /// How many of those optional members were present but unusable (wrong type, out of range, a boot id too long):
    /// they are advisory, so the upload is still accepted, without them.
    /// </summary>
    public int IgnoredMembers { get; init; }

    /// <summary>
    /// Parses the raw body bytes without re-serialising them (the signature covers those exact bytes).
    /// Never throws on any input.
    /// </summary>
    /// <param name="utf8Json">The body as received.</param>
    /// <param name="maxContentLength">
    /// The most characters kept per line in its tag and content together (see <see cref="LogLineParser.Parse"/>); must be positive.
    /// </param>
    /// <param name="body">The parsed body, or <see langword="null"/> on failure.</param>
    /// <param name="error">A one-sentence description of what is wrong, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the body is valid and holds at least one line.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxContentLength"/> is not positive.</exception>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, int maxContentLength, out ReportLogBody? body, out string? error) =>
        TryParse(utf8Json, maxContentLength, [], out body, out error);

    /// <summary>
    /// Parses the raw body bytes like <see cref="TryParse(ReadOnlySpan{byte}, int, out ReportLogBody?, out string?)"/>,
    /// appending the lines to <paramref name="lines"/>, which becomes <see cref="Lines"/>: a caller that reuses its
    /// lists (a server, between uploads) allocates nothing per line but the stored strings. A refused body leaves
    /// <paramref name="lines"/> as it was.
    /// </summary>
    /// <param name="utf8Json">The body as received.</param>
    /// <param name="maxContentLength">
    /// The most characters kept per line in its tag and content together (see <see cref="LogLineParser.Parse"/>); must be positive.
    /// </param>
    /// <param name="lines">The list the lines are appended to; normally empty.</param>
    /// <param name="body">The parsed body, or <see langword="null"/> on failure.</param>
    /// <param name="error">A one-sentence description of what is wrong, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the body is valid and holds at least one line.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxContentLength"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, int maxContentLength, List<LogLine> lines, out ReportLogBody? body, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxContentLength);
        ArgumentNullException.ThrowIfNull(lines);
        body = null;

        // The reader checks UTF-8 only in strings it decodes; skipped values must be valid too.
        if (!Utf8.IsValid(utf8Json))
        {
            error = "The body is not valid UTF-8; send UTF-8 encoded JSON.";
            return false;
        }

        char[]? buffer = null;
        int firstLine = lines.Count;
        try
        {
            error = Read(utf8Json, maxContentLength, lines, ref buffer, out body);
        }
        catch (JsonException exception)
        {
            error = $"The body is not valid JSON (error at byte {exception.BytePositionInLine ?? 0} of line {(exception.LineNumber ?? 0) + 1}).";
        }
        catch (InvalidOperationException)
        {
            error = "The body is not valid JSON text.";
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }

        if (error is null)
        {
            return true;
        }

        // Lines parsed before the problem was found must not look like a result.
        lines.RemoveRange(firstLine, lines.Count - firstLine);
        return false;
    }

    private static string? Read(ReadOnlySpan<byte> utf8Json, int maxContentLength, List<LogLine> lines, ref char[]? buffer, out ReportLogBody? body)
    {
        body = null;
        var reader = new Utf8JsonReader(utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "The body must be a JSON object with ProductId, DeviceName and Message.";
        }

        string? productId = null;
        string? deviceName = null;
        string? batchId = null;
        string? bootId = null;
        long firstLineNumber = 0;
        (long BufferFull, long SpoolFull, long Shutdown) dropped = default;
        int ignored = 0;
        bool sawMessage = false;
        int truncated = 0;
        int firstLine = lines.Count;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ProductId"u8))
            {
                productId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("DeviceName"u8))
            {
                deviceName = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("BatchId"u8))
            {
                batchId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("BootId"u8))
            {
                bootId = ReadString(ref reader);
                if (bootId is not { Length: > 0 and <= UploadOrigin.MaxBootIdLength })
                {
                    (bootId, ignored) = (null, ignored + 1);
                }
            }
            else if (reader.ValueTextEquals("FirstLine"u8))
            {
                if (!TryReadCount(ref reader, out firstLineNumber) || firstLineNumber < 1)
                {
                    (firstLineNumber, ignored) = (0, ignored + 1);
                }
            }
            else if (reader.ValueTextEquals("Dropped"u8))
            {
                if (!TryReadDropped(ref reader, out dropped))
                {
                    (dropped, ignored) = (default, ignored + 1);
                }
            }
            else if (reader.ValueTextEquals("Message"u8))
            {
                sawMessage = true;
                if (!ReadMessage(ref reader, lines, maxContentLength, ref truncated, ref buffer))
                {
                    return "Message must be an array of strings.";
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // A trailing value after the object makes Read throw, which reports it as invalid JSON.
        reader.Read();

        if (productId is null)
        {
            return "ProductId is missing or is not a string.";
        }

        if (deviceName is null)
        {
            return "DeviceName is missing or is not a string.";
        }

        if (!sawMessage)
        {
            return "Message is missing; send it as an array of log line strings.";
        }

        if (lines.Count == firstLine)
        {
            return "Message holds no log lines.";
        }

        body = new ReportLogBody
        {
            ProductId = productId,
            DeviceName = deviceName,
            BatchId = batchId,
            Lines = lines,
            TruncatedLines = truncated,
            Origin = bootId is not null && firstLineNumber > 0
                ? new UploadOrigin(bootId, firstLineNumber, dropped.BufferFull, dropped.SpoolFull, dropped.Shutdown)
                : null,
            IgnoredMembers = ignored,
        };
        return null;
    }

    // A whole number from 0 to 2^53 (what a JSON number holds exactly); anything else is skipped and refused.
    private static bool TryReadCount(ref Utf8JsonReader reader, out long value)
    {
        reader.Read();
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return false;
        }

        return reader.TryGetInt64(out value) && value is >= 0 and <= UploadOrigin.MaxCount;
    }

    // {"BufferFull":n,"SpoolFull":n,"Shutdown":n}, each optional; other members skipped; one bad count spoils them all.
    private static bool TryReadDropped(ref Utf8JsonReader reader, out (long BufferFull, long SpoolFull, long Shutdown) dropped)
    {
        dropped = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var valid = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long count;
            if (reader.ValueTextEquals("BufferFull"u8))
            {
                valid &= TryReadCount(ref reader, out count);
                dropped.BufferFull = count;
            }
            else if (reader.ValueTextEquals("SpoolFull"u8))
            {
                valid &= TryReadCount(ref reader, out count);
                dropped.SpoolFull = count;
            }
            else if (reader.ValueTextEquals("Shutdown"u8))
            {
                valid &= TryReadCount(ref reader, out count);
                dropped.Shutdown = count;
            }
            else
            {
                reader.Skip();
            }
        }

        return valid;
    }

    // Null for anything that is not a string, so the caller reports the key as missing or mistyped.
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool ReadMessage(
        ref Utf8JsonReader reader, List<LogLine> lines, int maxContentLength, ref int truncated, ref char[]? buffer)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            // Unescaping never makes the text longer than its UTF-8 form, counted in UTF-16 units.
            int needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            if (buffer is null || buffer.Length < needed)
            {
                if (buffer is not null)
                {
                    ArrayPool<char>.Shared.Return(buffer);
                }

                buffer = ArrayPool<char>.Shared.Rent(Math.Max(needed, 256));
            }

            int length = reader.CopyString(buffer);
            LogLineParser.Parse(buffer.AsSpan(0, length), lines, maxContentLength, ref truncated);
        }

        return true;
    }
}
