namespace Logbeam.Server.Mqtt;

/// <summary>Every log message of the MQTT side, with fixed event ids from 3000. Never logs a password or a PSK.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "MQTT broker listening: {Endpoints}")]
    public static partial void BrokerStarted(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "MQTT broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "MQTT client {ClientId} from {RemoteAddress} connected")]
    public static partial void DeviceConnected(ILogger logger, string clientId, string? remoteAddress);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "MQTT connection of {ClientId} from {RemoteAddress} refused: {Outcome}")]
    public static partial void ConnectRefused(ILogger logger, string clientId, string? remoteAddress, ConnectOutcome outcome);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "MQTT client {ClientId} disconnected ({DisconnectType})")]
    public static partial void DeviceDisconnected(ILogger logger, string clientId, string disconnectType);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "MQTT publish of {ClientId} to {Topic} refused: not its topic")]
    public static partial void PublishRefused(ILogger logger, string clientId, string topic);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "MQTT subscription of {ClientId} to {TopicFilter} refused: not its topic")]
    public static partial void SubscribeRefused(ILogger logger, string clientId, string topicFilter);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Closing the MQTT connection of {ProductId}/{DeviceName}: device {Change}")]
    public static partial void ClosingDevice(ILogger logger, string productId, string deviceName, string change);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Pushed log level {Level} to {ProductId}/{DeviceName}")]
    public static partial void LevelPushed(ILogger logger, int level, string productId, string deviceName);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Pushing the log level to {ProductId}/{DeviceName} failed")]
    public static partial void PushFailed(ILogger logger, Exception exception, string productId, string deviceName);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Ignored {Topic}: {Reason}")]
    public static partial void RequestIgnored(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Answering {Topic} failed")]
    public static partial void AnswerFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "MQTT connection from {RemoteAddress} closed: {Violation}")]
    public static partial void ConnectionViolation(ILogger logger, string remoteAddress, Logbeam.Server.Mqtt.Connections.FrameViolation violation);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "MQTT connection from {RemoteAddress} closed: no CONNECT in time")]
    public static partial void ConnectTimedOut(ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Debug, Message = "TLS connection from {RemoteAddress} refused: {Reason}")]
    public static partial void TlsRefused(ILogger logger, string remoteAddress, string reason);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Accepting an MQTT connection failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Connected to the external MQTT broker {Host}:{Port} as {ClientId}")]
    public static partial void ExternalConnected(ILogger logger, string host, int port, string clientId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning,
        Message = "Cannot reach the external MQTT broker {Host}:{Port} ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void ExternalUnreachable(ILogger logger, string host, int port, string reason, int delaySeconds);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Lost the external MQTT broker: {Reason}")]
    public static partial void ExternalDisconnected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Debug, Message = "Broker auth request for {ClientId}: {Outcome}")]
    public static partial void BrokerAuth(ILogger logger, string? clientId, string outcome);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Debug, Message = "Level of {ProductId}/{DeviceName} expired; next expiry check at {Next}")]
    public static partial void LevelExpired(ILogger logger, string productId, string deviceName, DateTimeOffset? next);

    [LoggerMessage(EventId = 3092, Level = LogLevel.Debug, Message = "MQTTnet {Source}: {Text} ({Exception})")]
    public static partial void MqttNetConnection(ILogger logger, string? exception, string source, string text);

    [LoggerMessage(EventId = 3090, Level = LogLevel.Warning, Message = "MQTTnet {Source}: {Text}")]
    public static partial void MqttNetWarning(ILogger logger, Exception? exception, string source, string text);

    [LoggerMessage(EventId = 3091, Level = LogLevel.Error, Message = "MQTTnet {Source}: {Text}")]
    public static partial void MqttNetError(ILogger logger, Exception? exception, string source, string text);
}
