using System.Text.RegularExpressions;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Microcred.Web.Features.Catalog.Content;

/// The YAML front matter of one content file: its typed value and where each key sits in the
/// file, so every message can name the line a writer has to fix.
internal sealed class FrontMatter<T>
    where T : class
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private readonly YamlMappingNode root;
    private readonly int lineOffset;

    private FrontMatter(string file, T value, YamlMappingNode root, int lineOffset)
    {
        File = file;
        Value = value;
        this.root = root;
        this.lineOffset = lineOffset;
    }

    public string File { get; }
    public T Value { get; }

    /// The file line of the opening '---'.
    public int FenceLine => lineOffset;

    public int LineOf(string key) =>
        Find(key) is { } node ? ToFileLine(node.Start.Line) : FenceLine;

    public int LineOfItem(string key, int index) =>
        root.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: var name } && name == key).Value is YamlSequenceNode sequence
        && index < sequence.Children.Count
            ? ToFileLine(sequence.Children[index].Start.Line)
            : LineOf(key);

    public bool Has(string key) => Find(key) is not null;

    public ContentError Error(string key, string message) => new(File, LineOf(key), message);

    public ContentError ItemError(string key, int index, string message) => new(File, LineOfItem(key, index), message);

    public static FrontMatter<T>? Read(string file, MarkdownDocument document, List<ContentError> errors)
    {
        if (document.FirstOrDefault() is not YamlFrontMatterBlock block)
        {
            errors.Add(new(file, 1,
                "missing YAML front matter: the file must start with a '---' line, then the keys, then a closing '---' line"));
            return null;
        }

        // Markdig counts lines from 0 and the YAML starts on the line after the fence, while
        // YamlDotNet counts from 1: YAML line n is file line n + fence line.
        var offset = block.Line + 1;
        var yaml = block.Lines.ToString();
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            errors.Add(new(file, (int)ex.Start.Line + offset, "the front matter is not valid YAML: " + CleanMessage(ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way when the text ends inside an open [ or {.
            var line = parser.Current is { } last ? (int)last.End.Line : 1;
            errors.Add(new(file, line + offset, "the front matter is not valid YAML: a '[' or '{' opened here is never closed"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new(file, offset, "the front matter must be a list of 'key: value' lines"));
            return null;
        }

        T? value;
        try
        {
            value = Deserializer.Deserialize<T>(yaml);
        }
        catch (YamlException ex)
        {
            errors.Add(new(file, (int)ex.Start.Line + offset, Describe(ex, root)));
            return null;
        }

        return value is null ? null : new FrontMatter<T>(file, value, root, offset);
    }

    private YamlNode? Find(string key) =>
        root.Children.Keys.FirstOrDefault(node => node is YamlScalarNode { Value: var name } && name == key);

    private int ToFileLine(long yamlLine) => (int)yamlLine + lineOffset;

    private static string Describe(YamlException ex, YamlMappingNode root)
    {
        var unknown = YamlMessages.UnknownProperty().Match(ex.Message);
        if (unknown.Success)
        {
            return $"unknown key '{unknown.Groups[1].Value}'";
        }

        var key = root.Children.Keys
            .OfType<YamlScalarNode>()
            .LastOrDefault(node => node.Start.Line <= ex.Start.Line)?.Value;
        var detail = ex.InnerException?.Message ?? CleanMessage(ex.Message);
        return key is null ? $"invalid value: {detail}" : $"'{key}' has an invalid value: {detail}";
    }

    private static string CleanMessage(string message) => YamlMessages.LocationPrefix().Replace(message, "");
}

internal static partial class YamlMessages
{
    [GeneratedRegex(@"Property '([^']+)' not found on type")]
    public static partial Regex UnknownProperty();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    public static partial Regex LocationPrefix();
}
