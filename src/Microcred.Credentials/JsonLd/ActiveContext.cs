using System.Collections.Concurrent;
using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

[Flags]
internal enum Containers
{
    None = 0,
    Graph = 1,
    Id = 2,
    Index = 4,
    Language = 8,
    List = 16,
    Set = 32,
    Type = 64,
}

/// <summary>A scoped context attached to a term definition; its identity keys the derived-context cache.</summary>
internal sealed class ScopedContext(JsonElement value, string? baseUrl)
{
    public JsonElement Value { get; } = value;

    public string? BaseUrl { get; } = baseUrl;
}

/// <summary>A term definition of the JSON-LD 1.1 active context.</summary>
internal sealed class TermDefinition
{
    /// <summary>The IRI mapping; null when the term is explicitly mapped to null.</summary>
    public string? Iri { get; set; }

    public bool IsPrefix { get; set; }

    public bool IsProtected { get; set; }

    public bool IsReverse { get; set; }

    public string? TypeMapping { get; set; }

    public Containers Container { get; set; }

    public bool HasContainer { get; set; }

    public bool HasLanguage { get; set; }

    public string? Language { get; set; }

    public bool HasDirection { get; set; }

    public string? Direction { get; set; }

    public string? IndexMapping { get; set; }

    public string? Nest { get; set; }

    public ScopedContext? Context { get; set; }

    /// <summary>Equality other than <see cref="IsProtected"/>, for the protected-term redefinition rule.</summary>
    public bool SameAs(TermDefinition other) =>
        Iri == other.Iri && IsPrefix == other.IsPrefix && IsReverse == other.IsReverse
        && TypeMapping == other.TypeMapping && Container == other.Container && HasContainer == other.HasContainer
        && HasLanguage == other.HasLanguage && Language == other.Language
        && HasDirection == other.HasDirection && Direction == other.Direction
        && IndexMapping == other.IndexMapping && Nest == other.Nest
        && (Context is null ? other.Context is null
            : other.Context is not null && JsonElement.DeepEquals(Context.Value, other.Context.Value));
}

/// <summary>
/// A JSON-LD active context. Instances are immutable once context processing has returned them,
/// so they are shared between threads and cache the contexts derived from them.
/// </summary>
internal sealed class ActiveContext
{
    private ConcurrentDictionary<DerivedKey, ActiveContext>? derived;
    private UrlListResult[] urlLists = [];

    public ActiveContext(string? baseIri, JsonLdProcessingMode mode, object cacheOwner)
    {
        Terms = new Dictionary<string, TermDefinition>(StringComparer.Ordinal);
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
        ProcessingMode = mode;
        CacheOwner = cacheOwner;
    }

    private ActiveContext(ActiveContext source)
    {
        Terms = new Dictionary<string, TermDefinition>(source.Terms, StringComparer.Ordinal);
        BaseIri = source.BaseIri;
        OriginalBaseUrl = source.OriginalBaseUrl;
        Vocab = source.Vocab;
        DefaultLanguage = source.DefaultLanguage;
        DefaultDirection = source.DefaultDirection;
        PreviousContext = source.PreviousContext;
        ProcessingMode = source.ProcessingMode;
        CacheOwner = source.CacheOwner;
        HasProtectedTerms = source.HasProtectedTerms;
    }

    public Dictionary<string, TermDefinition> Terms { get; }

    public string? BaseIri { get; set; }

    public string? OriginalBaseUrl { get; set; }

    public string? Vocab { get; set; }

    public string? DefaultLanguage { get; set; }

    public string? DefaultDirection { get; set; }

    public ActiveContext? PreviousContext { get; set; }

    public JsonLdProcessingMode ProcessingMode { get; }

    public bool HasProtectedTerms { get; set; }

    /// <summary>The per-loader cache this context belongs to; derived contexts are only valid for it.</summary>
    public object CacheOwner { get; }

    public bool Is10 => ProcessingMode == JsonLdProcessingMode.JsonLd10;

    public ActiveContext Clone() => new(this);

    public TermDefinition? Get(string term) => Terms.GetValueOrDefault(term);

    private KeywordKeys? keywordKeys;

    /// <summary>
    /// Which keys of a node can expand to <c>@type</c> or <c>@value</c>. Computed once: a context no
    /// longer changes once expansion uses it.
    /// </summary>
    public KeywordKeys Keys => keywordKeys ??= KeywordKeys.Of(this);

    public bool TryGetDerived(in DerivedKey key, out ActiveContext result)
    {
        var cache = derived;
        if (cache is not null && cache.TryGetValue(key, out var found))
        {
            result = found;
            return true;
        }

        result = null!;
        return false;
    }

    /// <summary>Finds the context a list of context URLs produced, comparing without allocating.</summary>
    public ActiveContext? FindUrlList(JsonElement local, string? baseUrl)
    {
        foreach (var entry in Volatile.Read(ref urlLists))
        {
            if (entry.BaseUrl == baseUrl && Matches(entry.Urls, local))
            {
                return entry.Result;
            }
        }

        return null;
    }

    public void AddUrlList(string[] urls, string? baseUrl, ActiveContext result)
    {
        var current = Volatile.Read(ref urlLists);

        // A handful of context lists are in use at any time; a hostile stream of new ones is not cached.
        if (current.Length < 16)
        {
            Interlocked.CompareExchange(ref urlLists, [.. current, new UrlListResult(urls, baseUrl, result)], current);
        }
    }

    private static bool Matches(string[] urls, JsonElement local)
    {
        if (local.ValueKind == JsonValueKind.String)
        {
            return urls.Length == 1 && local.ValueEquals(urls[0]);
        }

        if (local.GetArrayLength() != urls.Length)
        {
            return false;
        }

        var i = 0;
        foreach (var item in local.EnumerateArray())
        {
            if (!item.ValueEquals(urls[i++]))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record UrlListResult(string[] Urls, string? BaseUrl, ActiveContext Result);

    public void AddDerived(in DerivedKey key, ActiveContext result)
    {
        var cache = derived ?? Interlocked.CompareExchange(ref derived, new ConcurrentDictionary<DerivedKey, ActiveContext>(), null) ?? derived;

        // Derived contexts of inline contexts could grow without bound on hostile input; stop caching then.
        if (cache.Count < 512)
        {
            cache.TryAdd(key, result);
        }
    }
}

/// <summary>Identifies a context derived from an active context: which local context, applied how.</summary>
/// <param name="Local">A <see cref="ScopedContext"/> (by reference) or a string listing context URLs.</param>
/// <param name="OverrideProtected">Whether protected terms could be redefined.</param>
/// <param name="Propagate">Whether the context propagates into nested node objects.</param>
internal readonly record struct DerivedKey(object Local, bool OverrideProtected, bool Propagate);

/// <summary>
/// The keys that expand to <c>@type</c> or <c>@value</c> in a context, so that expansion can find
/// them by name instead of expanding every key.
/// </summary>
/// <param name="ByName">True when only the keyword itself or a term defined as its alias can expand
/// to a keyword: JSON-LD 1.1, no term maps to another IRI starting with <c>@</c>, and <c>@vocab</c>,
/// if any, is an IRI or blank node prefix. When false, every key must be expanded to tell.</param>
/// <param name="TypeAliases">The terms defined as <c>@type</c>.</param>
/// <param name="HasValueAlias">Whether some term is defined as <c>@value</c>.</param>
internal sealed record KeywordKeys(bool ByName, string[] TypeAliases, bool HasValueAlias)
{
    public static KeywordKeys Of(ActiveContext context)
    {
        // JSON-LD 1.0 lets any term act as a prefix, so "t:" could expand to the keyword "t" aliases.
        var byName = !context.Is10 && (context.Vocab is null || Iri.HasScheme(context.Vocab) || Iri.IsBlankNode(context.Vocab));
        var typeAliases = new List<string>();
        var hasValueAlias = false;
        foreach (var (term, definition) in context.Terms)
        {
            if (definition.Iri is not { Length: > 0 } iri || iri[0] != '@')
            {
                continue;
            }

            byName &= Keywords.IsKeyword(iri);
            hasValueAlias |= iri == Keywords.Value;
            if (iri == Keywords.Type)
            {
                typeAliases.Add(term);
            }
        }

        return new KeywordKeys(byName, [.. typeAliases], hasValueAlias);
    }

    /// <summary>True when <paramref name="key"/> expands to <c>@type</c>; only meaningful when <see cref="ByName"/>.</summary>
    public bool IsType(string key)
    {
        if (key == Keywords.Type)
        {
            return true;
        }

        foreach (var alias in TypeAliases)
        {
            if (alias == key)
            {
                return true;
            }
        }

        return false;
    }
}
