namespace Logbeam.Server.Accounting;

/// <summary>Where device activity is kept: SQLite for one node, PostgreSQL shared by several.</summary>
public interface IDeviceActivityStore
{
    /// <summary>Adds the counts to those stored (a node adds only what it saw since its last write), and records the contacts, keeping the later of each time.</summary>
    Task SaveAsync(IReadOnlyCollection<RefusalDelta> refusals, IReadOnlyCollection<DeviceContact> contacts, CancellationToken cancellationToken);

    /// <summary>The devices' refusal counts from <paramref name="sinceHour"/> on, one per device, reason and hour.</summary>
    Task<IReadOnlyList<RefusalDelta>> RefusalsAsync(IReadOnlyCollection<long> deviceIds, long sinceHour, CancellationToken cancellationToken);

    /// <summary>The devices' stored contacts; a device never heard from has none.</summary>
    Task<IReadOnlyList<DeviceContact>> ContactsAsync(IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken);

    /// <summary>Deletes refusal counts of hours before <paramref name="hour"/>; returns how many rows went.</summary>
    Task<int> DeleteRefusalsBeforeAsync(long hour, CancellationToken cancellationToken);
}
