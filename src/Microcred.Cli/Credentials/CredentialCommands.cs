using System.CommandLine;

namespace Microcred.Cli.Credentials;

/// <summary>Registers the credential commands on the root command.</summary>
internal static class CredentialCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Add(KeygenCommand.Create());
        root.Add(IssueCommand.Create());
        root.Add(VerifyCommand.Create());
        root.Add(StatusListCommands.Create());
        root.Add(CanonicalizeCommand.Create());
        root.Add(BenchCommand.Create());
    }
}
