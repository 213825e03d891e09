using Logbeam.Protocol;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Which topics a device may use: it publishes its <c>$log</c> and <c>$sys</c> requests and subscribes to their result
/// topics, and has <c>{ProductId}/{DeviceName}/…</c> for its own use; nothing of another device.
/// </summary>
public static class TopicPolicy
{
    public static bool MayPublish(string productId, string deviceName, string topic) =>
        topic == Topics.LogOperation(productId, deviceName)
        || topic == Topics.SysOperation(productId, deviceName)
        || IsOwnTopic(productId, deviceName, topic);

    public static bool MaySubscribe(string productId, string deviceName, string topicFilter) =>
        topicFilter == Topics.LogOperationResult(productId, deviceName)
        || topicFilter == Topics.SysOperationResult(productId, deviceName)
        || IsOwnTopic(productId, deviceName, topicFilter);

    // {pid}/{dn}/ and at least one more character; wildcards only below the device's own level.
    private static bool IsOwnTopic(string productId, string deviceName, string topic) =>
        topic.Length > productId.Length + deviceName.Length + 2
        && topic.StartsWith(productId, StringComparison.Ordinal)
        && topic[productId.Length] == '/'
        && topic.AsSpan(productId.Length + 1).StartsWith(deviceName, StringComparison.Ordinal)
        && topic[productId.Length + 1 + deviceName.Length] == '/';
}
