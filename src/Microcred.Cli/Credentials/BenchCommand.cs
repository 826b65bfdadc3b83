using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Verification;
using NSec.Cryptography;

namespace Microcred.Cli.Credentials;

/// <summary>
/// <c>microcred bench</c>: our sign and verify throughput next to the JavaScript stack on the same
/// credentials and raw Ed25519, measured in one run, with the ratios against the targets.
/// </summary>
internal static class BenchCommand
{
    private const double JavaScriptFactorTarget = 10;
    private const double RawVerifyShareTarget = 0.25;
    private const string ScriptName = "js-credentials-bench.mjs";
    private const int WarmupOperations = 4000;
    private const int WarmupBatch = 500;
    private const int MaxWarmupOperations = 40_000;

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Credentials to sign and verify.", DefaultValueFactory = _ => 1000 };
        var verifier = new Option<string>("--verifier") { Description = "A copy of the ob3-verifier with npm ci done (default: $MICROCRED_OB3_VERIFIER)." };
        var script = new Option<string>("--script") { Description = $"The JavaScript bench script (default: bench/{ScriptName} of the repository)." };
        var command = new Command("bench", "Benchmark credential signing and verification against the JavaScript stack and raw Ed25519.") { count, verifier, script };
        command.Action = new CliAction(async (parseResult, io, cancellationToken) =>
        {
            var n = parseResult.GetValue(count);
            if (n is < 10 or > 100_000)
            {
                throw new UsageException("--count must be between 10 and 100,000.");
            }
            var verifierDir = parseResult.GetValue(verifier) ?? Environment.GetEnvironmentVariable("MICROCRED_OB3_VERIFIER");
            if (verifierDir is not null && !File.Exists(Path.Combine(verifierDir, "node_modules", "@digitalbazaar", "vc", "package.json")))
            {
                throw new UsageException($"'{verifierDir}' is not an ob3-verifier copy with node_modules (run npm ci in it).");
            }
            var scriptPath = parseResult.GetValue(script) ?? FindScript();
            if (verifierDir is not null && (scriptPath is null || !File.Exists(scriptPath)))
            {
                throw new UsageException($"The JavaScript bench script was not found; pass --script PATH/bench/{ScriptName}.");
            }
            return await RunAsync(io, n, verifierDir, scriptPath, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandIo io, int count, string? verifierDir, string? scriptPath, CancellationToken cancellationToken)
    {
        using var key = Ed25519Multikey.Generate();
        var issuer = new OpenBadgeIssuer(key.CreateSigner());
        var verifier = new CredentialVerifier();
        var profile = new Profile { Id = key.Controller, Name = "Microcred Health Informatics Academy", Url = "https://academy.example.org" };
        var unsigned = Enumerable.Range(0, count).Select(i =>
        {
            var (name, email) = DemoCredentials.Learner(i);
            return new OpenBadgeCredentialBuilder(profile, DemoCredentials.Achievements[i % DemoCredentials.Achievements.Count])
                .ForEmail(email).WithRecipientName(name).Build();
        }).ToList();

        io.Error.WriteLine($"Warming up (at least {WarmupOperations} signs and verifies, until the JIT is done), then signing and verifying {count} credentials on one thread…");
        // Tiered JIT needs thousands of calls before the hot paths run optimized code, and longer
        // on a busy machine, so warm up on the real work rather than a token number of calls. Its
        // background compiler's CPU time counts in this process's, so measuring while it still
        // recompiles would charge compilation to sign and verify: warm up until a whole batch
        // compiles nothing new.
        var pool = Math.Min(count, 500);
        var warmups = 0;
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < WarmupBatch; i++, warmups++)
            {
                var warm = await issuer.IssueAsync(unsigned[warmups % pool], cancellationToken: cancellationToken).ConfigureAwait(false);
                await verifier.VerifyAsync(warm, cancellationToken).ConfigureAwait(false);
            }
        }
        while (warmups < MaxWarmupOperations && (warmups < WarmupOperations || System.Runtime.JitInfo.GetCompiledMethodCount() != compiled));

        // Raw Ed25519 is measured before and after our own run and averaged, so a change in the
        // machine's load during the run does not fall on one side of the ratio only.
        var (rawSignBefore, rawVerifyBefore) = MeasureRawEd25519();
        var signed = new byte[count][];
        var signRate = await MeasureAsync(count, async () =>
        {
            for (var i = 0; i < count; i++)
            {
                signed[i] = await issuer.IssueAsync(unsigned[i], cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var failed = 0;
        string? firstFailure = null;
        var verifyRate = await MeasureAsync(count, async () =>
        {
            foreach (var credential in signed)
            {
                var result = await verifier.VerifyAsync(credential, cancellationToken).ConfigureAwait(false);
                if (!result.Verified)
                {
                    failed++;
                    firstFailure ??= result.ToJson();
                }
            }
        }).ConfigureAwait(false);
        if (failed > 0)
        {
            io.Error.WriteLine($"error: {failed} of our own credentials failed verification, e.g. {firstFailure}");
            return ExitCode.Failure;
        }

        io.Error.WriteLine("Measuring the JSON-LD and RDFC-1.0 stages of verification on their own…");
        var stages = VerifyStages.Measure(signed);
        var (rawSignAfter, rawVerifyAfter) = MeasureRawEd25519();
        var rawSign = Average(rawSignBefore, rawSignAfter);
        var rawVerify = Average(rawVerifyBefore, rawVerifyAfter);
        JavaScriptFigures? js = null;
        string? jsNote = null;
        if (verifierDir is null)
        {
            jsNote = "not measured: pass --verifier DIR or set MICROCRED_OB3_VERIFIER";
        }
        else
        {
            (js, jsNote) = await RunJavaScriptAsync(io, key, signed, verifierDir, scriptPath!, cancellationToken).ConfigureAwait(false);
        }

        var o = io.Output;
        o.WriteLine($"Credential benchmark: {count} Open Badges 3.0 credentials, eddsa-rdfc-2022, one thread, after {warmups} warm-up signs and verifies ({Environment.ProcessorCount} CPUs, .NET {Environment.Version})");
        o.WriteLine();
        o.WriteLine($"{"operation",-52} {"per second",12} {"per CPU-second",15}");
        Row(o, "Microcred sign (build JSON, RDFC-1.0 x2, Ed25519)", signRate);
        Row(o, "Microcred verify (shape, proof, issuer, validity)", verifyRate);
        if (js is not null)
        {
            Row(o, $"JavaScript sign, vc.issue (node {js.Node})", js.Sign);
            Row(o, "JavaScript verify, vc.verifyCredential", js.Verify);
        }
        else
        {
            o.WriteLine($"{"JavaScript sign / verify",-52} {jsNote}");
        }
        Row(o, "raw Ed25519 sign of 64 bytes (NSec)", rawSign);
        Row(o, "raw Ed25519 verify of 64 bytes (NSec)", rawVerify);
        o.WriteLine();
        WriteStages(o, stages, verifyRate, signRate, rawVerify);
        o.WriteLine();
        o.WriteLine("targets (on CPU time, which other work on a shared machine does not inflate):");
        var allPass = true;
        if (js is not null)
        {
            allPass &= Target(o, $"sign >= {JavaScriptFactorTarget}x JavaScript", signRate.PerCpuSecond / js.Sign.PerCpuSecond, JavaScriptFactorTarget, "x");
            allPass &= Target(o, $"verify >= {JavaScriptFactorTarget}x JavaScript", verifyRate.PerCpuSecond / js.Verify.PerCpuSecond, JavaScriptFactorTarget, "x");
        }
        else
        {
            o.WriteLine($"  {"sign and verify >= 10x JavaScript",-44} n/a ({jsNote})");
        }
        allPass &= Target(o, "verify >= 25 % of raw Ed25519 verify", verifyRate.PerCpuSecond / rawVerify.PerCpuSecond, RawVerifyShareTarget, "%");
        return allPass && js is not null ? 0 : 1;
    }

    /// <summary>Where one verify's CPU time goes, in microseconds; the stages were measured alone on the same credentials.</summary>
    private static void WriteStages(TextWriter o, VerifyStages.Figures stages, Rate verify, Rate sign, Rate rawVerify)
    {
        var whole = 1e6 / verify.PerCpuSecond;
        var ed25519 = 1e6 / rawVerify.PerCpuSecond;
        var rest = whole - stages.ToRdfCredential - stages.ToRdfProofConfiguration - stages.RdfcCredential - stages.RdfcProofConfiguration - ed25519;
        o.WriteLine("where one verify's CPU time goes (µs per credential; each stage measured alone on the same credentials):");
        Stage(o, $"JSON-LD toRdf of the credential ({stages.CredentialQuads} quads)", stages.ToRdfCredential, whole);
        Stage(o, $"JSON-LD toRdf of the proof configuration ({stages.ProofConfigurationQuads} quads)", stages.ToRdfProofConfiguration, whole);
        Stage(o, "RDFC-1.0 of the credential", stages.RdfcCredential, whole);
        Stage(o, "RDFC-1.0 of the proof configuration", stages.RdfcProofConfiguration, whole);
        Stage(o, "Ed25519 verify (the raw figure above)", ed25519, whole);
        Stage(o, "the rest: JSON parsing, checks, key, SHA-256", rest, whole);
        Stage(o, "whole verify", whole, whole);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"whole sign, for comparison",-58} {1e6 / sign.PerCpuSecond,8:F1}"));
    }

    private static void Stage(TextWriter o, string label, double microseconds, double whole) =>
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-58} {microseconds,8:F1} {microseconds / whole * 100,6:F1} %"));

    private static void Row(TextWriter o, string label, Rate rate) =>
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-52} {rate.PerSecond,12:N0} {rate.PerCpuSecond,15:N0}"));

    /// <summary>Operations per wall-clock second and per second of this process's CPU time.</summary>
    internal readonly record struct Rate(double PerSecond, double PerCpuSecond);

    private static async Task<Rate> MeasureAsync(int operations, Func<Task> work)
    {
        var cpu = CpuTime();
        var stopwatch = Stopwatch.StartNew();
        await work().ConfigureAwait(false);
        var wall = stopwatch.Elapsed.TotalSeconds;
        var used = (CpuTime() - cpu).TotalSeconds;
        return new Rate(operations / wall, operations / Math.Max(used, 1e-6));
    }

    private static Rate Average(Rate a, Rate b) => new((a.PerSecond + b.PerSecond) / 2, (a.PerCpuSecond + b.PerCpuSecond) / 2);

    internal static Rate Measure(int operations, Action work) =>
        MeasureAsync(operations, () => { work(); return Task.CompletedTask; }).GetAwaiter().GetResult();

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static bool Target(TextWriter o, string label, double ratio, double target, string unit)
    {
        var pass = ratio >= target;
        var shown = unit == "%"
            ? string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:F1} % (target {target * 100:F0} %)")
            : string.Create(CultureInfo.InvariantCulture, $"{ratio:F1}x (target {target:F0}x)");
        o.WriteLine($"  {label,-44} {shown,-28} {(pass ? "PASS" : "FAIL")}");
        return pass;
    }

    private static (Rate Sign, Rate Verify) MeasureRawEd25519()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(algorithm);
        var message = new byte[64];
        Random.Shared.NextBytes(message);
        var signature = algorithm.Sign(key, message);
        for (var i = 0; i < 2000; i++)
        {
            algorithm.Verify(key.PublicKey, message, signature);
            algorithm.Sign(key, message);
        }
        const int signs = 40_000;
        var signRate = Measure(signs, () =>
        {
            for (var i = 0; i < signs; i++)
            {
                algorithm.Sign(key, message);
            }
        });
        const int verifies = 20_000;
        var verifyRate = Measure(verifies, () =>
        {
            for (var i = 0; i < verifies; i++)
            {
                if (!algorithm.Verify(key.PublicKey, message, signature))
                {
                    throw new InvalidOperationException("Ed25519 verification of a fresh signature failed.");
                }
            }
        });
        return (signRate, verifyRate);
    }

    private sealed record JavaScriptFigures(Rate Sign, Rate Verify, string Node);

    private static async Task<(JavaScriptFigures?, string?)> RunJavaScriptAsync(CommandIo io, Ed25519Multikey key, byte[][] signed, string verifierDir, string scriptPath, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("microcred-bench-");
        var script = Path.Combine(verifierDir, $".microcred-bench-{Guid.NewGuid():N}.mjs");
        try
        {
            var keyFile = Path.Combine(work.FullName, "key.json");
            var credentialsFile = Path.Combine(work.FullName, "credentials.jsonl");
            await File.WriteAllTextAsync(keyFile, key.ToJson(includeSecretKey: true), cancellationToken).ConfigureAwait(false);
            await using (var writer = new StreamWriter(credentialsFile, false, new UTF8Encoding(false)))
            {
                foreach (var credential in signed)
                {
                    await writer.WriteLineAsync(Encoding.UTF8.GetString(credential).AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
            // The script imports the verifier's packages, so it has to sit inside that folder.
            File.Copy(scriptPath, script);
            io.Error.WriteLine("Running the JavaScript stack on the same credentials…");
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = verifierDir };
            foreach (var argument in new[] { script, keyFile, credentialsFile, "300" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            if (root.GetProperty("failed").GetInt32() > 0)
            {
                return (null, $"the JavaScript verifier rejected {root.GetProperty("failed").GetInt32()} of our credentials: {root.GetProperty("failures").GetRawText()}");
            }
            _ = await stderr.ConfigureAwait(false);
            return (new JavaScriptFigures(
                new Rate(root.GetProperty("signPerSecond").GetDouble(), root.GetProperty("signPerCpuSecond").GetDouble()),
                new Rate(root.GetProperty("verifyPerSecond").GetDouble(), root.GetProperty("verifyPerCpuSecond").GetDouble()),
                root.GetProperty("node").GetString() ?? "?"), null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException or IOException or KeyNotFoundException)
        {
            return (null, $"not measured: {e.Message}");
        }
        finally
        {
            File.Delete(script);
            work.Delete(recursive: true);
        }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", ScriptName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
