using System.CommandLine;

namespace Microcred.Cli.Clinical;

/// <summary>The synthetic clinical data commands: <c>generate</c> and <c>bench-clinical</c>.</summary>
internal static class ClinicalCommands
{
    public static RootCommand AddClinicalCommands(this RootCommand root)
    {
        root.Add(GenerateCommand.Create());
        root.Add(BenchClinicalCommand.Create());
        return root;
    }
}
