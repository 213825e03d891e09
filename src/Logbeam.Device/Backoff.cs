namespace Logbeam.Device;

/// <summary>Exponential backoff with jitter, shared by uploads and reconnects.</summary>
internal static class Backoff
{
    /// <summary>A random delay between half and all of <c>base·2^(failures−1)</c>, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Delay(int failures, TimeSpan @base, TimeSpan max)
    {
        double ceiling = Math.Min(max.TotalMilliseconds, @base.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
