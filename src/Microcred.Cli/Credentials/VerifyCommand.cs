using System.CommandLine;
using Microcred.Credentials.Dids;
using Microcred.Credentials.Status;
using Microcred.Credentials.Verification;

namespace Microcred.Cli.Credentials;

/// <summary><c>microcred verify</c>: one JSON line per credential; exit 1 if any fails.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var statusLists = new Option<string[]>("--status-list") { Description = "A status list credential file to check status entries against (repeatable).", AllowMultipleArgumentsPerToken = false };
        var didDocuments = new Option<string[]>("--did-document") { Description = "A DID document (did.json) for a did:web issuer (repeatable).", AllowMultipleArgumentsPerToken = false };
        var now = new Option<string>("--now") { Description = "Verify as of this time instead of now (ISO 8601)." };
        var skew = new Option<int>("--clock-skew") { Description = "Seconds of clock difference tolerated on validity windows.", DefaultValueFactory = _ => 300 };
        var inputs = new Argument<string[]>("input") { Description = "A .json file (one credential or an array), a .jsonl file, a directory, or - for stdin.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "Verify Open Badges 3.0 credentials: proof, issuer, validity, status and shape.") { statusLists, didDocuments, now, skew, inputs };
        command.Action = new CliAction(async (parseResult, io, cancellationToken) =>
        {
            var paths = parseResult.GetValue(inputs);
            if (paths is null || paths.Length == 0)
            {
                throw new UsageException("Give at least one file, directory, or - for stdin.");
            }
            var lists = new StatusListCredentialSet();
            foreach (var file in parseResult.GetValue(statusLists) ?? [])
            {
                try
                {
                    lists.Add(CliInputs.ReadFile(file, "status list"));
                }
                catch (FormatException e)
                {
                    throw new UsageException($"'{file}' is not a status list credential: {e.Message}");
                }
            }
            var resolver = new DidResolver();
            foreach (var file in parseResult.GetValue(didDocuments) ?? [])
            {
                try
                {
                    resolver.Add(DidDocument.Parse(CliInputs.ReadFile(file, "DID document")));
                }
                catch (FormatException e)
                {
                    throw new UsageException($"'{file}' is not a DID document: {e.Message}");
                }
            }
            var clock = parseResult.GetValue(now) is { } at ? new FixedTimeProvider(CliInputs.ParseTime(at, "--now")) : TimeProvider.System;
            var seconds = parseResult.GetValue(skew);
            if (seconds < 0)
            {
                throw new UsageException("--clock-skew must not be negative.");
            }
            var verifier = new CredentialVerifier(new CredentialVerifierOptions
            {
                TimeProvider = clock,
                ClockSkew = TimeSpan.FromSeconds(seconds),
                DidResolver = resolver,
                StatusLists = lists,
            });

            var credentials = paths.SelectMany(p => CredentialInputs.Read(p, io.Input)).ToList();
            if (credentials.Count == 0)
            {
                throw new UsageException("The input holds no credentials.");
            }
            var failed = 0;
            foreach (var (_, json) in credentials)
            {
                var result = await verifier.VerifyAsync(json, cancellationToken).ConfigureAwait(false);
                if (!result.Verified)
                {
                    failed++;
                }
                io.Output.WriteLine(result.ToJson());
            }
            if (credentials.Count > 1)
            {
                io.Error.WriteLine($"{credentials.Count - failed} of {credentials.Count} credential(s) verified; {failed} failed.");
            }
            return failed == 0 ? ExitCode.Success : ExitCode.Failure;
        });
        return command;
    }
}

/// <summary>A clock stopped at one instant, for <c>--now</c>.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
