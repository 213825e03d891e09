using Logbeam.Server.Api;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Api;

/// <summary>A configured admin key works up to the longest the comparison holds, and a longer one stops the start.</summary>
public sealed class AdminKeyLengthTests
{
    [Fact]
    public void AKeyOf256Bytes_MatchesItself_AndNothingLonger()
    {
        var configured = new string('k', 256);
        var key = Create(configured);

        Assert.True(key.Matches(configured));
        Assert.False(key.Matches(configured + "k"));
        Assert.False(key.Matches(configured.AsSpan(1)));
    }

    [Fact]
    public void AKeyLongerThan256Bytes_IsRefusedAtStart_InsteadOfNeverMatching()
    {
        // 200 characters, but 400 bytes of UTF-8.
        var error = Assert.Throws<InvalidOperationException>(() => Create(new string('é', 200)));

        Assert.Contains("Api:AdminKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("é", error.Message, StringComparison.Ordinal);
    }

    private static AdminKey Create(string configured) => new(
        Options.Create(new ApiOptions { AdminKey = configured }), Options.Create(new StorageOptions()), NullLogger<AdminKey>.Instance);
}
