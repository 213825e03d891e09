namespace Logbeam.Device.Upload;

/// <summary>The lines dropped since the client started, by the causes reported to the platform.</summary>
internal readonly record struct DropTotals(long BufferFull, long SpoolFull, long Shutdown)
{
    public bool IsZero => BufferFull == 0 && SpoolFull == 0 && Shutdown == 0;
}
