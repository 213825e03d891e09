namespace Logbeam.Bench.Micro;

internal static class MicroScenario
{
    public static int Run(string[] args) => 0;
}
