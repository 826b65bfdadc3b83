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

    /// <summary>Writes every file under <paramref name="directory"/> (created if needed) as UTF-8 without BOM.
    /// Large generated files are streamed to disk as they are produced, never held in memory whole.</summary>
    public void WriteTo(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        string Target(string path)
        {
            var target = Path.GetFullPath(Path.Combine(root, path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Scenario file path '{path}' leaves the output directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            return target;
        }

        var written = new HashSet<StreamedFiles>();
        foreach (var file in Files)
        {
            if (file.Source is null)
            {
                File.WriteAllText(Target(file.Path), file.Content, LabText.Utf8NoBom);
            }
            else if (written.Add(file.Source))
            {
                var writers = file.Source.Paths.Select(path => new StreamWriter(Target(path), append: false, LabText.Utf8NoBom)).ToList();
                try
                {
                    file.Source.Write(writers);
                }
                finally
                {
                    writers.ForEach(w => w.Dispose());
                }
            }
        }
    }
}

/// <summary>One scenario file.</summary>
public sealed class LabScenarioFile
{
    private readonly string? _content;

    /// <summary>A file whose text is already in memory.</summary>
    /// <param name="path">Relative path inside the scenario folder, with forward slashes.</param>
    /// <param name="mediaType">Media type, for example <c>text/csv</c> or <c>application/fhir+json</c>.</param>
    /// <param name="description">One line on what the file holds.</param>
    /// <param name="content">The file's text (LF line endings).</param>
    public LabScenarioFile(string path, string mediaType, string description, string content)
    {
        Path = path;
        MediaType = mediaType;
        Description = description;
        _content = content;
    }

    internal LabScenarioFile(string path, string mediaType, string description, StreamedFiles source)
    {
        Path = path;
        MediaType = mediaType;
        Description = description;
        Source = source;
    }

    /// <summary>Relative path inside the scenario folder, with forward slashes.</summary>
    public string Path { get; }

    /// <summary>Media type, for example <c>text/csv</c> or <c>application/fhir+json</c>.</summary>
    public string MediaType { get; }

    /// <summary>One line on what the file holds.</summary>
    public string Description { get; }

    /// <summary>The file's text (LF line endings). A large generated file (the data-quality extract at scale) is
    /// produced anew on each read and is not kept; <see cref="LabScenario.WriteTo"/> streams it to disk instead.</summary>
    public string Content
    {
        get
        {
            if (Source is null)
            {
                return _content!;
            }

            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            Source.Write([.. Source.Paths.Select(path => path == Path ? text : TextWriter.Null)]);
            return text.ToString();
        }
    }

    /// <summary>The files this one is generated with, when it is streamed rather than held in memory.</summary>
    internal StreamedFiles? Source { get; }
}

/// <summary>Scenario files produced together by one pass over generated data (the data-quality extract's three
/// tables come from one walk through the population), written straight to their destinations.</summary>
/// <param name="paths">The files' paths, in the order <paramref name="write"/> receives their writers.</param>
/// <param name="write">Writes every file, each to its writer; deterministic.</param>
internal sealed class StreamedFiles(IReadOnlyList<string> paths, Action<IReadOnlyList<TextWriter>> write)
{
    public IReadOnlyList<string> Paths { get; } = paths;

    public void Write(IReadOnlyList<TextWriter> writers) => write(writers);
}

internal static class LabText
{
    public static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
}
