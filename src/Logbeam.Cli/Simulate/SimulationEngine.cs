using Spectre.Console;

namespace Logbeam.Cli.Simulate;

/// <summary>Runs the fleet: provisions it, starts every device, shows a live summary, and flushes at the end.</summary>
internal static class SimulationEngine
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);

    public static async Task<SimulationSummary> RunAsync(SimulationSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var credentials = await FleetProvisioner.GetAsync(settings, cancellationToken).ConfigureAwait(false);
        if (credentials.Count == 0)
        {
            throw new InvalidOperationException("No device to simulate: the credentials file is empty.");
        }

        console.MarkupLineInterpolated($"Simulating [bold]{credentials.Count}[/] devices of [bold]{settings.ProductId}[/] at {settings.Rate} lines/s each against {settings.Server}");
        var devices = credentials.Select((c, i) => new SimulatedDevice(c, settings, seed: i)).ToList();
        try
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration is { } duration)
            {
                run.CancelAfter(duration);
            }

            var started = DateTime.UtcNow;
            var loops = devices.Select(d => d.RunAsync(settings.Rate, run.Token)).ToArray();
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("starting", maxValue: settings.Duration?.TotalSeconds ?? 1);
                    task.IsIndeterminate = settings.Duration is null;
                    while (!run.IsCancellationRequested)
                    {
                        task.Description = Describe(Summarize(devices));
                        task.Value = (DateTime.UtcNow - started).TotalSeconds;
                        await Task.WhenAny(Task.Delay(RefreshEvery, CancellationToken.None), Task.WhenAll(loops)).ConfigureAwait(false);
                    }

                    await Task.WhenAll(loops).ConfigureAwait(false);
                    task.Description = "flushing";
                    await Task.WhenAll(devices.Select(d => d.Client.FlushAsync(CancellationToken.None))).ConfigureAwait(false);
                    task.Description = Describe(Summarize(devices));
                    task.Value = task.MaxValue;
                    task.StopTask();
                }).ConfigureAwait(false);

            var summary = Summarize(devices);
            console.Write(SummaryTable(summary));
            return summary;
        }
        finally
        {
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    internal static SimulationSummary Summarize(IReadOnlyList<SimulatedDevice> devices)
    {
        var counters = devices.Select(d => d.Client.Counters).ToList();
        return new SimulationSummary(
            devices.Count,
            counters.Count(c => c.Connected),
            devices.Sum(d => d.Generated),
            devices.Sum(d => d.Sent),
            counters.Sum(c => c.Sent),
            counters.Sum(c => c.Dropped),
            counters.Sum(c => c.FailedAttempts),
            counters.Where(c => c.LastErrorAt is not null).MaxBy(c => c.LastErrorAt)?.LastError);
    }

    private static string Describe(SimulationSummary s) =>
        Markup.Escape($"connected {s.Connected}/{s.Devices} · generated {s.Generated} · sent {s.Sent} · acknowledged {s.Acknowledged} · errors {s.Errors}");

    private static Table SummaryTable(SimulationSummary s)
    {
        var table = new Table().AddColumn("devices").AddColumn("connected").AddColumn("generated").AddColumn("sent")
            .AddColumn("acknowledged").AddColumn("dropped").AddColumn("errors");
        table.AddRow($"{s.Devices}", $"{s.Connected}", $"{s.Generated}", $"{s.Sent}", $"{s.Acknowledged}", $"{s.Dropped}", $"{s.Errors}");
        if (s.LastError is not null)
        {
            table.Caption($"last error: {Markup.Escape(s.LastError)}");
        }

        return table;
    }
}
