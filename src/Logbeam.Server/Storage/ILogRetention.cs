namespace Logbeam.Server.Storage;

/// <summary>Removes old lines, the way the store does it cheapest.</summary>
public interface ILogRetention
{
    /// <summary>
    /// Removes lines received before <paramref name="cutoff"/>; a store that removes whole days keeps a day that
    /// straddles it. Safe to run on several nodes at once.
    /// </summary>
    /// <returns>
    /// How many lines this call removed, on every store (several nodes at once each count only what they removed, so
    /// the counts add up to the lines removed).
    /// </returns>
    Task<long> RemoveBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
