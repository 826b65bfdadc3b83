using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Microcred.Web.Tests.Infrastructure;

/// The site as an operator runs it: its own process (`dotnet Microcred.Web.dll`), working
/// directory, environment and exit code. For what only a whole process shows: the start-up
/// refusal and its exit code, and files written relative to the working directory.
public sealed partial class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private AppProcess(Process process)
    {
        this.process = process;
    }

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    /// Starts the app in `workingDirectory` with exactly the given settings (as environment
    /// variables) on top of a clean environment: nothing from the test run's own settings leaks in.
    public static AppProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Microcred.Web.dll"));
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                || name.Contains("__", StringComparison.Ordinal) || name.StartsWith("MICROCRED_", StringComparison.Ordinal))
            {
                info.Environment.Remove(name);
            }
        }
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (name, value) in settings)
        {
            info.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, line) => app.Append(line.Data);
        process.ErrorDataReceived += (_, line) => app.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (gate)
            {
                output.AppendLine(line);
            }
        }
    }

    /// The exit code, or a failure if the app is still running after the timeout (it started).
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"The app was still running after {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        return process.ExitCode;
    }

    /// The address the app listens on, once it serves; a failure if it exits or takes too long.
    public async Task<Uri> ListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (ListeningOn().Match(Output) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} instead of serving. Output:\n{Output}");
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The app did not start serving within {timeout.TotalSeconds:0} s. Output:\n{Output}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
