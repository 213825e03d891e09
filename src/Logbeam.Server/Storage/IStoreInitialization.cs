namespace Logbeam.Server.Storage;

/// <summary>
/// Start-up work of a store that must be done before anything reads or writes it: numbered schema migrations, and
/// whatever else a store checks once (see <see cref="StorageInitializer"/>). Safe to run again; a second run changes nothing.
/// </summary>
public interface IStoreInitialization
{
    /// <returns>How many numbered migration steps were applied (0 when the store was up to date).</returns>
    Task<int> InitializeAsync(CancellationToken cancellationToken);
}
