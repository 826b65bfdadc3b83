using System.CommandLine;
using System.CommandLine.Invocation;

namespace Microcred.Cli.Credentials;

/// <summary>
/// Runs a credential command with its output streams. Usage mistakes (parse errors, <see cref="UsageException"/>)
/// are reported by <see cref="MicrocredCommandLine"/> with exit code 2 like every other command's; a credential
/// that cannot be processed is a failure of the work, exit code 1.
/// </summary>
internal sealed class CliAction(Func<ParseResult, CommandIo, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var io = CommandIo.From(parseResult);
        try
        {
            return await run(parseResult, io, cancellationToken).ConfigureAwait(false);
        }
        catch (Microcred.Credentials.Proofs.CredentialFormatException e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return ExitCode.Failure;
        }
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
