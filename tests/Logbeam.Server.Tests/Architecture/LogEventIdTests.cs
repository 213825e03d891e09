using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Logbeam.Server.Tests.Architecture;

/// <summary>
/// An event id names one message of the whole server, so that a log query or an alert on it finds that message and no
/// other. Each feature's messages live in its own <c>[LoggerMessage]</c> class in its own folder.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryEventId_IsUsedOnce_AcrossTheServer()
    {
        var messages = Messages();

        Assert.True(messages.Count >= 20, $"only {messages.Count} log messages found: the scan misses some");
        var reused = messages.GroupBy(message => message.Attribute.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Name))}")
            .ToList();
        Assert.True(reused.Count == 0, "event ids used twice:\n" + string.Join("\n", reused));
    }

    [Fact]
    public void EveryLogClass_IsInTheFolderOfTheFeatureItLogsFor()
    {
        var misplaced = Messages()
            .Select(message => message.Method.DeclaringType!)
            .Distinct()
            .Where(type => type.Namespace is not { } name || !name.StartsWith("Logbeam.Server.", StringComparison.Ordinal)
                || type.Name != name["Logbeam.Server.".Length..].Split('.')[0] + "Log")
            .Select(type => type.FullName)
            .ToList();

        Assert.True(misplaced.Count == 0, "log classes outside the feature they belong to (Feature/FeatureLog.cs): " + string.Join(", ", misplaced));
    }

    private static List<(string Name, MethodInfo Method, LoggerMessageAttribute Attribute)> Messages() =>
        typeof(LogbeamApp).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => ($"{pair.Method.DeclaringType!.Name}.{pair.Method.Name}", pair.Method, pair.Attribute!))
            .ToList();
}
