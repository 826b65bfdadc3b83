using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Rdf;

namespace Microcred.Cli.Credentials;

/// <summary><c>microcred canonicalize FILE</c>: the RDFC-1.0 canonical N-Quads of N-Quads or JSON-LD.</summary>
internal static class CanonicalizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("file") { Description = "An N-Quads (.nq) or JSON-LD (.json, .jsonld) file." };
        var command = new Command("canonicalize", "Print the RDFC-1.0 canonical N-Quads of an N-Quads or JSON-LD file (bundled contexts only, safe mode).") { input };
        command.Action = new CliAction((parseResult, io, _) =>
        {
            var path = parseResult.GetValue(input) ?? throw new UsageException("Give an .nq, .json or .jsonld file.");
            var text = CliInputs.ReadFile(path, "file");
            IReadOnlyList<Quad> quads;
            if (path.EndsWith(".nq", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    quads = NQuads.Parse(text);
                }
                catch (NQuadsParseException e)
                {
                    io.Error.WriteLine($"error: {path}:{e.Line}:{e.Column}: {e.Reason}");
                    return Task.FromResult(ExitCode.Failure);
                }
            }
            else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonld", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    quads = JsonLdProcessor.ToRdf(document.RootElement);
                }
                catch (JsonException e)
                {
                    io.Error.WriteLine($"error: {path} is not JSON: {e.Message}");
                    return Task.FromResult(ExitCode.Failure);
                }
                catch (JsonLdException e)
                {
                    io.Error.WriteLine($"error: {path}: JSON-LD {e.Code}: {e.Message}");
                    return Task.FromResult(ExitCode.Failure);
                }
            }
            else
            {
                throw new UsageException($"'{path}' must end in .nq, .json or .jsonld.");
            }
            try
            {
                io.Output.Write(Encoding.UTF8.GetString(Rdfc10Canonicalizer.Canonicalize(quads).Utf8.Span));
            }
            catch (RdfCanonicalizationException e)
            {
                io.Error.WriteLine($"error: {path}: {e.Message}");
                return Task.FromResult(ExitCode.Failure);
            }
            return Task.FromResult(ExitCode.Success);
        });
        return command;
    }
}
