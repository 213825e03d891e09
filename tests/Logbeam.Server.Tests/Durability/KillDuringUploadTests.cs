using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Durability;

/// <summary>A success answer means committed: kill the server mid-upload and every acknowledged line is there after restart.</summary>
public sealed class KillDuringUploadTests : IDisposable
{
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-kill");

    [Fact]
    public Task SigkillWhileDevicesUpload_EveryAcknowledgedLineSurvives() =>
        KillDuringUpload.RunAsync(
            "KILLTEST01",
            () => ServerProcess.StartAsync(_dataDirectory),
            () => ServerProcess.StartAsync(_dataDirectory));

    public void Dispose() => TempDirectory.Delete(_dataDirectory);
}
