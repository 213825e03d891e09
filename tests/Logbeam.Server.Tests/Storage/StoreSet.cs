using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Storage;

/// <summary>The stores of one provider, as the contract suite drives them.</summary>
public sealed record StoreSet(ILogStore Logs, IDeviceStore Devices, ILogRetention Retention, IDeviceActivityStore Activity);
