using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>A product: a family of devices sharing a default log level.</summary>
public sealed record Product(string ProductId, string Name, DeviceLogLevel DefaultLogLevel, DateTimeOffset CreatedAt);
