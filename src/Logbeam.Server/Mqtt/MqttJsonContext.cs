using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

[JsonSerializable(typeof(BrokerAuthRequest))]
[JsonSerializable(typeof(BrokerAclRequest))]
[JsonSerializable(typeof(BrokerAuthResponse))]
internal sealed partial class MqttJsonContext : JsonSerializerContext;
