namespace Microcred.Cli.Clinical;

/// <summary>The machine's load average, printed with benchmark figures: on a shared machine it says how far
/// other work may have slowed them.</summary>
internal static class MachineLoad
{
    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" where the system does not report them.</summary>
    public static string Average()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
