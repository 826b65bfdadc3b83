using System.CommandLine;
using Microcred.Credentials.Keys;

namespace Microcred.Cli.Credentials;

/// <summary><c>microcred keygen</c>: a new Ed25519 issuer key and its did:key.</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write the key (Multikey JSON with the SECRET key). Required." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("keygen", "Create an Ed25519 issuer key and its did:key; the file holds the secret key.") { output, force };
        command.Action = new CliAction((parseResult, io, _) =>
        {
            var path = CliInputs.Required(parseResult, output);
            using var key = Ed25519Multikey.Generate();
            CliInputs.WriteNewFile(path, key.ToJson(includeSecretKey: true) + Environment.NewLine, parseResult.GetValue(force), secret: true);
            io.Output.WriteLine(key.Controller);
            io.Error.WriteLine($"warning: {path} contains the secret key of {key.Controller}. Keep it private; anyone with it can issue credentials in this issuer's name.");
            return Task.FromResult(ExitCode.Success);
        });
        return command;
    }
}
