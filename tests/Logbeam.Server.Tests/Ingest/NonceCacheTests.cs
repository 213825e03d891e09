using Logbeam.Server.Ingest;
using Microsoft.Extensions.Time.Testing;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>The single node's replay cache: refuses a nonce while it is remembered, forgets it after, and forgets on request.</summary>
public sealed class NonceCacheTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void ANonceIsRefusedWhileRemembered_ForItsDeviceAndTimestampOnly()
    {
        var cache = new NonceCache(NewClock());

        Assert.True(cache.TryAdd(1, 1_700_000_000, 42, TenMinutes));
        Assert.False(cache.TryAdd(1, 1_700_000_000, 42, TenMinutes));
        Assert.True(cache.TryAdd(2, 1_700_000_000, 42, TenMinutes)); // another device
        Assert.True(cache.TryAdd(1, 1_700_000_001, 42, TenMinutes)); // another timestamp
        Assert.True(cache.TryAdd(1, 1_700_000_000, 43, TenMinutes)); // another nonce
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public void ANonceIsForgottenAfterItsMemory_RoundedUpToTheMinute_NotBefore()
    {
        var clock = NewClock();
        var cache = new NonceCache(clock);
        Assert.True(cache.TryAdd(1, 100, 7, TenMinutes));
        Assert.True(cache.TryAdd(1, 100, 8, TimeSpan.FromMinutes(30)));

        clock.Advance(TenMinutes);
        Assert.False(cache.TryAdd(1, 100, 7, TenMinutes)); // still remembered at exactly its memory

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, cache.Count); // the ten-minute one is gone, the thirty-minute one is not
        Assert.True(cache.TryAdd(1, 100, 7, TenMinutes));
        Assert.False(cache.TryAdd(1, 100, 8, TimeSpan.FromMinutes(30)));

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void ARemovedNonceMayBeUsedAgain()
    {
        var cache = new NonceCache(NewClock());
        Assert.True(cache.TryAdd(1, 100, 7, TenMinutes));

        cache.Remove(1, 100, 7);

        Assert.True(cache.TryAdd(1, 100, 7, TenMinutes));
        Assert.False(cache.TryAdd(1, 100, 7, TenMinutes));
    }

    [Theory]
    [InlineData(1_000, 1_000, 660)] // the device's clock is right: the window and a minute
    [InlineData(1_600, 1_000, 1_260)] // ten minutes ahead: twice the window and a minute
    [InlineData(400, 1_000, 60)] // ten minutes behind: it leaves the window now; a minute for rounding
    [InlineData(5_000, 1_000, 1_260)] // never more than twice the window (the window check refuses it anyway)
    public void WithTheTimestampChecked_ANonceIsRememberedUntilItsTimestampLeavesTheWindow(long timestamp, long now, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ReportLogEndpoint.ReplayMemory(timestamp, 600, now));
    }

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
}
