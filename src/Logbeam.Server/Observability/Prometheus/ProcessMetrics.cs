using System.Diagnostics;
using System.Text;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>
/// The process and GC figures prometheus-net showed by default, under its names and help, read at each scrape: the
/// process is shared by every host in it, and reading them costs nothing between scrapes.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    private static readonly string[] Generation = ["generation"];
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly double _startTime;
    private readonly Lock _gate = new();

    public ProcessMetrics() => _startTime = (_process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;

    public void Write(StringBuilder text)
    {
        PrometheusText.Header(text, "dotnet_collection_count_total", "GC collection count", "counter");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            PrometheusText.Sample(text, "dotnet_collection_count_total", null, Generation, [generation.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, GC.CollectionCount(generation));
        }

        Gauge(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", _startTime);
        lock (_gate)
        {
            _process.Refresh();
            One(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", _process.TotalProcessorTime.TotalSeconds);
            Gauge(text, "process_virtual_memory_bytes", "Virtual memory size in bytes.", _process.VirtualMemorySize64);
            Gauge(text, "process_working_set_bytes", "Process working set", _process.WorkingSet64);
            Gauge(text, "process_private_memory_bytes", "Process private memory size", _process.PrivateMemorySize64);
            Gauge(text, "process_open_handles", "Number of open handles", _process.HandleCount);
            Gauge(text, "process_num_threads", "Total number of threads", _process.Threads.Count);
        }

        Gauge(text, "dotnet_total_memory_bytes", "Total known allocated memory", GC.GetTotalMemory(false));
    }

    public void Dispose() => _process.Dispose();

    private static void Gauge(StringBuilder text, string name, string help, double value) => One(text, name, help, "gauge", value);

    private static void One(StringBuilder text, string name, string help, string type, double value)
    {
        PrometheusText.Header(text, name, help, type);
        PrometheusText.Sample(text, name, null, [], [], null, value);
    }
}
