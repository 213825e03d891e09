using Logbeam.Protocol;

namespace Logbeam.Bench.Ingest;

/// <summary>The rows the load generator's bodies hold, parsed once up front for the storage references (device ids from 1).</summary>
internal static class ReferenceRows
{
    public static List<(long DeviceId, List<LogLine> Lines)> Parse(DeviceUploads[] devices)
    {
        var batches = new List<(long DeviceId, List<LogLine> Lines)>();
        for (var d = 0; d < devices.Length; d++)
        {
            foreach (var body in devices[d].Bodies)
            {
                if (!ReportLogBody.TryParse(body, 8192, out var parsed, out var error))
                {
                    throw new InvalidOperationException($"Generated body does not parse: {error}");
                }

                batches.Add((d + 1, parsed!.Lines));
            }
        }

        return batches;
    }
}
