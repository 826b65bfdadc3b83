using System.CommandLine;
using System.Text;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Status;

namespace Microcred.Cli.Credentials;

/// <summary><c>microcred status-list create|revoke|suspend|clear</c>.</summary>
internal static class StatusListCommands
{
    public static Command Create()
    {
        var group = new Command("status-list", "Create and update signed Bitstring Status Lists (revocation, suspension).")
        {
            CreateCommand(),
            ChangeCommand("revoke", "Set a credential's bit in a revocation list (permanent) and re-sign the list.", StatusPurposes.Revocation, set: true),
            ChangeCommand("suspend", "Set a credential's bit in a suspension list and re-sign the list.", StatusPurposes.Suspension, set: true),
            ChangeCommand("clear", "Clear a credential's bit (lift a suspension) and re-sign the list.", null, set: false),
        };
        group.Action = new CliAction((_, _, _) =>
            throw new UsageException("Choose a subcommand: create, revoke, suspend or clear."));
        return group;
    }

    private static Command CreateCommand()
    {
        var key = new Option<string>("--key") { Description = "The issuer key file; the list must be signed by the credentials' issuer. Required." };
        var url = new Option<string>("--url") { Description = "The URL the list will be published at (its id). Required." };
        var purpose = new Option<string>("--purpose") { Description = "revocation or suspension. Required." };
        purpose.AcceptOnlyFromAmong(StatusPurposes.Revocation, StatusPurposes.Suspension);
        var size = new Option<int>("--size") { Description = "Entries in the list (at least 131072, a multiple of 8).", DefaultValueFactory = _ => BitstringStatusList.MinimumLength };
        var output = new Option<string>("--out") { Description = "Where to write the signed list. Required." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("create", "Create an empty signed status list credential.") { key, url, purpose, size, output, force };
        command.Action = new CliAction(async (parseResult, io, cancellationToken) =>
        {
            using var issuerKey = CliInputs.ReadKey(CliInputs.Required(parseResult, key));
            var n = parseResult.GetValue(size);
            if (n < BitstringStatusList.MinimumLength || n > BitstringStatusList.MaximumLength || n % 8 != 0)
            {
                throw new UsageException($"--size must be a multiple of 8 between {BitstringStatusList.MinimumLength} and {BitstringStatusList.MaximumLength}.");
            }
            var path = CliInputs.Required(parseResult, output);
            if (File.Exists(path) && !parseResult.GetValue(force))
            {
                throw new UsageException($"'{path}' exists; pass --force to overwrite it.");
            }
            byte[] signed;
            try
            {
                signed = await StatusListCredential.CreateAsync(CliInputs.Required(parseResult, url), CliInputs.Required(parseResult, purpose), new BitstringStatusList(n),
                    issuerKey.CreateSigner(), DateTimeOffset.UtcNow, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            CliInputs.WriteNewFile(path, Encoding.UTF8.GetString(signed) + Environment.NewLine, force: true, secret: false);
            io.Error.WriteLine($"Wrote a {n:N0}-entry {parseResult.GetValue(purpose)} list to {path}; publish it at {parseResult.GetValue(url)}.");
            return ExitCode.Success;
        });
        return command;
    }

    private static Command ChangeCommand(string name, string description, string? requiredPurpose, bool set)
    {
        var key = new Option<string>("--key") { Description = "The issuer key file that signed the list. Required." };
        var list = new Option<string>("--list") { Description = "The status list file, updated in place. Required." };
        var index = new Option<int?>("--index") { Description = "The credential's statusListIndex. Required." };
        var force = new Option<bool>("--force") { Description = "With clear: allow clearing a revocation bit (revocation is meant to be permanent)." };
        var command = new Command(name, description) { key, list, index };
        if (!set)
        {
            command.Add(force);
        }
        command.Action = new CliAction(async (parseResult, io, cancellationToken) =>
        {
            using var issuerKey = CliInputs.ReadKey(CliInputs.Required(parseResult, key));
            var path = CliInputs.Required(parseResult, list);
            var position = parseResult.GetValue(index) ?? throw new UsageException("Option '--index' is required.");
            var json = CliInputs.ReadFile(path, "status list");
            StatusListCredentialContent content;
            try
            {
                content = StatusListCredential.Read(json);
            }
            catch (FormatException e)
            {
                throw new UsageException($"'{path}' is not a status list credential: {e.Message}");
            }
            if (requiredPurpose is not null && !content.StatusPurposes.Contains(requiredPurpose))
            {
                var other = requiredPurpose == StatusPurposes.Revocation ? "suspend" : "revoke";
                throw new UsageException($"'{path}' is a {string.Join("/", content.StatusPurposes)} list; use 'status-list {other}' or a {requiredPurpose} list.");
            }
            if (!set && content.StatusPurposes.Contains(StatusPurposes.Revocation) && !parseResult.GetValue(force))
            {
                throw new UsageException("Revocation is permanent; pass --force to clear a revocation bit anyway (e.g. to undo a mistake).");
            }
            if (position < 0 || position >= content.List.Length)
            {
                throw new UsageException($"--index must be between 0 and {content.List.Length - 1}.");
            }
            byte[] signed;
            try
            {
                signed = await StatusListCredential.UpdateAsync(json, bits => bits[position] = set, issuerKey.CreateSigner(), DateTimeOffset.UtcNow, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            CliInputs.WriteNewFile(path, Encoding.UTF8.GetString(signed) + Environment.NewLine, force: true, secret: false);
            var verb = set ? (requiredPurpose == StatusPurposes.Revocation ? "revoked" : "suspended") : "cleared";
            io.Error.WriteLine($"Index {position} {verb} in {content.Id}; the list in {path} is re-signed. Publish it to make the change visible.");
            return ExitCode.Success;
        });
        return command;
    }
}
