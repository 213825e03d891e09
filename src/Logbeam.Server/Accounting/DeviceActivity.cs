namespace Logbeam.Server.Accounting;

/// <summary>
/// What this node saw of each device since its last write to the store: refusals counted by reason and hour, and the
/// latest contacts and clock offset. Recording is a dictionary update under a lock, never a write: the
/// <see cref="ActivityFlusher"/> writes it all every <see cref="AccountingOptions.FlushInterval"/>. Reads add what is
/// not yet written to what the store holds, so a node answers with what it saw a moment ago.
/// </summary>
public sealed class DeviceActivity(IDeviceActivityStore store, TimeProvider time)
{
    /// <summary>Refusals are reported over this window, counted by the hour.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private Dictionary<(long DeviceId, string Code, long Hour), RefusalDelta> _refusals = [];
    private Dictionary<long, DeviceContact> _contacts = [];

    /// <summary>The hour (since the Unix epoch) of the oldest refusals still reported.</summary>
    public long WindowStartHour => HourOf(Now()) - (long)RefusalWindow.TotalHours + 1;

    public void Refused(long deviceId, string code, string detail, double? clockOffsetSeconds = null)
    {
        var now = Now();
        var delta = new RefusalDelta(deviceId, code, HourOf(now), 1, now, detail);
        lock (_gate)
        {
            var key = (deviceId, code, delta.Hour);
            _refusals[key] = _refusals.TryGetValue(key, out var seen) ? seen.Plus(delta) : delta;
            Note(Measured(deviceId, clockOffsetSeconds, now) with { LastRefused = now });
        }
    }

    /// <summary>An accepted upload, and the device's clock minus the platform's as its signed timestamp shows (null: it shows none).</summary>
    public void Uploaded(long deviceId, double? clockOffsetSeconds)
    {
        var now = Now();
        lock (_gate)
        {
            Note(Measured(deviceId, clockOffsetSeconds, now) with { LastUpload = now });
        }
    }

    public void Connected(long deviceId) => Contact(new DeviceContact(deviceId, LastConnect: Now()));

    public void Disconnected(long deviceId) => Contact(new DeviceContact(deviceId, LastDisconnect: Now()));

    /// <summary>The device asked for the platform's time.</summary>
    public void TimeSynced(long deviceId) => Contact(new DeviceContact(deviceId, TimeSyncedAt: Now()));

    /// <summary>Writes what was recorded since the last write; on failure keeps it for the next one.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<(long, string, long), RefusalDelta> refusals;
        Dictionary<long, DeviceContact> contacts;
        lock (_gate)
        {
            if (_refusals.Count == 0 && _contacts.Count == 0)
            {
                return;
            }

            (refusals, _refusals) = (_refusals, []);
            (contacts, _contacts) = (_contacts, []);
        }

        try
        {
            await store.SaveAsync(refusals.Values, contacts.Values, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                foreach (var (key, delta) in refusals)
                {
                    _refusals[key] = _refusals.TryGetValue(key, out var later) ? delta.Plus(later) : delta;
                }

                foreach (var contact in contacts.Values)
                {
                    Note(contact);
                }
            }

            throw;
        }
    }

    /// <summary>The devices' activity: what the store holds plus what this node has not written yet.</summary>
    public async Task<IReadOnlyDictionary<long, DeviceActivityReport>> ReadAsync(IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken)
    {
        var since = WindowStartHour;
        var refusals = (await store.RefusalsAsync(deviceIds, since, cancellationToken).ConfigureAwait(false)).ToList();
        var contacts = (await store.ContactsAsync(deviceIds, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.DeviceId);
        var wanted = deviceIds.ToHashSet();
        lock (_gate)
        {
            refusals.AddRange(_refusals.Values.Where(r => r.Hour >= since && wanted.Contains(r.DeviceId)));
            foreach (var id in wanted)
            {
                if (_contacts.TryGetValue(id, out var pending))
                {
                    contacts[id] = contacts.TryGetValue(id, out var stored) ? DeviceContact.Merge(stored, pending) : pending;
                }
            }
        }

        var byDevice = refusals.ToLookup(r => r.DeviceId);
        var reports = new Dictionary<long, DeviceActivityReport>();
        foreach (var id in wanted)
        {
            var byCode = new Dictionary<string, RefusalSummary>(StringComparer.Ordinal);
            foreach (var delta in byDevice[id])
            {
                byCode[delta.Code] = byCode.TryGetValue(delta.Code, out var sum)
                    ? new RefusalSummary(sum.Count + delta.Count, delta.Last > sum.Last ? delta.Last : sum.Last, delta.Last > sum.Last ? delta.Detail : sum.Detail)
                    : new RefusalSummary(delta.Count, delta.Last, delta.Detail);
            }

            reports[id] = new DeviceActivityReport(byCode, contacts.GetValueOrDefault(id));
        }

        return reports;
    }

    public async Task<DeviceActivityReport> ReadAsync(long deviceId, CancellationToken cancellationToken) =>
        (await ReadAsync([deviceId], cancellationToken).ConfigureAwait(false))[deviceId];

    // To the millisecond, as every store keeps times: what a node answers before and after a write is the same.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    internal static long HourOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;

    // A clock offset measured now, or none.
    private static DeviceContact Measured(long deviceId, double? offsetSeconds, DateTimeOffset now) =>
        new(deviceId, ClockOffsetSeconds: offsetSeconds, ClockMeasuredAt: offsetSeconds is null ? null : now);

    private void Contact(DeviceContact contact)
    {
        lock (_gate)
        {
            Note(contact);
        }
    }

    // Holds the lock.
    private void Note(DeviceContact contact) =>
        _contacts[contact.DeviceId] = _contacts.TryGetValue(contact.DeviceId, out var known) ? DeviceContact.Merge(known, contact) : contact;
}
