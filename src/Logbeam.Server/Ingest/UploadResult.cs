namespace Logbeam.Server.Ingest;

/// <summary>How an upload ended: accepted (<see cref="ErrorCode"/> null) or refused with a code and a one-sentence reason.</summary>
internal readonly record struct UploadResult(string? ErrorCode, string? Message)
{
    public static UploadResult Ok { get; } = new(null, null);

    public bool Accepted => ErrorCode is null;

    public static UploadResult Refused(string code, string message) => new(code, message);
}
