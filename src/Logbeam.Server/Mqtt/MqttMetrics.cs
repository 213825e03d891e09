using Prometheus;

namespace Logbeam.Server.Mqtt;

/// <summary>The MQTT figures exported at <c>/metrics</c>.</summary>
public sealed class MqttMetrics
{
    private static readonly Counter Connects = Metrics.CreateCounter(
        "logbeam_mqtt_connects_total", "MQTT CONNECTs by outcome (accepted, or why they were refused).", "outcome");

    private static readonly Counter Refused = Metrics.CreateCounter(
        "logbeam_mqtt_refused_total", "Publishes and subscriptions outside the device's own topics, refused.", "action");

    private static readonly Counter Requests = Metrics.CreateCounter(
        "logbeam_mqtt_requests_total", "Device requests answered, by exchange (log, sys).", "exchange");

    private static readonly Counter Pushes = Metrics.CreateCounter(
        "logbeam_mqtt_level_pushes_total", "Log levels pushed to devices without their asking.");

    private static readonly Gauge Online = Metrics.CreateGauge(
        "logbeam_mqtt_connected_devices", "Devices connected to the embedded broker.");

    private static readonly Counter Closed = Metrics.CreateCounter(
        "logbeam_mqtt_connections_closed_total",
        "MQTT connections closed by the broker before or instead of serving them, by reason (max_connections, connect_timeout, tls_handshake, ConnectTooLarge, PacketTooLarge, NotConnect, MalformedLength).",
        "reason");

    private static readonly Gauge Open = Metrics.CreateGauge(
        "logbeam_mqtt_open_connections", "MQTT connections open now, authenticated or not, on every transport.");

    public void ConnectionClosed(string reason) => Closed.WithLabels(reason).Inc();

    public void SetOpenConnections(int connections) => Open.Set(connections);

    public void Connect(ConnectOutcome outcome) => Connects.WithLabels(outcome.ToString()).Inc();

    public void RefusedPublish() => Refused.WithLabels("publish").Inc();

    public void RefusedSubscribe() => Refused.WithLabels("subscribe").Inc();

    public void Answered(string exchange) => Requests.WithLabels(exchange).Inc();

    public void Pushed() => Pushes.Inc();

    public void SetOnline(int devices) => Online.Set(devices);
}
