using System.Collections.Frozen;

namespace Microcred.Credentials.JsonLd;

internal static class Keywords
{
    public const string Base = "@base";
    public const string Container = "@container";
    public const string Context = "@context";
    public const string Direction = "@direction";
    public const string Graph = "@graph";
    public const string Id = "@id";
    public const string Import = "@import";
    public const string Included = "@included";
    public const string Index = "@index";
    public const string Json = "@json";
    public const string Language = "@language";
    public const string List = "@list";
    public const string Nest = "@nest";
    public const string None = "@none";
    public const string Prefix = "@prefix";
    public const string Propagate = "@propagate";
    public const string Protected = "@protected";
    public const string Reverse = "@reverse";
    public const string Set = "@set";
    public const string Type = "@type";
    public const string Value = "@value";
    public const string Version = "@version";
    public const string Vocab = "@vocab";
    public const string Default = "@default";

    private static readonly FrozenSet<string> All = new[]
    {
        Base, Container, Context, Direction, Graph, Id, Import, Included, Index, Json, Language, List, Nest,
        None, Prefix, Propagate, Protected, Reverse, Set, Type, Value, Version, Vocab,
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKeyword(string? value) => value is not null && value.Length > 1 && value[0] == '@' && All.Contains(value);

    /// <summary>True for <c>"@" 1*ALPHA</c>: reserved for future keywords, and ignored.</summary>
    public static bool HasKeywordForm(string value)
    {
        if (value.Length < 2 || value[0] != '@')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiLetter(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}

internal static class Errors
{
    public static JsonLdException Syntax(string code, string detail) => new(code, $"JSON-LD error '{code}': {detail}");
}

/// <summary>Counts work against <see cref="JsonLdOptions.MaxElements"/> so hostile input fails fast.</summary>
internal sealed class WorkBudget(int max, int maxDepth)
{
    private int used;
    private int contextDepth;

    /// <summary>Context processing recurses through scoped contexts; bound it like the document's own nesting.</summary>
    public void EnterContext()
    {
        if (++contextDepth > maxDepth)
        {
            throw new JsonLdException(
                JsonLdErrorCodes.MaxDepthExceeded,
                $"JSON-LD contexts nest deeper than {maxDepth} levels (JsonLdOptions.MaxDepth).");
        }
    }

    public void ExitContext() => contextDepth--;

    public void Spend(int amount)
    {
        used += amount;
        if (used > max)
        {
            throw new JsonLdException(
                JsonLdErrorCodes.MaxElementsExceeded,
                $"The JSON-LD input is too large: processing it needs more than {max} steps (JsonLdOptions.MaxElements).");
        }
    }
}
