namespace Logbeam.Protocol;

/// <summary>The MQTT topics of the log-level (§2) and time-sync (§3) exchanges.</summary>
public static class Topics
{
    /// <summary>Subscription filter matching every device's <c>$log/operation</c> request topic.</summary>
    public const string LogOperationFilter = "$log/operation/+/+";

    /// <summary>Subscription filter matching every device's <c>$sys/operation</c> request topic.</summary>
    public const string SysOperationFilter = "$sys/operation/+/+";

    private const string LogOperationPrefix = "$log/operation/";
    private const string SysOperationPrefix = "$sys/operation/";

    /// <summary>The topic a device publishes its <c>get_log_level</c> request on.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns><c>$log/operation/{productId}/{deviceName}</c>.</returns>
    public static string LogOperation(string productId, string deviceName) =>
        string.Concat(LogOperationPrefix, productId, "/", deviceName);

    /// <summary>The topic the platform sends log-level replies and pushes on.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns><c>$log/operation/result/{productId}/{deviceName}</c>.</returns>
    public static string LogOperationResult(string productId, string deviceName) =>
        string.Concat(LogOperationPrefix, "result/", productId, "/", deviceName);

    /// <summary>The topic a device publishes its time request on.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns><c>$sys/operation/{productId}/{deviceName}</c>.</returns>
    public static string SysOperation(string productId, string deviceName) =>
        string.Concat(SysOperationPrefix, productId, "/", deviceName);

    /// <summary>The topic the platform sends time replies on.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns><c>$sys/operation/result/{productId}/{deviceName}</c>.</returns>
    public static string SysOperationResult(string productId, string deviceName) =>
        string.Concat(SysOperationPrefix, "result/", productId, "/", deviceName);

    /// <summary>
    /// Reads an upstream request topic, <c>$log/operation/{pid}/{dn}</c> or <c>$sys/operation/{pid}/{dn}</c>.
    /// Result topics, wildcards and empty segments are refused.
    /// </summary>
    /// <param name="topic">The topic a message was published on.</param>
    /// <param name="kind">Which exchange the topic belongs to.</param>
    /// <param name="productId">The product id segment.</param>
    /// <param name="deviceName">The device name segment.</param>
    /// <returns><see langword="true"/> when <paramref name="topic"/> is a request topic.</returns>
    public static bool TryParseOperation(string topic, out OperationKind kind, out string productId, out string deviceName)
    {
        kind = OperationKind.Log;
        productId = string.Empty;
        deviceName = string.Empty;
        if (topic is null)
        {
            return false;
        }

        ReadOnlySpan<char> rest;
        if (topic.StartsWith(LogOperationPrefix, StringComparison.Ordinal))
        {
            rest = topic.AsSpan(LogOperationPrefix.Length);
        }
        else if (topic.StartsWith(SysOperationPrefix, StringComparison.Ordinal))
        {
            kind = OperationKind.Sys;
            rest = topic.AsSpan(SysOperationPrefix.Length);
        }
        else
        {
            return false;
        }

        // Exactly two non-empty segments: the result topics have three and so fall out here.
        int slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        ReadOnlySpan<char> product = rest[..slash];
        ReadOnlySpan<char> device = rest[(slash + 1)..];
        if (device.Contains('/') || product.ContainsAny('+', '#') || device.ContainsAny('+', '#'))
        {
            return false;
        }

        productId = product.ToString();
        deviceName = device.ToString();
        return true;
    }
}
