using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Status;
using Spectre.Console;
using Profile = Microcred.Credentials.OpenBadges.Profile;

namespace Microcred.Cli.Credentials;

/// <summary><c>microcred issue</c>: sign one credential, or many demonstration credentials.</summary>
internal static class IssueCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The issuer key file (from 'microcred keygen'). Required." };
        var achievement = new Option<string>("--achievement") { Description = "The achievement as OB 3.0 Achievement JSON (see src/Microcred.Cli/Credentials/README.md)." };
        var recipient = new Option<string>("--recipient") { Description = "The learner's e-mail address (stored salted and hashed)." };
        var name = new Option<string>("--name") { Description = "The learner's name as shown on the credential." };
        var validUntil = new Option<string>("--valid-until") { Description = "Expiry date or date-time (UTC if no zone)." };
        var statusList = new Option<string>("--status-list") { Description = "A status list file (from 'microcred status-list create') to give the credential an entry in." };
        var statusIndex = new Option<int?>("--status-index") { Description = "The credential's index in that list." };
        var issuerName = new Option<string>("--issuer-name") { Description = "The issuer's display name.", DefaultValueFactory = _ => "Microcred Health Informatics Academy" };
        var issuerUrl = new Option<string>("--issuer-url") { Description = "The issuer's home page." };
        var demo = new Option<bool>("--demo") { Description = "Issue synthetic demonstration credentials instead." };
        var count = new Option<int>("--count") { Description = "How many demonstration credentials.", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "With --demo: the JSON Lines file to write." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --out file." };
        var command = new Command("issue", "Sign an Open Badges 3.0 credential (eddsa-rdfc-2022) and print it.")
        {
            key, achievement, recipient, name, validUntil, statusList, statusIndex, issuerName, issuerUrl, demo, count, output, force,
        };
        command.Action = new CliAction(async (parseResult, io, cancellationToken) =>
        {
            using var issuerKey = CliInputs.ReadKey(CliInputs.Required(parseResult, key));
            var issuer = new Profile
            {
                Id = issuerKey.Controller,
                Name = parseResult.GetValue(issuerName)!,
                Url = parseResult.GetValue(issuerUrl),
            };
            var profileErrors = OpenBadgeJson.Validate(issuer);
            if (profileErrors.Count > 0)
            {
                throw new UsageException(string.Join(" ", profileErrors));
            }
            DateTimeOffset? until = parseResult.GetValue(validUntil) is { } u ? CliInputs.ParseTime(u, "--valid-until") : null;
            if (parseResult.GetValue(demo))
            {
                if (parseResult.GetResult(achievement) is not null || parseResult.GetResult(recipient) is not null || parseResult.GetResult(statusList) is not null)
                {
                    throw new UsageException("--demo makes its own achievements and learners; leave out --achievement, --recipient and --status-list.");
                }
                var n = parseResult.GetValue(count);
                if (n is < 1 or > 1_000_000)
                {
                    throw new UsageException("--count must be between 1 and 1,000,000.");
                }
                return await IssueDemoAsync(io, issuerKey, issuer, until, n, CliInputs.Required(parseResult, output), parseResult.GetValue(force), cancellationToken).ConfigureAwait(false);
            }

            var achievementPath = CliInputs.Required(parseResult, achievement);
            Achievement parsed;
            try
            {
                parsed = OpenBadgeJson.ParseAchievement(CliInputs.ReadFile(achievementPath, "achievement file"));
            }
            catch (OpenBadgeValidationException e)
            {
                throw new UsageException($"The achievement file '{achievementPath}' is not valid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", e.Errors));
            }
            var builder = new OpenBadgeCredentialBuilder(issuer, parsed);
            try
            {
                builder.ForEmail(CliInputs.Required(parseResult, recipient)).WithRecipientName(CliInputs.Required(parseResult, name));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (until is { } expiry)
            {
                builder.ValidUntil(expiry);
            }
            var listPath = parseResult.GetValue(statusList);
            var index = parseResult.GetValue(statusIndex);
            if ((listPath is null) != (index is null))
            {
                throw new UsageException("--status-list and --status-index go together.");
            }
            if (listPath is not null)
            {
                builder.WithStatus(StatusEntry(listPath, index!.Value, issuerKey.Controller));
            }
            OpenBadgeCredential credential;
            try
            {
                credential = builder.Build();
            }
            catch (OpenBadgeValidationException e)
            {
                throw new UsageException(string.Join(" ", e.Errors));
            }
            var signed = await new OpenBadgeIssuer(issuerKey.CreateSigner()).IssueAsync(credential, indented: true, cancellationToken).ConfigureAwait(false);
            io.Output.WriteLine(Encoding.UTF8.GetString(signed));
            return ExitCode.Success;
        });
        return command;
    }

    private static BitstringStatusListEntry StatusEntry(string listPath, int index, string issuerDid)
    {
        StatusListCredentialContent list;
        try
        {
            list = StatusListCredential.Read(CliInputs.ReadFile(listPath, "status list"));
        }
        catch (FormatException e)
        {
            throw new UsageException($"'{listPath}' is not a status list credential: {e.Message}");
        }
        if (list.IssuerId != issuerDid)
        {
            throw new UsageException($"The status list was issued by {list.IssuerId}, not by this key ({issuerDid}); verifiers would reject the status check.");
        }
        if (index < 0 || index >= list.List.Length)
        {
            throw new UsageException($"--status-index must be between 0 and {list.List.Length - 1}.");
        }
        return BitstringStatusListEntry.Create(list.Id, list.StatusPurposes[0], index);
    }

    private static async Task<int> IssueDemoAsync(CommandIo io, Ed25519Multikey key, Profile issuer, DateTimeOffset? until, int count, string path, bool force, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && !force)
        {
            throw new UsageException($"'{path}' exists; pass --force to overwrite it.");
        }
        var issuing = new OpenBadgeIssuer(key.CreateSigner());
        var stopwatch = Stopwatch.StartNew();
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            async Task IssueAll(Action<int> progress)
            {
                for (var i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (name, email) = DemoCredentials.Learner(i);
                    var builder = new OpenBadgeCredentialBuilder(issuer, DemoCredentials.Achievements[i % DemoCredentials.Achievements.Count])
                        .ForEmail(email).WithRecipientName(name);
                    if (until is { } expiry)
                    {
                        builder.ValidUntil(expiry);
                    }
                    var signed = await issuing.IssueAsync(builder.Build(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    await writer.WriteLineAsync(Encoding.UTF8.GetString(signed).AsMemory(), cancellationToken).ConfigureAwait(false);
                    progress(i + 1);
                }
            }

            if (io.ErrorIsTerminal)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                await console.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask("Signing credentials", maxValue: count);
                    await IssueAll(done => task.Value = done).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            else
            {
                var step = Math.Max(1, count / 10);
                await IssueAll(done =>
                {
                    if (done % step == 0 || done == count)
                    {
                        io.Error.WriteLine($"issued {done}/{count}");
                    }
                }).ConfigureAwait(false);
            }
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        io.Error.WriteLine($"Signed {count} demonstration credential(s) into {path} in {seconds:F1} s ({count / Math.Max(seconds, 1e-9):F0}/s), issuer {key.Controller}.");
        return ExitCode.Success;
    }
}
