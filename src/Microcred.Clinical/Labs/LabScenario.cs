namespace Microcred.Clinical.Labs;

/// <summary>The files a learner works on, plus the README that carries the task statement.</summary>
public sealed class LabScenario
{
    internal LabScenario(LabInfo lab, LabScenarioRequest request, IReadOnlyList<LabScenarioFile> files)
    {
        Lab = lab;
        Request = request;
        Files = files;
    }

    /// <summary>The lab this scenario belongs to.</summary>
    public LabInfo Lab { get; }

    /// <summary>The request the scenario was built from.</summary>
    public LabScenarioRequest Request { get; }

    /// <summary>The scenario's files, README.md first.</summary>
    public IReadOnlyList<LabScenarioFile> Files { get; }

    /// <summary>Writes every file under <paramref name="directory"/> (created if needed) as UTF-8 without BOM.</summary>
    public void WriteTo(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        foreach (var file in Files)
        {
            var target = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Scenario file path '{file.Path}' leaves the output directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, file.Content, LabText.Utf8NoBom);
        }
    }
}

/// <summary>One scenario file.</summary>
/// <param name="Path">Relative path inside the scenario folder, with forward slashes.</param>
/// <param name="MediaType">Media type, for example <c>text/csv</c> or <c>application/fhir+json</c>.</param>
/// <param name="Description">One line on what the file holds.</param>
/// <param name="Content">The file's text (LF line endings).</param>
public sealed record LabScenarioFile(string Path, string MediaType, string Description, string Content);

internal static class LabText
{
    public static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
}
