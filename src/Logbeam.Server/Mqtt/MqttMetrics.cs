using System.Diagnostics.Metrics;
using Logbeam.Server.Observability;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// The MQTT figures exported at <c>/metrics</c>, on this host's <see cref="LogbeamMeters.Mqtt"/> meter. Each
/// instrument's name is its Prometheus name; the gauges are observed from the last value set.
/// </summary>
public sealed class MqttMetrics
{
    private readonly Counter<long> _connects;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _closed;
    private long _pushes;
    private long _online;
    private long _open;

    public MqttMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LogbeamMeters.Mqtt);
        _connects = meter.CreateCounter<long>(
            "logbeam_mqtt_connects_total", description: "MQTT CONNECTs by outcome (accepted, or why they were refused).");
        _refused = meter.CreateCounter<long>(
            "logbeam_mqtt_refused_total", description: "Publishes and subscriptions outside the device's own topics, refused.");
        _requests = meter.CreateCounter<long>(
            "logbeam_mqtt_requests_total", description: "Device requests answered, by exchange (log, sys).");
        meter.CreateObservableCounter(
            "logbeam_mqtt_level_pushes_total", () => Volatile.Read(ref _pushes), description: "Log levels pushed to devices without their asking.");
        meter.CreateObservableGauge(
            "logbeam_mqtt_connected_devices", () => Volatile.Read(ref _online), description: "Devices connected to the embedded broker.");
        _closed = meter.CreateCounter<long>(
            "logbeam_mqtt_connections_closed_total",
            description: "MQTT connections closed by the broker before or instead of serving them, by reason (max_connections, connect_timeout, tls_handshake, ConnectTooLarge, PacketTooLarge, NotConnect, MalformedLength).");
        meter.CreateObservableGauge(
            "logbeam_mqtt_open_connections", () => Volatile.Read(ref _open), description: "MQTT connections open now, authenticated or not, on every transport.");
    }

    public void ConnectionClosed(string reason) => _closed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SetOpenConnections(int connections) => Volatile.Write(ref _open, connections);

    public void Connect(ConnectOutcome outcome) => _connects.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void RefusedPublish() => _refused.Add(1, new KeyValuePair<string, object?>("action", "publish"));

    public void RefusedSubscribe() => _refused.Add(1, new KeyValuePair<string, object?>("action", "subscribe"));

    public void Answered(string exchange) => _requests.Add(1, new KeyValuePair<string, object?>("exchange", exchange));

    public void Pushed() => Interlocked.Increment(ref _pushes);

    public void SetOnline(int devices) => Volatile.Write(ref _online, devices);
}
