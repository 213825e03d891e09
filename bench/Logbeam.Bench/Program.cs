using Logbeam.Bench.Common;
using Logbeam.Bench.Ingest;
using Logbeam.Bench.Micro;
using Logbeam.Bench.Mqtt;
using Logbeam.Bench.Query;

// One program, one sub-command per scenario (bench.md). Every scenario measures its reference in the same run.
var command = args.Length > 0 ? args[0] : "help";
return command switch
{
    "ingest" => await IngestScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "query" => await QueryScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "micro" => MicroScenario.Run(args[1..]),
    "mqtt" => await MqttScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "mqtt-tls" => await TlsStormScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "bare-kestrel" => await BareKestrel.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Logbeam.Bench -- <scenario> [--flag value ...]
          ingest   signed POST /device/reportlog against the server, with the bare-Kestrel and raw-append references
                   --devices 1000 --connections 128 --batches 1,50 --warmup 10 --duration 20 --line-bytes 100
                   --store sqlite|postgres (postgres: a throw-away cluster, raw binary COPY as the storage reference)
          query    store of --lines 10000000 over --devices 10000 (--seed 42), p50/p99 of four queries, sqlite3 reference
                   --iterations 200
          mqtt     --devices 10000 connected with device credentials, a product-wide push, get_log_level round trips
                   (--rtt-clients 100 --warmup 3 --duration 10); reference: Mosquitto with a minimal responder
          mqtt-tls reconnect storm: --devices 10000 TLS-PSK devices connect at once to a restarted server (--in-flight 256
                   handshakes outstanding, --timeout 120); reference: openssl s_server doing the same PSK handshakes
          micro    BenchmarkDotNet hot paths (any BenchmarkDotNet switches, e.g. --filter '*Signature*') and an allocation audit
        Results are appended to bench/results/<scenario>.md.
        """);
    return 2;
}
