using System.Diagnostics;
using System.Text.Json;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>
/// The independent JavaScript verifier (shared/tools/ob3-verifier, installed with npm ci in a
/// writable copy named by MICROCRED_OB3_VERIFIER). Tests that need it skip locally when it is
/// missing and fail in CI. Each call runs one node process over a whole file of credentials.
/// </summary>
internal static class Ob3Verifier
{
    public sealed record Line(string? Id, bool Verified, string Errors);

    public static string Directory()
    {
        var dir = Environment.GetEnvironmentVariable("MICROCRED_OB3_VERIFIER");
        var usable = !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "node_modules", "@digitalbazaar", "vc", "package.json"));
        if (!usable)
        {
            var reason = $"MICROCRED_OB3_VERIFIER is not set to an ob3-verifier copy with npm ci done (it is '{dir}').";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason + " CI must provide it.");
            }
            Skip.If(true, reason);
        }
        return dir!;
    }

    /// <summary>Runs a script of the verifier and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(string script, params string[] arguments)
    {
        var dir = Directory();
        var start = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(dir, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {script} did not finish within 3 minutes.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>verify.mjs or verify-core.mjs: one result per credential, by id.</summary>
    public static Dictionary<string, Line> Verify(string script, params string[] arguments)
    {
        var (_, output, error) = Run(script, arguments);
        var results = new Dictionary<string, Line>(StringComparer.Ordinal);
        foreach (var text in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var line = JsonDocument.Parse(text);
            var root = line.RootElement;
            var id = root.GetProperty("id").GetString() ?? throw new InvalidOperationException($"{script} printed a result without id: {text}");
            results[id] = new Line(id, root.GetProperty("verified").GetBoolean(), root.GetProperty("errors").GetRawText());
        }
        Assert.True(results.Count > 0, $"{script} printed no results. stderr: {error}");
        return results;
    }
}
