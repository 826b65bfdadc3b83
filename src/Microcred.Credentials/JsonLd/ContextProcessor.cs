using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

/// <summary>
/// JSON-LD 1.1 Context Processing and Create Term Definition. One instance exists per document
/// loader; it caches loaded contexts and the active contexts derived from them.
/// </summary>
internal sealed class ContextProcessor
{
    private const int MaxRemoteContexts = 32;

    private static readonly ConditionalWeakTable<IJsonLdDocumentLoader, ContextProcessor> ByLoader = new();

    private readonly IJsonLdDocumentLoader loader;
    private readonly ConcurrentDictionary<string, JsonLdRemoteDocument> loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Base, JsonLdProcessingMode Mode, bool Safe), ActiveContext> initial = new();

    private ContextProcessor(IJsonLdDocumentLoader loader)
    {
        this.loader = loader;
    }

    public static ContextProcessor For(IJsonLdDocumentLoader loader) => ByLoader.GetValue(loader, static l => new ContextProcessor(l));

    /// <summary>The empty active context for a base IRI, shared so that derived contexts are cached across calls.</summary>
    public ActiveContext Initial(string? baseIri, JsonLdProcessingMode mode, bool safe)
    {
        var key = (baseIri ?? string.Empty, mode, safe);
        if (initial.TryGetValue(key, out var found))
        {
            return found;
        }

        var created = new ActiveContext(baseIri, mode, this);
        return initial.Count < 256 ? initial.GetOrAdd(key, created) : created;
    }

    /// <summary>Applies a term's scoped context, through the cache of <paramref name="active"/>.</summary>
    public ActiveContext Apply(ActiveContext active, ScopedContext scoped, bool overrideProtected, bool propagate, in Session session)
    {
        var key = new DerivedKey(scoped, overrideProtected, propagate);
        if (active.TryGetDerived(key, out var cached))
        {
            return cached;
        }

        var result = Process(active, scoped.Value, scoped.BaseUrl, session, null, overrideProtected, propagate, true);
        active.AddDerived(key, result);
        return result;
    }

    /// <summary>Applies an <c>@context</c> found in the document; lists of context URLs are cached.</summary>
    public ActiveContext ApplyEmbedded(ActiveContext active, JsonElement local, string? baseUrl, in Session session)
    {
        var urls = IsUrlList(local);
        if (!urls)
        {
            return Process(active, local, baseUrl, session, null, false, true, true);
        }

        if (active.FindUrlList(local, baseUrl) is { } cached)
        {
            return cached;
        }

        var result = Process(active, local, baseUrl, session, null, false, true, true);
        string[] list = local.ValueKind == JsonValueKind.String
            ? [local.GetString()!]
            : [.. local.EnumerateArray().Select(item => item.GetString()!)];
        active.AddUrlList(list, baseUrl, result);
        return result;
    }

    private static bool IsUrlList(JsonElement local)
    {
        if (local.ValueKind == JsonValueKind.String)
        {
            return true;
        }

        if (local.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in local.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The Context Processing algorithm.</summary>
    public ActiveContext Process(
        ActiveContext active,
        JsonElement local,
        string? baseUrl,
        in Session session,
        List<string>? remoteContexts,
        bool overrideProtected,
        bool propagate,
        bool validateScoped)
    {
        session.Work.EnterContext();
        try
        {
            return ProcessList(active, local, baseUrl, session, remoteContexts, overrideProtected, propagate, validateScoped);
        }
        finally
        {
            session.Work.ExitContext();
        }
    }

    private ActiveContext ProcessList(
        ActiveContext active,
        JsonElement local,
        string? baseUrl,
        in Session session,
        List<string>? remoteContexts,
        bool overrideProtected,
        bool propagate,
        bool validateScoped)
    {
        session.Work.Spend(active.Terms.Count + 1);
        var result = active.Clone();
        if (local.ValueKind == JsonValueKind.Object && local.TryGetProperty(Keywords.Propagate, out var propagateValue)
            && propagateValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            propagate = propagateValue.ValueKind == JsonValueKind.True;
        }

        if (!propagate && result.PreviousContext is null)
        {
            result.PreviousContext = active;
        }

        remoteContexts ??= [];
        if (local.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in local.EnumerateArray())
            {
                result = ProcessOne(result, active, item, baseUrl, session, remoteContexts, overrideProtected, propagate, validateScoped);
            }
        }
        else
        {
            result = ProcessOne(result, active, local, baseUrl, session, remoteContexts, overrideProtected, propagate, validateScoped);
        }

        return result;
    }

    private ActiveContext ProcessOne(
        ActiveContext result,
        ActiveContext active,
        JsonElement context,
        string? baseUrl,
        in Session session,
        List<string> remoteContexts,
        bool overrideProtected,
        bool propagate,
        bool validateScoped)
    {
        switch (context.ValueKind)
        {
            case JsonValueKind.Null:
                if (!overrideProtected && result.Terms.Values.Any(t => t.IsProtected))
                {
                    throw Errors.Syntax("invalid context nullification", "a context with protected terms cannot be set to null.");
                }

                var previous = result;
                result = new ActiveContext(active.OriginalBaseUrl, active.ProcessingMode, active.CacheOwner)
                {
                    OriginalBaseUrl = active.OriginalBaseUrl,
                };
                if (!propagate)
                {
                    result.PreviousContext = previous;
                }

                return result;

            case JsonValueKind.String:
                return ProcessRemote(result, context.GetString()!, baseUrl, session, remoteContexts, overrideProtected, validateScoped);

            case JsonValueKind.Object:
                return ProcessDefinition(result, context, baseUrl, session, remoteContexts, overrideProtected, validateScoped);

            default:
                throw Errors.Syntax("invalid local context", $"a context must be null, a string or an object, not {context.ValueKind}.");
        }
    }

    private ActiveContext ProcessRemote(
        ActiveContext result,
        string reference,
        string? baseUrl,
        in Session session,
        List<string> remoteContexts,
        bool overrideProtected,
        bool validateScoped)
    {
        var url = Iri.Resolve(baseUrl, reference);
        if (!validateScoped && remoteContexts.Contains(url))
        {
            return result;
        }

        if (remoteContexts.Count >= MaxRemoteContexts)
        {
            throw Errors.Syntax("context overflow", $"more than {MaxRemoteContexts} nested remote contexts (at '{url}').");
        }

        remoteContexts.Add(url);
        var document = LoadContextDocument(url, "loading remote context failed");
        if (document.Document.ValueKind != JsonValueKind.Object
            || !document.Document.TryGetProperty(Keywords.Context, out var loadedContext))
        {
            throw Errors.Syntax("invalid remote context", $"the document at '{url}' has no top-level @context.");
        }

        return Process(result, loadedContext, document.DocumentUrl, session, [.. remoteContexts], overrideProtected, true, validateScoped);
    }

    private JsonLdRemoteDocument LoadContextDocument(string url, string failureCode)
    {
        if (loaded.TryGetValue(url, out var document))
        {
            return document;
        }

        if (!Iri.HasScheme(url))
        {
            throw Errors.Syntax(failureCode, $"the context reference '{url}' is not an absolute IRI.");
        }

        try
        {
            document = loader.Load(url);
        }
        catch (JsonLdException e) when (e.Code != failureCode)
        {
            throw new JsonLdException(failureCode, e.Message, e);
        }

        return loaded.Count < 1024 ? loaded.GetOrAdd(url, document) : document;
    }

    private ActiveContext ProcessDefinition(
        ActiveContext result,
        JsonElement context,
        string? baseUrl,
        in Session session,
        List<string> remoteContexts,
        bool overrideProtected,
        bool validateScoped)
    {
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in context.EnumerateObject())
        {
            entries[property.Name] = property.Value;
        }

        session.Work.Spend(entries.Count);
        if (entries.TryGetValue(Keywords.Version, out var version))
        {
            if (version.ValueKind != JsonValueKind.Number || version.GetDouble() != 1.1)
            {
                throw Errors.Syntax("invalid @version value", $"@version must be 1.1, not {version.GetRawText()}.");
            }

            if (result.Is10)
            {
                throw Errors.Syntax("processing mode conflict", "@version 1.1 conflicts with processing mode json-ld-1.0.");
            }
        }

        if (entries.TryGetValue(Keywords.Import, out var import))
        {
            if (result.Is10)
            {
                throw Errors.Syntax("invalid context entry", "@import is not allowed in JSON-LD 1.0.");
            }

            if (import.ValueKind != JsonValueKind.String)
            {
                throw Errors.Syntax("invalid @import value", "@import must be a string.");
            }

            var importUrl = Iri.Resolve(baseUrl, import.GetString()!);
            var imported = LoadContextDocument(importUrl, "loading remote context failed");
            if (imported.Document.ValueKind != JsonValueKind.Object
                || !imported.Document.TryGetProperty(Keywords.Context, out var importContext)
                || importContext.ValueKind != JsonValueKind.Object)
            {
                throw Errors.Syntax("invalid remote context", $"the imported document '{importUrl}' has no @context object.");
            }

            if (importContext.TryGetProperty(Keywords.Import, out _))
            {
                throw Errors.Syntax("invalid context entry", $"the imported context '{importUrl}' itself has @import.");
            }

            var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in importContext.EnumerateObject())
            {
                merged[property.Name] = property.Value;
            }

            foreach (var (key, value) in entries)
            {
                merged[key] = value;
            }

            entries = merged;
        }

        if (entries.TryGetValue(Keywords.Base, out var baseValue) && remoteContexts.Count == 0)
        {
            ApplyBase(result, baseValue);
        }

        if (entries.TryGetValue(Keywords.Vocab, out var vocab))
        {
            ApplyVocab(result, vocab, session);
        }

        if (entries.TryGetValue(Keywords.Language, out var language))
        {
            if (language.ValueKind == JsonValueKind.Null)
            {
                result.DefaultLanguage = null;
            }
            else if (language.ValueKind == JsonValueKind.String)
            {
                var tag = language.GetString()!;
                if (session.Safe && !LanguageTag.IsWellFormed(tag))
                {
                    throw SafeMode.Violation($"the default language '{tag}' in a context is not a well-formed language tag.");
                }

                result.DefaultLanguage = tag.ToLowerInvariant();
            }
            else
            {
                throw Errors.Syntax("invalid default language", "@language in a context must be a string or null.");
            }
        }

        if (entries.TryGetValue(Keywords.Direction, out var direction))
        {
            if (result.Is10)
            {
                throw Errors.Syntax("invalid context entry", "@direction is not allowed in JSON-LD 1.0.");
            }

            result.DefaultDirection = direction.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String when direction.ValueEquals("ltr") => "ltr",
                JsonValueKind.String when direction.ValueEquals("rtl") => "rtl",
                _ => throw Errors.Syntax("invalid base direction", $"@direction must be \"ltr\", \"rtl\" or null, not {direction.GetRawText()}."),
            };
        }

        if (entries.TryGetValue(Keywords.Propagate, out var propagateEntry))
        {
            if (result.Is10)
            {
                throw Errors.Syntax("invalid context entry", "@propagate is not allowed in JSON-LD 1.0.");
            }

            if (propagateEntry.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Errors.Syntax("invalid @propagate value", "@propagate must be true or false.");
            }
        }

        var protectedDefault = false;
        if (entries.TryGetValue(Keywords.Protected, out var protectedEntry))
        {
            if (protectedEntry.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Errors.Syntax("invalid @protected value", "@protected must be true or false.");
            }

            protectedDefault = protectedEntry.ValueKind == JsonValueKind.True;
        }

        var scope = new DefinitionScope(entries, baseUrl, protectedDefault, overrideProtected, remoteContexts, validateScoped);
        foreach (var key in entries.Keys)
        {
            if (key is Keywords.Base or Keywords.Direction or Keywords.Import or Keywords.Language
                or Keywords.Propagate or Keywords.Protected or Keywords.Version or Keywords.Vocab)
            {
                continue;
            }

            CreateTermDefinition(result, scope, key, session);
        }

        return result;
    }

    private static void ApplyBase(ActiveContext result, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            result.BaseIri = null;
            return;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Errors.Syntax("invalid base IRI", "@base must be a string or null.");
        }

        var iri = value.GetString()!;
        if (Iri.IsAbsolute(iri))
        {
            result.BaseIri = iri;
        }
        else if (result.BaseIri is not null)
        {
            result.BaseIri = Iri.Resolve(result.BaseIri, iri);
        }
        else
        {
            throw Errors.Syntax("invalid base IRI", $"the relative @base '{iri}' cannot be resolved: there is no base IRI.");
        }
    }

    private void ApplyVocab(ActiveContext result, JsonElement value, in Session session)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            result.Vocab = null;
            return;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Errors.Syntax("invalid vocab mapping", "@vocab must be a string or null.");
        }

        var vocab = value.GetString()!;
        if (result.Is10 && !(Iri.IsAbsolute(vocab) || Iri.IsBlankNode(vocab)))
        {
            throw Errors.Syntax("invalid vocab mapping", $"@vocab '{vocab}' must be an absolute IRI in JSON-LD 1.0.");
        }

        var expanded = ExpandIri(result, vocab, true, true, null, session)
            ?? throw Errors.Syntax("invalid vocab mapping", $"@vocab '{vocab}' has the form of a keyword.");
        if (session.Safe && !Iri.IsBlankNode(expanded) && !Iri.HasScheme(expanded))
        {
            throw SafeMode.Violation($"@vocab '{vocab}' does not resolve to an absolute IRI.");
        }

        result.Vocab = expanded;
    }

    /// <summary>The context being defined, for the recursion between IRI expansion and term creation.</summary>
    internal sealed class DefinitionScope(
        Dictionary<string, JsonElement> entries,
        string? baseUrl,
        bool protectedDefault,
        bool overrideProtected,
        List<string> remoteContexts,
        bool validateScoped)
    {
        public Dictionary<string, JsonElement> Entries { get; } = entries;

        public Dictionary<string, bool> Defined { get; } = new(StringComparer.Ordinal);

        public string? BaseUrl { get; } = baseUrl;

        public bool ProtectedDefault { get; } = protectedDefault;

        public bool OverrideProtected { get; } = overrideProtected;

        public List<string> RemoteContexts { get; } = remoteContexts;

        public bool ValidateScoped { get; } = validateScoped;
    }

    private static readonly HashSet<string> AllowedTermEntries = new(StringComparer.Ordinal)
    {
        Keywords.Id, Keywords.Reverse, Keywords.Container, Keywords.Context, Keywords.Direction, Keywords.Index,
        Keywords.Language, Keywords.Nest, Keywords.Prefix, Keywords.Protected, Keywords.Type,
    };

    private void CreateTermDefinition(ActiveContext active, DefinitionScope scope, string term, in Session session)
    {
        if (scope.Defined.TryGetValue(term, out var done))
        {
            if (done)
            {
                return;
            }

            throw Errors.Syntax("cyclic IRI mapping", $"the definition of '{term}' depends on itself.");
        }

        if (term.Length == 0)
        {
            throw Errors.Syntax("invalid term definition", "a term must not be the empty string.");
        }

        scope.Defined[term] = false;
        var value = scope.Entries[term];
        if (term == Keywords.Type)
        {
            if (active.Is10)
            {
                throw Errors.Syntax("keyword redefinition", "@type cannot be redefined in JSON-LD 1.0.");
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Errors.Syntax("keyword redefinition", "@type may only be given @container @set and @protected.");
            }

            var any = false;
            foreach (var property in value.EnumerateObject())
            {
                any = true;
                var allowed = property.Name == Keywords.Protected
                    || (property.Name == Keywords.Container && property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals(Keywords.Set));
                if (!allowed)
                {
                    throw Errors.Syntax("keyword redefinition", "@type may only be given @container @set and @protected.");
                }
            }

            if (!any)
            {
                throw Errors.Syntax("keyword redefinition", "@type may only be given @container @set and @protected.");
            }
        }
        else if (Keywords.IsKeyword(term))
        {
            throw Errors.Syntax("keyword redefinition", $"the keyword '{term}' cannot be redefined.");
        }
        else if (Keywords.HasKeywordForm(term))
        {
            if (session.Safe)
            {
                throw SafeMode.Violation($"the term '{term}' has the form of a keyword and would be ignored.");
            }

            return;
        }

        active.Terms.Remove(term, out var previous);
        bool simpleTerm;
        Dictionary<string, JsonElement>? map = null;
        string? simpleId = null;
        var idIsNull = false;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                simpleTerm = false;
                idIsNull = true;
                break;
            case JsonValueKind.String:
                simpleTerm = true;
                simpleId = value.GetString();
                break;
            case JsonValueKind.Object:
                simpleTerm = false;
                map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    map[property.Name] = property.Value;
                }

                break;
            default:
                throw Errors.Syntax("invalid term definition", $"the definition of '{term}' must be a string, an object or null.");
        }

        JsonElement idElement = default;
        var hasId = false;
        if (simpleId is not null)
        {
            idElement = value;
            hasId = simpleId != term;
        }
        else if (map is not null && map.TryGetValue(Keywords.Id, out idElement))
        {
            hasId = !(idElement.ValueKind == JsonValueKind.String && idElement.ValueEquals(term));
        }

        var definition = new TermDefinition { IsProtected = scope.ProtectedDefault };
        if (map is not null && map.TryGetValue(Keywords.Protected, out var protectedValue))
        {
            if (protectedValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Errors.Syntax("invalid @protected value", $"@protected of '{term}' must be true or false.");
            }

            if (active.Is10)
            {
                throw Errors.Syntax("invalid term definition", "@protected is not allowed in JSON-LD 1.0.");
            }

            definition.IsProtected = protectedValue.ValueKind == JsonValueKind.True;
        }

        if (map is not null && map.TryGetValue(Keywords.Type, out var typeValue))
        {
            if (typeValue.ValueKind != JsonValueKind.String)
            {
                throw Errors.Syntax("invalid type mapping", $"@type of '{term}' must be a string.");
            }

            var type = ExpandIri(active, typeValue.GetString()!, false, true, scope, session);
            if (type is Keywords.Json or Keywords.None && active.Is10)
            {
                throw Errors.Syntax("invalid type mapping", $"@type {type} is not allowed in JSON-LD 1.0.");
            }

            if (type is not (Keywords.Id or Keywords.Json or Keywords.None or Keywords.Vocab)
                && (type is null || !Iri.IsAbsolute(type)))
            {
                throw Errors.Syntax("invalid type mapping", $"@type of '{term}' must be @id, @json, @none, @vocab or an absolute IRI, not '{typeValue.GetString()}'.");
            }

            definition.TypeMapping = type;
        }

        if (map is not null && map.TryGetValue(Keywords.Reverse, out var reverseValue))
        {
            if (map.ContainsKey(Keywords.Id) || map.ContainsKey(Keywords.Nest))
            {
                throw Errors.Syntax("invalid reverse property", $"the reverse property '{term}' cannot have @id or @nest.");
            }

            if (reverseValue.ValueKind != JsonValueKind.String)
            {
                throw Errors.Syntax("invalid IRI mapping", $"@reverse of '{term}' must be a string.");
            }

            var reverse = reverseValue.GetString()!;
            if (Keywords.HasKeywordForm(reverse))
            {
                if (session.Safe)
                {
                    throw SafeMode.Violation($"@reverse of the term '{term}' has the form of a keyword and would be ignored.");
                }

                return;
            }

            var iri = ExpandIri(active, reverse, false, true, scope, session);
            if (iri is null || !(Iri.HasScheme(iri) || Iri.IsBlankNode(iri)) || Keywords.IsKeyword(iri))
            {
                throw Errors.Syntax("invalid IRI mapping", $"@reverse of '{term}' must expand to an IRI or blank node.");
            }

            definition.Iri = iri;
            if (map.TryGetValue(Keywords.Container, out var reverseContainer))
            {
                definition.HasContainer = true;
                definition.Container = reverseContainer.ValueKind switch
                {
                    JsonValueKind.Null => Containers.None,
                    JsonValueKind.String when reverseContainer.ValueEquals(Keywords.Set) => Containers.Set,
                    JsonValueKind.String when reverseContainer.ValueEquals(Keywords.Index) => Containers.Index,
                    _ => throw Errors.Syntax("invalid reverse property", $"the reverse property '{term}' only supports @set and @index containers."),
                };
            }

            definition.IsReverse = true;
        }
        else if (idIsNull || hasId)
        {
            if (idIsNull || idElement.ValueKind == JsonValueKind.Null)
            {
                definition.Iri = null;
            }
            else
            {
                if (idElement.ValueKind != JsonValueKind.String)
                {
                    throw Errors.Syntax("invalid IRI mapping", $"@id of '{term}' must be a string or null.");
                }

                var id = idElement.GetString()!;
                if (!Keywords.IsKeyword(id) && Keywords.HasKeywordForm(id))
                {
                    if (session.Safe)
                    {
                        throw SafeMode.Violation($"the term '{term}' maps to '{id}', which has the form of a keyword and would be ignored.");
                    }

                    return;
                }

                var iri = ExpandIri(active, id, false, true, scope, session);
                if (iri is null || !(Keywords.IsKeyword(iri) || Iri.HasScheme(iri) || Iri.IsBlankNode(iri)))
                {
                    throw Errors.Syntax("invalid IRI mapping", $"the term '{term}' must map to a keyword, an absolute IRI or a blank node, not '{id}'.");
                }

                if (iri == Keywords.Context)
                {
                    throw Errors.Syntax("invalid keyword alias", $"the term '{term}' cannot alias @context.");
                }

                definition.Iri = iri;
                var colon = term.IndexOf(':', 1);
                var hasInnerColon = colon > 0 && colon < term.Length - 1;
                if (hasInnerColon || term.Contains('/', StringComparison.Ordinal))
                {
                    scope.Defined[term] = true;
                    if (ExpandIri(active, term, false, true, scope, session) != iri)
                    {
                        throw Errors.Syntax("invalid IRI mapping", $"the term '{term}' looks like an IRI but maps to a different IRI '{iri}'.");
                    }
                }

                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                    && (Iri.IsBlankNode(iri) || (iri.Length > 0 && iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@')))
                {
                    definition.IsPrefix = true;
                }
            }
        }
        else if (term.IndexOf(':', 1) > 0)
        {
            var colon = term.IndexOf(':', 1);
            var prefix = term[..colon];
            var suffix = term[(colon + 1)..];
            if (scope.Entries.ContainsKey(prefix))
            {
                CreateTermDefinition(active, scope, prefix, session);
            }

            var prefixDefinition = active.Get(prefix);
            definition.Iri = prefixDefinition?.Iri is { } prefixIri && !(prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal))
                ? prefixIri + suffix
                : term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            var iri = ExpandIri(active, term, true, true, null, session);
            if (iri is null || !Iri.HasScheme(iri))
            {
                throw Errors.Syntax("invalid IRI mapping", $"the relative term '{term}' does not expand to an IRI.");
            }

            definition.Iri = iri;
        }
        else if (term == Keywords.Type)
        {
            definition.Iri = Keywords.Type;
        }
        else if (active.Vocab is not null)
        {
            definition.Iri = active.Vocab + term;
        }
        else
        {
            throw Errors.Syntax("invalid IRI mapping", $"the term '{term}' has no IRI: it has no @id and there is no @vocab.");
        }

        if (map is not null && !definition.IsReverse && map.TryGetValue(Keywords.Container, out var containerValue))
        {
            definition.Container = ParseContainer(containerValue, term, active.Is10);
            definition.HasContainer = true;
            if ((definition.Container & Containers.Type) != 0)
            {
                definition.TypeMapping ??= Keywords.Id;
                if (definition.TypeMapping is not (Keywords.Id or Keywords.Vocab))
                {
                    throw Errors.Syntax("invalid type mapping", $"a @type container on '{term}' requires @type @id or @vocab.");
                }
            }
        }

        if (map is not null && map.TryGetValue(Keywords.Index, out var indexValue))
        {
            if (active.Is10 || (definition.Container & Containers.Index) == 0)
            {
                throw Errors.Syntax("invalid term definition", $"@index on '{term}' needs an @index container and JSON-LD 1.1.");
            }

            if (indexValue.ValueKind != JsonValueKind.String)
            {
                throw Errors.Syntax("invalid term definition", $"@index of '{term}' must be a string.");
            }

            var index = indexValue.GetString()!;
            var expandedIndex = ExpandIri(active, index, false, true, scope, session);
            if (expandedIndex is null || Keywords.IsKeyword(expandedIndex) || !Iri.IsAbsolute(expandedIndex))
            {
                throw Errors.Syntax("invalid term definition", $"@index of '{term}' must expand to an absolute IRI.");
            }

            definition.IndexMapping = index;
        }

        if (map is not null && map.TryGetValue(Keywords.Context, out var scopedValue))
        {
            if (active.Is10)
            {
                throw Errors.Syntax("invalid term definition", "scoped contexts are not allowed in JSON-LD 1.0.");
            }

            try
            {
                Process(active, scopedValue, scope.BaseUrl, session, [.. scope.RemoteContexts], true, true, false);
            }
            catch (JsonLdException e) when (e.Code is not (JsonLdErrorCodes.MaxElementsExceeded or JsonLdErrorCodes.MaxDepthExceeded or JsonLdErrorCodes.SafeModeViolation))
            {
                throw new JsonLdException("invalid scoped context", $"JSON-LD error 'invalid scoped context': the scoped context of '{term}' is invalid: {e.Message}", e);
            }

            definition.Context = new ScopedContext(scopedValue, scope.BaseUrl);
        }

        if (map is not null && map.TryGetValue(Keywords.Language, out var languageValue) && !map.ContainsKey(Keywords.Type))
        {
            definition.HasLanguage = true;
            definition.Language = languageValue.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => languageValue.GetString()!.ToLowerInvariant(),
                _ => throw Errors.Syntax("invalid language mapping", $"@language of '{term}' must be a string or null."),
            };
            if (session.Safe && definition.Language is not null && !LanguageTag.IsWellFormed(definition.Language))
            {
                throw SafeMode.Violation($"@language '{definition.Language}' of the term '{term}' is not a well-formed language tag.");
            }
        }

        if (map is not null && map.TryGetValue(Keywords.Direction, out var directionValue) && !map.ContainsKey(Keywords.Type))
        {
            definition.HasDirection = true;
            definition.Direction = directionValue.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String when directionValue.ValueEquals("ltr") => "ltr",
                JsonValueKind.String when directionValue.ValueEquals("rtl") => "rtl",
                _ => throw Errors.Syntax("invalid base direction", $"@direction of '{term}' must be \"ltr\", \"rtl\" or null."),
            };
        }

        if (map is not null && map.TryGetValue(Keywords.Nest, out var nestValue))
        {
            if (active.Is10)
            {
                throw Errors.Syntax("invalid term definition", "@nest is not allowed in JSON-LD 1.0.");
            }

            if (nestValue.ValueKind != JsonValueKind.String
                || (Keywords.IsKeyword(nestValue.GetString()) && !nestValue.ValueEquals(Keywords.Nest)))
            {
                throw Errors.Syntax("invalid @nest value", $"@nest of '{term}' must be a term or @nest.");
            }

            definition.Nest = nestValue.GetString();
        }

        if (map is not null && map.TryGetValue(Keywords.Prefix, out var prefixValue))
        {
            if (active.Is10 || term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
            {
                throw Errors.Syntax("invalid term definition", $"@prefix is not allowed on '{term}'.");
            }

            if (prefixValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Errors.Syntax("invalid @prefix value", $"@prefix of '{term}' must be true or false.");
            }

            definition.IsPrefix = prefixValue.ValueKind == JsonValueKind.True;
            if (definition.IsPrefix && Keywords.IsKeyword(definition.Iri))
            {
                throw Errors.Syntax("invalid term definition", $"the keyword alias '{term}' cannot be a prefix.");
            }
        }

        if (map is not null)
        {
            foreach (var key in map.Keys)
            {
                if (!AllowedTermEntries.Contains(key))
                {
                    throw Errors.Syntax("invalid term definition", $"the definition of '{term}' has an unknown entry '{key}'.");
                }
            }
        }

        if (!scope.OverrideProtected && previous is { IsProtected: true })
        {
            if (!definition.SameAs(previous))
            {
                throw Errors.Syntax("protected term redefinition", $"the protected term '{term}' cannot be redefined.");
            }

            definition = previous;
        }

        active.Terms[term] = definition;
        scope.Defined[term] = true;
    }

    private static Containers ParseContainer(JsonElement value, string term, bool is10)
    {
        if (is10 && value.ValueKind != JsonValueKind.String)
        {
            throw Errors.Syntax("invalid container mapping", $"@container of '{term}' must be a string in JSON-LD 1.0.");
        }

        var flags = Containers.None;
        var count = 0;
        if (value.ValueKind == JsonValueKind.String)
        {
            flags = ContainerFlag(value, term);
            count = 1;
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                flags |= ContainerFlag(item, term);
                count++;
            }
        }
        else
        {
            throw Errors.Syntax("invalid container mapping", $"@container of '{term}' must be a string or an array.");
        }

        if (is10 && (flags & (Containers.Graph | Containers.Id | Containers.Type)) != 0)
        {
            throw Errors.Syntax("invalid container mapping", $"@container {value.GetRawText()} of '{term}' is not allowed in JSON-LD 1.0.");
        }

        var valid = System.Numerics.BitOperations.PopCount((uint)flags) switch
        {
            0 => count == 0,
            1 => true,
            _ => (flags & Containers.List) == 0
                && ((flags & Containers.Graph) != 0
                    ? (flags & ~(Containers.Graph | Containers.Id | Containers.Index | Containers.Set)) == 0
                        && (flags & (Containers.Id | Containers.Index)) != (Containers.Id | Containers.Index)
                    : (flags & Containers.Set) != 0),
        };
        if (!valid || (count == 0 && value.ValueKind == JsonValueKind.Array))
        {
            throw Errors.Syntax("invalid container mapping", $"@container {value.GetRawText()} of '{term}' is not a valid combination.");
        }

        return flags;
    }

    private static Containers ContainerFlag(JsonElement item, string term)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            switch (item.GetString())
            {
                case Keywords.Graph: return Containers.Graph;
                case Keywords.Id: return Containers.Id;
                case Keywords.Index: return Containers.Index;
                case Keywords.Language: return Containers.Language;
                case Keywords.List: return Containers.List;
                case Keywords.Set: return Containers.Set;
                case Keywords.Type: return Containers.Type;
            }
        }

        throw Errors.Syntax("invalid container mapping", $"{item.GetRawText()} is not a container for '{term}'.");
    }

    /// <summary>The IRI Expansion algorithm. Returns null for values that expand to nothing.</summary>
    public string? ExpandIri(ActiveContext active, string value, bool documentRelative, bool vocab, DefinitionScope? scope, in Session session)
    {
        if (Keywords.IsKeyword(value))
        {
            return value;
        }

        if (Keywords.HasKeywordForm(value))
        {
            return null;
        }

        if (scope is not null && scope.Entries.ContainsKey(value)
            && !(scope.Defined.TryGetValue(value, out var isDefined) && isDefined))
        {
            CreateTermDefinition(active, scope, value, session);
        }

        var definition = active.Get(value);
        if (definition is not null)
        {
            if (Keywords.IsKeyword(definition.Iri))
            {
                return definition.Iri;
            }

            if (vocab)
            {
                return definition.Iri;
            }
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = value[..colon];
            if (prefix == "_" || value.AsSpan(colon + 1).StartsWith("//"))
            {
                return value;
            }

            if (scope is not null && scope.Entries.ContainsKey(prefix)
                && !(scope.Defined.TryGetValue(prefix, out var prefixDefined) && prefixDefined))
            {
                CreateTermDefinition(active, scope, prefix, session);
            }

            var prefixDefinition = active.Get(prefix);
            if (prefixDefinition is { Iri: not null } && (prefixDefinition.IsPrefix || active.Is10))
            {
                return string.Concat(prefixDefinition.Iri, value.AsSpan(colon + 1));
            }

            if (Iri.IsAbsolute(value))
            {
                return value;
            }
        }

        if (vocab && active.Vocab is not null)
        {
            return active.Vocab + value;
        }

        if (documentRelative)
        {
            return Iri.Resolve(active.BaseIri, value);
        }

        return value;
    }
}

/// <summary>Per-call state shared by context processing and expansion.</summary>
internal readonly record struct Session(WorkBudget Work, bool Safe);
