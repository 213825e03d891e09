using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>A test whose program is missing fails, saying how to install it, instead of being skipped.</summary>
public sealed class MissingProgramTests
{
    [Fact]
    public void MissingProgram_FailsWithHowToInstallIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExternalProgram.Require("mosquitto_not_installed_here", "mosquitto-clients"));

        Assert.Contains("scripts/install-test-deps.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install mosquitto-clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstalledPrograms_AreFound()
    {
        Assert.EndsWith("/mosquitto", ExternalProgram.Require("mosquitto", "mosquitto"), StringComparison.Ordinal);
        Assert.EndsWith("/mosquitto_pub", ExternalProgram.Require("mosquitto_pub", "mosquitto-clients"), StringComparison.Ordinal);
        Assert.NotEmpty(ExternalProgram.RequirePythonWithPaho());
    }
}
