using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Microcred.Cli;

/// <summary>The exit codes every <c>microcred</c> command uses.</summary>
internal static class ExitCode
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The work ran and found a failure: a credential failed verification, a benchmark target was missed.</summary>
    public const int Failure = 1;

    /// <summary>A usage error, or the command itself could not run: unknown lab, unreadable file, bad option value.</summary>
    public const int Usage = 2;

    public const string Explained =
        "Exit codes: 0 success; 1 the work ran and found a failure (a credential failed verification, a benchmark " +
        "target was missed); 2 a usage error or the command could not run (unknown option or lab, missing or bad " +
        "option value, unreadable file), with the reason and a hint on stderr.";
}

/// <summary>A mistake in how a command was called, or a reason it could not run (an unknown lab, an unreadable
/// file): reported on stderr with a hint to <c>--help</c> and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Parses and runs the command line under one exit-code rule (<see cref="ExitCode"/>) for every command:
/// parse errors and <see cref="UsageException"/>s are reported the same way, with exit code 2, whichever
/// command group they come from; <c>--help</c> ends with the rule.</summary>
internal static class MicrocredCommandLine
{
    public static int Invoke(RootCommand root, string[] args, InvocationConfiguration? configuration = null) =>
        // The invocation returns a finished task, so the rule's own await never waits here.
        RunAsync(root, args, configuration, (parse, config) => Task.FromResult(parse.Invoke(config))).GetAwaiter().GetResult();

    public static Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default) =>
        RunAsync(root, args, configuration, (parse, config) => parse.InvokeAsync(config, cancellationToken));

    private static async Task<int> RunAsync(RootCommand root, string[] args, InvocationConfiguration? configuration,
        Func<ParseResult, InvocationConfiguration, Task<int>> invoke)
    {
        var (parse, config) = Prepare(root, args, configuration);
        if (RefuseParseErrors(parse, config) is { } refused)
        {
            return refused;
        }

        try
        {
            return await invoke(parse, config).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return UsageError(parse, config, e.Message);
        }
#pragma warning disable CA1031 // Whatever went wrong, the command could not run: exit code 2 with the reason, not a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return CouldNotRun(config, e);
        }
    }

    private static (ParseResult Parse, InvocationConfiguration Config) Prepare(RootCommand root, string[] args, InvocationConfiguration? configuration)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: SynchronousCommandLineAction help and not HelpWithExitCodes } option)
        {
            option.Action = new HelpWithExitCodes(help);
        }

        // The library's own handler would report a usage exception as exit code 1; this class reports it as 2.
        var config = configuration ?? new InvocationConfiguration();
        config.EnableDefaultExceptionHandler = false;
        return (root.Parse(args), config);
    }

    private static int? RefuseParseErrors(ParseResult parse, InvocationConfiguration config)
    {
        // --help and --version stand even when the rest of the line does not parse.
        if (parse.Errors.Count == 0 || parse.Action is { ClearsParseErrors: true })
        {
            return null;
        }

        return UsageError(parse, config, string.Join(Environment.NewLine + "error: ", parse.Errors.Select(e => e.Message)));
    }

    private static int CouldNotRun(InvocationConfiguration config, Exception exception)
    {
        config.Error.WriteLine($"error: the command could not run: {exception.GetType().Name}: {exception.Message}");
        return ExitCode.Usage;
    }

    private static int UsageError(ParseResult parse, InvocationConfiguration config, string message)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Command is not RootCommand && result.Parent is CommandResult parent; result = parent)
        {
            names.Add(result.Command.Name);
        }

        names.Add("microcred");
        names.Reverse();
        config.Error.WriteLine($"error: {message}");
        config.Error.WriteLine($"Run '{string.Join(' ', names)} --help' for usage.");
        return ExitCode.Usage;
    }

    /// <summary>The library's help, followed by the exit-code rule.</summary>
    private sealed class HelpWithExitCodes(SynchronousCommandLineAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => help.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCode.Explained);
            return code;
        }
    }
}
