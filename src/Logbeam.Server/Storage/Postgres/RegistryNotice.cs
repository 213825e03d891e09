namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The payload of a registry notification: <c>node|p|productId</c> or <c>node|d|productId|deviceName</c>. Neither
/// a product id nor a device name may hold <c>|</c> (the registry's patterns), so the split is unambiguous.
/// </summary>
public sealed record RegistryNotice(string NodeId, string ProductId, string? DeviceName)
{
    public static string ForProduct(string nodeId, string productId) => $"{nodeId}|p|{productId}";

    public static string ForDevice(string nodeId, string productId, string deviceName) => $"{nodeId}|d|{productId}|{deviceName}";

    public static RegistryNotice? Parse(string payload)
    {
        var parts = payload.Split('|');
        return parts switch
        {
            [var node, "p", var product] => new RegistryNotice(node, product, null),
            [var node, "d", var product, var device] => new RegistryNotice(node, product, device),
            _ => null,
        };
    }
}
