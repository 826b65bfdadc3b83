using System.CommandLine;
using System.Diagnostics;
using Microcred.Cli.Credentials;

namespace Microcred.Cli.Tests;

/// <summary>Runs commands in-process with captured output, through the same exit-code rule as the real entry point.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs the credential commands.</summary>
    public static Task<Result> RunAsync(params string[] args) => RunAsync(CredentialCommands.AddTo, args);

    public static async Task<Result> RunAsync(Action<RootCommand> register, params string[] args)
    {
        var root = new RootCommand("microcred");
        register(root);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MicrocredCommandLine.InvokeAsync(root, args, new InvocationConfiguration { Output = output, Error = error });
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Result Run(Action<RootCommand> register, params string[] args)
    {
        var root = new RootCommand("microcred");
        register(root);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = MicrocredCommandLine.Invoke(root, args, new InvocationConfiguration { Output = output, Error = error });
        return new Result(code, output.ToString(), error.ToString());
    }
}

/// <summary>Runs the real <c>microcred</c> entry point (Program.cs, every command group) as a separate process.</summary>
internal static class MicrocredProcess
{
    public static CliRunner.Result Run(string? stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "microcred.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "microcred did not finish");
        return new CliRunner.Result(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("microcred-cli-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
