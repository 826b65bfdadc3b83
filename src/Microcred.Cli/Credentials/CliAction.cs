using System.CommandLine;
using System.CommandLine.Invocation;

namespace Microcred.Cli.Credentials;

/// <summary>A mistake in how a command was called: reported on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Runs a credential command. Every usage mistake (unknown argument, bad option value, missing
/// option, unreadable input file) is reported with a hint and exit code 2, separate from exit
/// code 1, which means "a credential failed".
/// </summary>
internal sealed class CliAction(string commandPath, Func<ParseResult, CommandIo, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public const int Usage = 2;

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var io = CommandIo.From(parseResult);
        var problems = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(t => $"Unrecognized argument '{t}'."))
            .ToList();
        if (problems.Count > 0)
        {
            return UsageError(io, string.Join(Environment.NewLine, problems));
        }
        try
        {
            return await run(parseResult, io, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return UsageError(io, e.Message);
        }
        catch (Microcred.Credentials.Proofs.CredentialFormatException e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private int UsageError(CommandIo io, string message)
    {
        io.Error.WriteLine($"error: {message}");
        io.Error.WriteLine($"Run 'microcred {commandPath} --help' for usage.");
        return Usage;
    }
}

/// <summary>The output streams of one invocation (redirectable for tests).</summary>
internal sealed record CommandIo(TextWriter Output, TextWriter Error, TextReader Input)
{
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public static CommandIo From(ParseResult parseResult) =>
        new(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, Console.In);
}

/// <summary>Option and file helpers shared by the credential commands.</summary>
internal static class CliInputs
{
    public static T Required<T>(ParseResult parseResult, Option<T> option)
    {
        var value = parseResult.GetValue(option);
        if (parseResult.GetResult(option) is null || value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            throw new UsageException($"Option '{option.Name}' is required.");
        }
        return value;
    }

    public static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"Cannot read the {what} '{path}': {e.Message}");
        }
    }

    public static Microcred.Credentials.Keys.Ed25519Multikey ReadKey(string path)
    {
        try
        {
            var key = Microcred.Credentials.Keys.Ed25519Multikey.FromJson(ReadFile(path, "key file"));
            if (!key.HasPrivateKey)
            {
                key.Dispose();
                throw new UsageException($"The key file '{path}' has no secret key, so it cannot sign.");
            }
            return key;
        }
        catch (FormatException e)
        {
            throw new UsageException($"The key file '{path}' is not usable: {e.Message}");
        }
    }

    public static void WriteNewFile(string path, string content, bool force, bool secret)
    {
        if (File.Exists(path) && !force)
        {
            throw new UsageException($"'{path}' exists; pass --force to overwrite it.");
        }
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            if (secret && !OperatingSystem.IsWindows())
            {
                using var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.Create,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                using var writer = new StreamWriter(stream);
                writer.Write(content);
                return;
            }
            File.WriteAllText(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write '{path}': {e.Message}");
        }
    }

    public static DateTimeOffset ParseTime(string text, string option)
    {
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }
        throw new UsageException($"{option} '{text}' is not a date or date-time (e.g. 2027-06-30 or 2027-06-30T12:00:00Z).");
    }
}
