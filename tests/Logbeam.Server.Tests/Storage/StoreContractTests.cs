using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// What every store must do, whatever the engine: one suite, run once per provider by a subclass that opens that
/// provider's stores. The stores are shared by the tests of a class, so each test works in a product of its own.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected StoreSet Stores { get; private set; } = null!;

    public async Task InitializeAsync() => Stores = await OpenStoresAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Products_CreateGetListAndDefaultLevel()
    {
        var productId = NewProductId();
        var created = new Product(productId, "Thermostats", DeviceLogLevel.Warn, Millis(DateTimeOffset.UtcNow));
        Assert.True(await Stores.Devices.CreateProductAsync(created, None));
        Assert.False(await Stores.Devices.CreateProductAsync(created with { Name = "again" }, None));

        var read = await Stores.Devices.GetProductAsync(productId, None);
        Assert.NotNull(read);
        Assert.Equal("Thermostats", read.Name);
        Assert.Equal(DeviceLogLevel.Warn, read.DefaultLogLevel);
        Assert.Equal(created.CreatedAt, Millis(read.CreatedAt));
        Assert.Contains(await Stores.Devices.ListProductsAsync(None), p => p.ProductId == productId);

        Assert.True(await Stores.Devices.SetProductDefaultLevelAsync(productId, DeviceLogLevel.Debug, None));
        Assert.Equal(DeviceLogLevel.Debug, (await Stores.Devices.GetProductAsync(productId, None))!.DefaultLogLevel);
        Assert.False(await Stores.Devices.SetProductDefaultLevelAsync("NOSUCHPROD", DeviceLogLevel.Debug, None));
        Assert.Null(await Stores.Devices.GetProductAsync("NOSUCHPROD", None));
    }

    [Fact]
    public async Task Devices_CreateGetListEnableDelete()
    {
        var productId = await NewProductAsync();
        var createdAt = Millis(DateTimeOffset.UtcNow);
        var beta = await Stores.Devices.CreateDeviceAsync(new NewDevice(productId, "beta", DeviceAuthMode.Key, "cHNrLWJldGEtMTIz", null, createdAt), None);
        var alpha = await Stores.Devices.CreateDeviceAsync(new NewDevice(productId, "alpha", DeviceAuthMode.Cert, null, "-----PEM-----", createdAt), None);
        Assert.NotNull(beta);
        Assert.NotNull(alpha);
        Assert.NotEqual(beta.Id, alpha.Id);
        Assert.Null(await Stores.Devices.CreateDeviceAsync(new NewDevice(productId, "beta", DeviceAuthMode.Key, "eA==", null, createdAt), None));

        var read = await Stores.Devices.GetDeviceAsync(productId, "beta", None);
        Assert.Equal(beta, read! with { CreatedAt = Millis(read.CreatedAt) });
        Assert.Equal("-----PEM-----", (await Stores.Devices.GetDeviceAsync(productId, "alpha", None))!.Certificate);
        Assert.Equal(["alpha", "beta"], (await Stores.Devices.ListDevicesAsync(productId, None)).Select(d => d.DeviceName));
        Assert.Contains(await Stores.Devices.ListDevicesAsync(null, None), d => d.Id == alpha.Id);

        Assert.True(await Stores.Devices.SetDeviceEnabledAsync(productId, "beta", false, None));
        Assert.False((await Stores.Devices.GetDeviceAsync(productId, "beta", None))!.Enabled);
        Assert.True(await Stores.Devices.SetDeviceEnabledAsync(productId, "beta", true, None));
        Assert.True((await Stores.Devices.GetDeviceAsync(productId, "beta", None))!.Enabled);
        Assert.False(await Stores.Devices.SetDeviceEnabledAsync(productId, "nobody", true, None));

        Assert.True(await Stores.Devices.DeleteDeviceAsync(productId, "beta", None));
        Assert.False(await Stores.Devices.DeleteDeviceAsync(productId, "beta", None));
        Assert.Null(await Stores.Devices.GetDeviceAsync(productId, "beta", None));
        Assert.Equal(["alpha"], (await Stores.Devices.ListDevicesAsync(productId, None)).Select(d => d.DeviceName));
        Assert.False(await Stores.Devices.SetDeviceEnabledAsync(productId, "beta", true, None));

        // The name is free again, under a new id (the old id's lines stay the old device's).
        var again = await Stores.Devices.CreateDeviceAsync(new NewDevice(productId, "beta", DeviceAuthMode.Key, "eHl6eHl6eHl6", null, createdAt), None);
        Assert.NotNull(again);
        Assert.NotEqual(beta.Id, again.Id);
    }

    [Fact]
    public async Task DeviceLevels_SetWithExpiry_Clear_AndMissingDevice()
    {
        var (productId, device) = await NewDeviceAsync("lvl");
        var expires = Millis(DateTimeOffset.UtcNow.AddHours(2));
        Assert.True(await Stores.Devices.SetDeviceLevelAsync(productId, "lvl", DeviceLogLevel.Debug, expires, None));
        var read = (await Stores.Devices.GetDeviceAsync(productId, "lvl", None))!;
        Assert.Equal(DeviceLogLevel.Debug, read.LogLevel);
        Assert.Equal(expires, Millis(read.LevelExpiresAt!.Value));

        Assert.True(await Stores.Devices.SetDeviceLevelAsync(productId, "lvl", DeviceLogLevel.Error, null, None));
        read = (await Stores.Devices.GetDeviceAsync(productId, "lvl", None))!;
        Assert.Equal((DeviceLogLevel?)DeviceLogLevel.Error, read.LogLevel);
        Assert.Null(read.LevelExpiresAt);

        Assert.True(await Stores.Devices.SetDeviceLevelAsync(productId, "lvl", null, null, None));
        Assert.Null((await Stores.Devices.GetDeviceAsync(productId, "lvl", None))!.LogLevel);
        Assert.False(await Stores.Devices.SetDeviceLevelAsync(productId, "ghost", DeviceLogLevel.Info, null, None));
        Assert.Equal(device.Id, read.Id);
    }

    [Fact]
    public async Task Append_ThenQuery_NewestFirst_WithEveryField()
    {
        var (productId, device) = await NewDeviceAsync("fields");
        var receivedAt = DateTimeOffset.UtcNow;
        var requestId = Guid.NewGuid().ToString();
        var deviceTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);
        var written = await Stores.Logs.AppendAsync(
        [
            new LogBatch(device.Id, requestId, receivedAt, null,
            [
                new LogLine(DeviceLogLevel.Error, deviceTime, "net", "first line"),
                new LogLine(DeviceLogLevel.Info, null, null, "second line"),
            ]),
        ], None);
        Assert.Equal(2, written);

        var records = await Query(new LogQuery { ProductId = productId });
        Assert.Equal(["second line", "first line"], records.Select(r => r.Text));
        Assert.True(records[0].Id > records[1].Id);
        var first = records[1];
        Assert.Equal(productId, first.ProductId);
        Assert.Equal("fields", first.DeviceName);
        Assert.Equal(DeviceLogLevel.Error, first.Level);
        Assert.Equal(deviceTime, first.DeviceTime);
        Assert.Equal("net", first.Tag);
        Assert.Equal(requestId, first.RequestId);
        Assert.Equal(Millis(receivedAt), Millis(first.ReceivedAt));
        Assert.Null(records[0].DeviceTime);
        Assert.Null(records[0].Tag);
    }

    [Fact]
    public async Task Query_FiltersByProductDeviceLevelAndTime()
    {
        var productId = await NewProductAsync();
        var one = await NewDeviceInAsync(productId, "one");
        var two = await NewDeviceInAsync(productId, "two");
        var (otherProduct, stranger) = await NewDeviceAsync("one");
        var now = DateTimeOffset.UtcNow;
        await Stores.Logs.AppendAsync(
        [
            Batch(one.Id, now.AddHours(-3), (DeviceLogLevel.Error, "one old error")),
            Batch(two.Id, now.AddHours(-2), (DeviceLogLevel.Warn, "two warn"), (DeviceLogLevel.Debug, "two debug")),
            Batch(one.Id, now.AddHours(-1), (DeviceLogLevel.Info, "one info")),
            Batch(stranger.Id, now, (DeviceLogLevel.Error, "other product")),
        ], None);

        Assert.Equal(["one info", "two debug", "two warn", "one old error"], Texts(await Query(new LogQuery { ProductId = productId })));
        Assert.Equal(["one info", "one old error"], Texts(await Query(new LogQuery { ProductId = productId, DeviceName = "one" })));
        Assert.Equal(["other product"], Texts(await Query(new LogQuery { ProductId = otherProduct, DeviceName = "one" })));
        Assert.Empty(await Query(new LogQuery { ProductId = productId, DeviceName = "nobody" }));
        Assert.Empty(await Query(new LogQuery { ProductId = "NOSUCHPROD" }));
        Assert.Equal(["two warn", "one old error"],
            Texts(await Query(new LogQuery { ProductId = productId, MinLevel = DeviceLogLevel.Error, MaxLevel = DeviceLogLevel.Warn })));
        Assert.Equal(["one info", "two debug"], Texts(await Query(new LogQuery { ProductId = productId, MinLevel = DeviceLogLevel.Info })));
        Assert.Equal(["two debug", "two warn"],
            Texts(await Query(new LogQuery { ProductId = productId, Since = now.AddHours(-2.5), Until = now.AddHours(-1.5) })));
        Assert.Equal(["one info", "two debug"], Texts(await Query(new LogQuery { ProductId = productId, Limit = 2 })));
        Assert.Contains("other product", Texts(await Query(new LogQuery { Since = now.AddMinutes(-1), Limit = 1000 })));
    }

    [Fact]
    public async Task Cursor_PagesThroughEverything_AndAfterIdReadsForwardOldestFirst()
    {
        var (productId, device) = await NewDeviceAsync("pages");
        var texts = Enumerable.Range(0, 25).Select(i => $"line {i:D2}").ToArray();
        await Stores.Logs.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, [.. texts.Select(t => (DeviceLogLevel.Info, t))])], None);

        var seen = new List<string>();
        long? before = null;
        while (true)
        {
            var page = await Query(new LogQuery { ProductId = productId, Limit = 10, BeforeId = before });
            seen.AddRange(Texts(page));
            if (page.Count < 10)
            {
                break;
            }

            before = page[^1].Id;
        }

        Assert.Equal(texts.Reverse(), seen);

        var all = await Query(new LogQuery { ProductId = productId, Limit = 100 });
        var forward = await Query(new LogQuery { ProductId = productId, AfterId = all[10].Id, Limit = 100 });
        Assert.Equal(texts[15..], Texts(forward));
        Assert.Equal(texts[15..18], Texts(await Query(new LogQuery { ProductId = productId, AfterId = all[10].Id, Limit = 3 })));
        Assert.Empty(await Query(new LogQuery { ProductId = productId, AfterId = all[0].Id }));
    }

    [Fact]
    public async Task FullText_EveryTermMustOccur_WordsNotSubstrings_CaseAndPunctuationIgnored()
    {
        var (productId, device) = await NewDeviceAsync("fts");
        await Stores.Logs.AppendAsync(
        [
            Batch(device.Id, DateTimeOffset.UtcNow,
                (DeviceLogLevel.Error, "Disk FULL on /var/log/app"),
                (DeviceLogLevel.Warn, "temp=42 sensor overheating"),
                (DeviceLogLevel.Info, "disk check passed"),
                (DeviceLogLevel.Info, "catalog refreshed"),
                (DeviceLogLevel.Error, "设备 温度过高 code=E42")),
        ], None);

        Assert.Equal(["disk check passed", "Disk FULL on /var/log/app"], Texts(await Search(productId, "disk")));
        Assert.Equal(["Disk FULL on /var/log/app"], Texts(await Search(productId, "disk full")));
        Assert.Equal(["Disk FULL on /var/log/app"], Texts(await Search(productId, "LOG")));
        Assert.Equal(["temp=42 sensor overheating"], Texts(await Search(productId, "42")));
        Assert.Equal(["Disk FULL on /var/log/app"], Texts(await Search(productId, "var/log")));
        Assert.Equal(["设备 温度过高 code=E42"], Texts(await Search(productId, "温度过高")));
        Assert.Empty(await Search(productId, "disk overheating"));
        Assert.Empty(await Search(productId, "cat"));

        // Search syntax of either engine is just text here: never an error.
        foreach (var hostile in new[] { "\"disk", "disk OR full", "NEAR(disk", "di*", "!x & y | z", "'; drop table lines; --" })
        {
            await Search(productId, hostile);
        }

        Assert.Equal(["Disk FULL on /var/log/app"],
            Texts(await Query(new LogQuery { ProductId = productId, Text = "disk", MinLevel = DeviceLogLevel.Error, MaxLevel = DeviceLogLevel.Error })));
    }

    [Fact]
    public async Task BatchId_IsStoredOncePerDevice_WithinACommitAndAcrossCommits()
    {
        var productId = await NewProductAsync();
        var a = await NewDeviceInAsync(productId, "a");
        var b = await NewDeviceInAsync(productId, "b");
        var now = DateTimeOffset.UtcNow;

        var first = await Stores.Logs.AppendAsync(
        [
            Batch(a.Id, now, "batch-1", (DeviceLogLevel.Info, "a once")),
            Batch(a.Id, now, "batch-1", (DeviceLogLevel.Info, "a twice in one commit")),
            Batch(b.Id, now, "batch-1", (DeviceLogLevel.Info, "b has its own batch ids")),
            Batch(a.Id, now, null, (DeviceLogLevel.Info, "no batch id")),
        ], None);
        Assert.Equal(3, first);

        var second = await Stores.Logs.AppendAsync(
        [
            Batch(a.Id, now, "batch-1", (DeviceLogLevel.Info, "a retried")),
            Batch(a.Id, now, null, (DeviceLogLevel.Info, "no batch id")),
            Batch(a.Id, now, "batch-2", (DeviceLogLevel.Info, "a new batch")),
        ], None);
        Assert.Equal(2, second);

        Assert.Equal(
            ["a new batch", "no batch id", "no batch id", "b has its own batch ids", "a once"],
            Texts(await Query(new LogQuery { ProductId = productId })));
    }

    [Fact]
    public async Task GroupCommit_StoresWhatWasAddedOnlyAtCommit_AndNothingWhenAbandoned()
    {
        var productId = await NewProductAsync();
        var device = await NewDeviceInAsync(productId, "grouped");
        var now = DateTimeOffset.UtcNow;

        await using (var abandoned = await Stores.Logs.BeginAppendAsync(None))
        {
            await abandoned.AddAsync(Batch(device.Id, now, "gone", (DeviceLogLevel.Info, "never committed")), None);
        }

        Assert.Empty(await Query(new LogQuery { ProductId = productId }));

        int written;
        await using (var append = await Stores.Logs.BeginAppendAsync(None))
        {
            await append.AddAsync(Batch(device.Id, now, "b-1", (DeviceLogLevel.Info, "one"), (DeviceLogLevel.Warn, "two")), None);
            await append.AddAsync(Batch(device.Id, now, "b-1", (DeviceLogLevel.Info, "the same batch again")), None);
            await append.AddAsync(Batch(device.Id, now, "gone", (DeviceLogLevel.Info, "the abandoned batch id is free")), None);
            var commit = await append.CommitAsync(None);
            await commit.Durable.WaitAsync(TimeSpan.FromSeconds(10));
            written = commit.Lines;
        }

        Assert.Equal(3, written);
        Assert.Equal(["the abandoned batch id is free", "two", "one"], Texts(await Query(new LogQuery { ProductId = productId })));

        // The store takes the next group after an abandoned one.
        Assert.Equal(1, await Stores.Logs.AppendAsync([Batch(device.Id, now, "b-2", (DeviceLogLevel.Info, "after"))], None));
    }

    [Fact]
    public async Task Retention_RemovesOldLines_AndKeepsRecentOnes()
    {
        var (productId, device) = await NewDeviceAsync("retained");
        var now = DateTimeOffset.UtcNow;
        await Stores.Logs.AppendAsync(
        [
            Batch(device.Id, now.AddDays(-20), (DeviceLogLevel.Info, "twenty days old")),
            Batch(device.Id, now.AddDays(-10), (DeviceLogLevel.Info, "ten days old")),
            Batch(device.Id, now.AddDays(-1), (DeviceLogLevel.Info, "yesterday")),
            Batch(device.Id, now, (DeviceLogLevel.Info, "today")),
        ], None);

        await Stores.Retention.RemoveBeforeAsync(now.AddDays(-7), None);

        Assert.Equal(["today", "yesterday"], Texts(await Query(new LogQuery { ProductId = productId })));
        Assert.Empty(await Search(productId, "old"));
    }

    protected abstract Task<StoreSet> OpenStoresAsync();

    protected static DateTimeOffset Millis(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    protected static string NewProductId() => "C" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    protected async Task<string> NewProductAsync()
    {
        var productId = NewProductId();
        Assert.True(await Stores.Devices.CreateProductAsync(new Product(productId, "Contract", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None));
        return productId;
    }

    protected async Task<Device> NewDeviceInAsync(string productId, string deviceName) =>
        await Stores.Devices.CreateDeviceAsync(
            new NewDevice(productId, deviceName, DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None)
        ?? throw new InvalidOperationException("device exists");

    protected async Task<(string ProductId, Device Device)> NewDeviceAsync(string deviceName)
    {
        var productId = await NewProductAsync();
        return (productId, await NewDeviceInAsync(productId, deviceName));
    }

    protected static LogBatch Batch(long deviceId, DateTimeOffset receivedAt, params (DeviceLogLevel Level, string Text)[] lines) =>
        Batch(deviceId, receivedAt, null, lines);

    protected static LogBatch Batch(long deviceId, DateTimeOffset receivedAt, string? batchId, params (DeviceLogLevel Level, string Text)[] lines) =>
        new(deviceId, Guid.NewGuid().ToString(), receivedAt, batchId, [.. lines.Select(l => new LogLine(l.Level, null, null, l.Text))]);

    protected Task<IReadOnlyList<LogRecord>> Query(LogQuery query) => Stores.Logs.QueryAsync(query, None);

    protected Task<IReadOnlyList<LogRecord>> Search(string productId, string text) =>
        Stores.Logs.QueryAsync(new LogQuery { ProductId = productId, Text = text }, None);

    protected static string[] Texts(IEnumerable<LogRecord> records) => [.. records.Select(r => r.Text)];
}
