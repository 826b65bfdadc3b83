using System.Text;
using System.Text.Json;
using JMap = System.Collections.Generic.Dictionary<string, object?>;

namespace Microcred.Credentials.JsonLd;

/// <summary>A JSON literal (<c>@type: @json</c>): the JSON value is kept as it is.</summary>
internal sealed class JsonLiteral(JsonElement value)
{
    public JsonElement Value { get; } = value;
}

/// <summary>
/// The JSON-LD 1.1 Expansion algorithm. The expanded form uses <see cref="Dictionary{TKey, TValue}"/>
/// for maps, <see cref="List{T}"/> for arrays, and string, double, bool or <see cref="JsonLiteral"/> for values.
/// </summary>
internal sealed class Expander
{
    private readonly ContextProcessor processor;
    private readonly Session session;
    private readonly int maxDepth;
    private readonly List<PathStep> path = [];

    public Expander(ContextProcessor processor, Session session, int maxDepth)
    {
        this.processor = processor;
        this.session = session;
        this.maxDepth = maxDepth;
    }

    private bool Safe => session.Safe;

    private readonly record struct PathStep(string? Name, int Index);

    /// <summary>Expands a whole document; the result is always an array of node objects.</summary>
    public List<object?> ExpandDocument(ActiveContext active, JsonElement input, string? baseUrl)
    {
        var expanded = Expand(active, null, null, input, baseUrl, false, 0);
        if (expanded is JMap map && map.Count == 1 && map.TryGetValue(Keywords.Graph, out var graph))
        {
            expanded = graph;
        }

        return expanded switch
        {
            null => [],
            List<object?> list => list,
            _ => [expanded],
        };
    }

    // propertyDefinition is the term definition of activeProperty in active, passed along so that it
    // is looked up once per property rather than at every step of the expansion.
    private object? Expand(ActiveContext active, string? activeProperty, TermDefinition? propertyDefinition, JsonElement element, string? baseUrl, bool fromMap, int depth)
    {
        if (depth > maxDepth)
        {
            throw new JsonLdException(
                JsonLdErrorCodes.MaxDepthExceeded,
                $"The JSON-LD input nests deeper than {maxDepth} levels (JsonLdOptions.MaxDepth) at {CurrentPath()}.");
        }

        session.Work.Spend(1);
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Array:
                return ExpandArray(active, activeProperty, propertyDefinition, element, baseUrl, fromMap, depth);
            case JsonValueKind.Object:
                return ExpandMap(active, activeProperty, propertyDefinition, element, baseUrl, fromMap, depth);
            default:
                if (activeProperty is null or Keywords.Graph)
                {
                    if (Safe)
                    {
                        throw SafeMode.Violation($"the value {element.GetRawText()} at {CurrentPath()} is not the value of any property and would be dropped.");
                    }

                    return null;
                }

                if (propertyDefinition?.Context is { } scoped)
                {
                    active = processor.Apply(active, scoped, true, true, session);
                    propertyDefinition = active.Get(activeProperty);
                }

                return ExpandValue(active, activeProperty, propertyDefinition, element);
        }
    }

    private List<object?> ExpandArray(ActiveContext active, string? activeProperty, TermDefinition? propertyDefinition, JsonElement element, string? baseUrl, bool fromMap, int depth)
    {
        var isList = propertyDefinition is not null && (propertyDefinition.Container & Containers.List) != 0;
        var result = new List<object?>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            path.Add(new PathStep(null, index++));
            var expanded = Expand(active, activeProperty, propertyDefinition, item, baseUrl, fromMap, depth + 1);
            path.RemoveAt(path.Count - 1);
            if (isList && expanded is List<object?> nested)
            {
                expanded = new JMap(1) { [Keywords.List] = nested };
            }

            if (expanded is List<object?> items)
            {
                result.AddRange(items);
            }
            else if (expanded is not null)
            {
                result.Add(expanded);
            }
        }

        return result;
    }

    private object? ExpandMap(ActiveContext active, string? activeProperty, TermDefinition? propertyDefinition, JsonElement element, string? baseUrl, bool fromMap, int depth)
    {
        var entries = Entries(element);
        var propertyScoped = propertyDefinition?.Context;
        if (active.PreviousContext is not null && !fromMap && !KeepsPropagatedContext(active, entries))
        {
            active = active.PreviousContext;
        }

        if (propertyScoped is not null)
        {
            active = processor.Apply(active, propertyScoped, true, true, session);
        }

        foreach (var entry in entries)
        {
            if (entry.Name == Keywords.Context)
            {
                path.Add(new PathStep(Keywords.Context, 0));
                active = processor.ApplyEmbedded(active, entry.Value, baseUrl, session);
                path.RemoveAt(path.Count - 1);
                break;
            }
        }

        var typeScoped = active;
        string? inputType = null;
        var keys = typeScoped.Keys.ByName ? null : new ExpandedKey[entries.Length];
        active = ApplyTypeScopedContexts(active, typeScoped, entries, keys, ref inputType);

        // Keys expanded for the @type scan are still valid when no type-scoped context changed the context.
        var result = new JMap(entries.Length);
        ExpandObject(active, typeScoped, activeProperty, element, entries, ReferenceEquals(active, typeScoped) ? keys : null, result, inputType, baseUrl, depth);
        return FinishMap(result, activeProperty);
    }

    private readonly record struct Entry(string Name, JsonElement Value);

    /// <summary>A key's expanded IRI and, when the key is a term, its definition in the context it was expanded in.</summary>
    private readonly record struct ExpandedKey(string? Iri, TermDefinition? Definition);

    /// <summary>
    /// IRI expansion of a key (vocabulary-relative, as for every key), returning the key's term
    /// definition too, which expanding its value needs next.
    /// </summary>
    private ExpandedKey ExpandKey(ActiveContext active, string key)
    {
        var definition = Keywords.IsKeyword(key) ? null : active.Get(key);
        return definition is not null
            ? new ExpandedKey(definition.Iri, definition)
            : new ExpandedKey(processor.ExpandIri(active, key, false, true, null, session), null);
    }

    private static Entry[] Entries(JsonElement element)
    {
        var entries = new Entry[element.GetPropertyCount()];
        var i = 0;
        foreach (var property in element.EnumerateObject())
        {
            entries[i++] = new Entry(property.Name, property.Value);
        }

        return entries;
    }

    /// <summary>A value object or a lone <c>@id</c> keeps a non-propagated (type-scoped) context.</summary>
    private bool KeepsPropagatedContext(ActiveContext active, Entry[] entries)
    {
        if (entries.Length > 1 && active.Keys is { ByName: true, HasValueAlias: false })
        {
            // Only the key "@value" itself can expand to @value in this context.
            foreach (var property in entries)
            {
                if (property.Name == Keywords.Value)
                {
                    return true;
                }
            }

            return false;
        }

        var count = 0;
        var firstIsId = false;
        foreach (var property in entries)
        {
            var expanded = processor.ExpandIri(active, property.Name, false, true, null, session);
            if (expanded == Keywords.Value)
            {
                return true;
            }

            if (count++ == 0)
            {
                firstIsId = expanded == Keywords.Id;
            }
        }

        return count == 1 && firstIsId;
    }

    /// <summary>
    /// Finds the keys that expand to <c>@type</c> and applies their type-scoped contexts. When the
    /// context cannot tell those keys by name, every key is expanded into <paramref name="expandedKeys"/>,
    /// for reuse by the caller; otherwise it is null and only the names are compared.
    /// </summary>
    private ActiveContext ApplyTypeScopedContexts(ActiveContext active, ActiveContext typeScoped, Entry[] entries, ExpandedKey[]? expandedKeys, ref string? inputType)
    {
        List<int>? typeKeys = null;
        var keys = active.Keys;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Name == Keywords.Context)
            {
                continue;
            }

            bool isType;
            if (expandedKeys is null)
            {
                isType = keys.IsType(entries[i].Name);
            }
            else
            {
                expandedKeys[i] = ExpandKey(active, entries[i].Name);
                isType = expandedKeys[i].Iri == Keywords.Type;
            }

            if (isType)
            {
                (typeKeys ??= new List<int>(1)).Add(i);
            }
        }

        if (typeKeys is null)
        {
            return active;
        }

        if (typeKeys.Count > 1)
        {
            typeKeys.Sort((x, y) => string.CompareOrdinal(entries[x].Name, entries[y].Name));
        }

        for (var k = 0; k < typeKeys.Count; k++)
        {
            var value = entries[typeKeys[k]].Value;
            string? last = null;
            List<string>? terms = null;
            if (value.ValueKind == JsonValueKind.String)
            {
                last = value.GetString();
                terms = [last!];
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                terms = new List<string>(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        last = item.GetString();
                        terms.Add(last!);
                    }
                }

                terms.Sort(StringComparer.Ordinal);
            }

            if (k == 0 && last is not null)
            {
                inputType = processor.ExpandIri(active, last, true, true, null, session);
            }

            if (terms is null)
            {
                continue;
            }

            foreach (var term in terms)
            {
                if (typeScoped.Get(term)?.Context is { } scoped)
                {
                    active = processor.Apply(active, scoped, false, false, session);
                }
            }
        }

        return active;
    }

    private void ExpandObject(
        ActiveContext active,
        ActiveContext typeScoped,
        string? activeProperty,
        JsonElement element,
        Entry[] entries,
        ExpandedKey[]? expandedKeys,
        JMap result,
        string? inputType,
        string? baseUrl,
        int depth)
    {
        List<string>? nests = null;
        for (var i = 0; i < entries.Length; i++)
        {
            var key = entries[i].Name;
            if (key == Keywords.Context)
            {
                continue;
            }

            var value = entries[i].Value;
            path.Add(new PathStep(key, 0));
            var (expandedProperty, definition) = expandedKeys is not null ? expandedKeys[i] : ExpandKey(active, key);
            if (expandedProperty is null || !(expandedProperty.Contains(':', StringComparison.Ordinal) || Keywords.IsKeyword(expandedProperty)))
            {
                if (Safe)
                {
                    throw SafeMode.Violation($"the property '{key}' at {CurrentPath()} is not defined by any context, so it would be dropped.");
                }

                path.RemoveAt(path.Count - 1);
                continue;
            }

            if (Keywords.IsKeyword(expandedProperty))
            {
                if (expandedProperty == Keywords.Nest)
                {
                    if (activeProperty == Keywords.Reverse)
                    {
                        throw Errors.Syntax("invalid reverse property map", $"a keyword cannot be used as a reverse property ({CurrentPath()}).");
                    }

                    (nests ??= []).Add(key);
                }
                else
                {
                    ExpandKeyword(active, typeScoped, activeProperty, expandedProperty, value, result, inputType, baseUrl, depth);
                }

                path.RemoveAt(path.Count - 1);
                continue;
            }

            ExpandProperty(active, key, definition, expandedProperty, value, result, baseUrl, depth);
            path.RemoveAt(path.Count - 1);
        }

        if (nests is null)
        {
            return;
        }

        foreach (var nestingKey in nests)
        {
            path.Add(new PathStep(nestingKey, 0));
            var nestedValues = element.GetProperty(nestingKey);
            var nestActive = active.Get(nestingKey)?.Context is { } scoped
                ? processor.Apply(active, scoped, true, true, session)
                : active;
            if (nestedValues.ValueKind == JsonValueKind.Array)
            {
                foreach (var nested in nestedValues.EnumerateArray())
                {
                    ExpandNested(nestActive, typeScoped, activeProperty, nested, result, inputType, baseUrl, depth);
                }
            }
            else
            {
                ExpandNested(nestActive, typeScoped, activeProperty, nestedValues, result, inputType, baseUrl, depth);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private void ExpandNested(
        ActiveContext active,
        ActiveContext typeScoped,
        string? activeProperty,
        JsonElement nested,
        JMap result,
        string? inputType,
        string? baseUrl,
        int depth)
    {
        if (depth + 1 > maxDepth)
        {
            throw new JsonLdException(JsonLdErrorCodes.MaxDepthExceeded, $"The JSON-LD input nests deeper than {maxDepth} levels at {CurrentPath()}.");
        }

        if (nested.ValueKind != JsonValueKind.Object)
        {
            throw Errors.Syntax("invalid @nest value", $"a nested value must be an object ({CurrentPath()}).");
        }

        var entries = Entries(nested);
        var expandedKeys = new ExpandedKey[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            expandedKeys[i] = ExpandKey(active, entries[i].Name);
            if (expandedKeys[i].Iri == Keywords.Value)
            {
                throw Errors.Syntax("invalid @nest value", $"a nested value cannot be a value object ({CurrentPath()}).");
            }
        }

        ExpandObject(active, typeScoped, activeProperty, nested, entries, expandedKeys, result, inputType, baseUrl, depth + 1);
    }

    private void ExpandKeyword(
        ActiveContext active,
        ActiveContext typeScoped,
        string? activeProperty,
        string keyword,
        JsonElement value,
        JMap result,
        string? inputType,
        string? baseUrl,
        int depth)
    {
        if (activeProperty == Keywords.Reverse)
        {
            throw Errors.Syntax("invalid reverse property map", $"a keyword cannot be used as a reverse property ({CurrentPath()}).");
        }

        if (result.ContainsKey(keyword) && !(keyword is Keywords.Included or Keywords.Type && !active.Is10))
        {
            throw Errors.Syntax("colliding keywords", $"{keyword} appears more than once ({CurrentPath()}).");
        }

        object? expandedValue;
        switch (keyword)
        {
            case Keywords.Id:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Errors.Syntax("invalid @id value", $"@id must be a string ({CurrentPath()}).");
                }

                // An @id that expands to nothing (a keyword-like value) is kept as null so that the
                // node is not linked from its parent, rather than silently becoming a blank node.
                result[Keywords.Id] = ExpandId(active, value.GetString()!, false);
                return;

            case Keywords.Type:
                expandedValue = ExpandTypes(typeScoped, value, result);
                break;

            case Keywords.Graph:
                expandedValue = AsList(Expand(active, Keywords.Graph, active.Get(Keywords.Graph), value, baseUrl, false, depth + 1));
                break;

            case Keywords.Included:
                if (active.Is10)
                {
                    return;
                }

                RequireNodeObjects(active, value);
                var included = AsList(Expand(active, null, null, value, baseUrl, false, depth + 1));
                foreach (var item in included)
                {
                    if (item is not JMap node || node.ContainsKey(Keywords.Value) || node.ContainsKey(Keywords.List) || node.ContainsKey(Keywords.Set))
                    {
                        throw Errors.Syntax("invalid @included value", $"@included must contain node objects only ({CurrentPath()}).");
                    }
                }

                if (result.TryGetValue(Keywords.Included, out var previousIncluded))
                {
                    included.InsertRange(0, (List<object?>)previousIncluded!);
                }

                expandedValue = included;
                break;

            case Keywords.Value:
                if (inputType == Keywords.Json)
                {
                    if (active.Is10)
                    {
                        throw Errors.Syntax("invalid value object value", "JSON literals are not allowed in JSON-LD 1.0.");
                    }

                    result[Keywords.Value] = new JsonLiteral(value);
                    return;
                }

                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw Errors.Syntax("invalid value object value", $"@value must be a string, number, boolean or null ({CurrentPath()}).");
                }

                result[Keywords.Value] = Scalar(value);
                return;

            case Keywords.Language:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Errors.Syntax("invalid language-tagged string", $"@language must be a string ({CurrentPath()}).");
                }

                var tag = value.GetString()!;
                if (Safe && !LanguageTag.IsWellFormed(tag))
                {
                    throw SafeMode.Violation($"the language tag '{tag}' at {CurrentPath()} is not well-formed, so the value would be dropped.");
                }

                expandedValue = tag.ToLowerInvariant();
                break;

            case Keywords.Direction:
                if (active.Is10)
                {
                    return;
                }

                if (!(value.ValueKind == JsonValueKind.String && (value.ValueEquals("ltr") || value.ValueEquals("rtl"))))
                {
                    throw Errors.Syntax("invalid base direction", $"@direction must be \"ltr\" or \"rtl\" ({CurrentPath()}).");
                }

                expandedValue = value.GetString();
                break;

            case Keywords.Index:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Errors.Syntax("invalid @index value", $"@index must be a string ({CurrentPath()}).");
                }

                expandedValue = value.GetString();
                break;

            case Keywords.List:
                if (activeProperty is null or Keywords.Graph)
                {
                    if (Safe)
                    {
                        throw SafeMode.Violation($"the list at {CurrentPath()} is not the value of any property and would be dropped.");
                    }

                    return;
                }

                expandedValue = AsList(Expand(active, activeProperty, active.Get(activeProperty), value, baseUrl, false, depth + 1));
                break;

            case Keywords.Set:
                expandedValue = Expand(active, activeProperty, activeProperty is null ? null : active.Get(activeProperty), value, baseUrl, false, depth + 1);
                break;

            case Keywords.Reverse:
                ExpandReverse(active, value, result, baseUrl, depth);
                return;

            default:
                return;
        }

        if (expandedValue is not null)
        {
            result[keyword] = expandedValue;
        }
    }

    private void RequireNodeObjects(ActiveContext active, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                RequireNodeObjects(active, item);
            }

            return;
        }

        var isNode = value.ValueKind == JsonValueKind.Object;
        if (isNode)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (processor.ExpandIri(active, property.Name, false, true, null, session) is Keywords.Value or Keywords.List or Keywords.Set)
                {
                    isNode = false;
                    break;
                }
            }
        }

        if (!isNode)
        {
            throw Errors.Syntax("invalid @included value", $"@included must contain node objects only ({CurrentPath()}).");
        }
    }

    private string? ExpandId(ActiveContext active, string value, bool fromTypeCoercion)
    {
        var expanded = processor.ExpandIri(active, value, true, false, null, session);
        if (Safe && (expanded is null || !(Iri.IsAbsolute(expanded) || Iri.IsBlankNode(expanded))))
        {
            throw SafeMode.Violation(expanded is null
                ? $"the @id '{value}' at {CurrentPath()} has the form of a keyword and would be ignored."
                : $"the {(fromTypeCoercion ? "IRI" : "@id")} '{value}' at {CurrentPath()} is relative and cannot be resolved to an absolute IRI.");
        }

        return expanded;
    }

    private object? ExpandTypes(ActiveContext typeScoped, JsonElement value, JMap result)
    {
        object? expanded;
        if (value.ValueKind == JsonValueKind.String)
        {
            expanded = ExpandType(typeScoped, value.GetString()!);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var types = new List<object?>(value.GetArrayLength());
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Errors.Syntax("invalid type value", $"@type must be a string or an array of strings ({CurrentPath()}).");
                }

                if (ExpandType(typeScoped, item.GetString()!) is { } type)
                {
                    types.Add(type);
                }
            }

            expanded = types;
        }
        else
        {
            throw Errors.Syntax("invalid type value", $"@type must be a string or an array of strings ({CurrentPath()}).");
        }

        if (expanded is null)
        {
            return null;
        }

        if (result.TryGetValue(Keywords.Type, out var previous))
        {
            var merged = AsList(previous);
            if (expanded is List<object?> more)
            {
                merged.AddRange(more);
            }
            else
            {
                merged.Add(expanded);
            }

            return merged;
        }

        return expanded;
    }

    private string? ExpandType(ActiveContext typeScoped, string value)
    {
        var expanded = processor.ExpandIri(typeScoped, value, true, true, null, session);
        if (Safe && (expanded is null || !(Iri.IsAbsolute(expanded) || Iri.IsBlankNode(expanded))))
        {
            throw SafeMode.Violation($"the type '{value}' at {CurrentPath()} is not defined by any context and does not expand to an absolute IRI.");
        }

        return expanded;
    }

    private void ExpandReverse(ActiveContext active, JsonElement value, JMap result, string? baseUrl, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Errors.Syntax("invalid @reverse value", $"@reverse must be an object ({CurrentPath()}).");
        }

        if (Expand(active, Keywords.Reverse, active.Get(Keywords.Reverse), value, baseUrl, false, depth + 1) is not JMap expanded)
        {
            return;
        }

        if (expanded.TryGetValue(Keywords.Reverse, out var doubleReversed) && doubleReversed is JMap reversedTwice)
        {
            foreach (var (property, items) in reversedTwice)
            {
                AddValue(result, property, items);
            }
        }

        foreach (var (property, items) in expanded)
        {
            if (property == Keywords.Reverse)
            {
                continue;
            }

            var reverseMap = ReverseMap(result);
            foreach (var item in AsList(items))
            {
                if (item is JMap map && (map.ContainsKey(Keywords.Value) || map.ContainsKey(Keywords.List)))
                {
                    throw Errors.Syntax("invalid reverse property value", $"a reverse property cannot have a value or list object ({CurrentPath()}).");
                }

                AddValue(reverseMap, property, item);
            }
        }
    }

    private static JMap ReverseMap(JMap result)
    {
        if (result.TryGetValue(Keywords.Reverse, out var existing) && existing is JMap map)
        {
            return map;
        }

        map = new JMap();
        result[Keywords.Reverse] = map;
        return map;
    }

    private void ExpandProperty(ActiveContext active, string key, TermDefinition? definition, string expandedProperty, JsonElement value, JMap result, string? baseUrl, int depth)
    {
        var container = definition?.Container ?? Containers.None;
        object? expandedValue;
        if (definition?.TypeMapping == Keywords.Json)
        {
            expandedValue = new JMap(2) { [Keywords.Value] = new JsonLiteral(value), [Keywords.Type] = Keywords.Json };
        }
        else if ((container & Containers.Language) != 0 && value.ValueKind == JsonValueKind.Object)
        {
            expandedValue = ExpandLanguageMap(active, definition!, value);
        }
        else if ((container & (Containers.Index | Containers.Type | Containers.Id)) != 0 && value.ValueKind == JsonValueKind.Object)
        {
            expandedValue = ExpandIndexMap(active, key, definition!, value, baseUrl, depth);
        }
        else
        {
            expandedValue = Expand(active, key, definition, value, baseUrl, false, depth + 1);
        }

        if (expandedValue is null)
        {
            return;
        }

        if ((container & Containers.List) != 0 && !IsListObject(expandedValue))
        {
            expandedValue = new JMap(1) { [Keywords.List] = AsList(expandedValue) };
        }

        if ((container & Containers.Graph) != 0 && (container & (Containers.Id | Containers.Index)) == 0)
        {
            var values = AsList(expandedValue);
            for (var i = 0; i < values.Count; i++)
            {
                values[i] = new JMap(1) { [Keywords.Graph] = AsList(values[i]) };
            }

            expandedValue = values;
        }

        if (definition is { IsReverse: true })
        {
            var reverseMap = ReverseMap(result);
            foreach (var item in AsList(expandedValue))
            {
                if (item is JMap map && (map.ContainsKey(Keywords.Value) || map.ContainsKey(Keywords.List)))
                {
                    throw Errors.Syntax("invalid reverse property value", $"the reverse property '{key}' cannot have a value or list object ({CurrentPath()}).");
                }

                AddValue(reverseMap, expandedProperty, item);
            }

            return;
        }

        AddValue(result, expandedProperty, expandedValue);
    }

    private List<object?> ExpandLanguageMap(ActiveContext active, TermDefinition definition, JsonElement value)
    {
        var result = new List<object?>();
        var direction = definition.HasDirection ? definition.Direction : active.DefaultDirection;
        foreach (var entry in value.EnumerateObject())
        {
            var language = entry.Name;
            var isNone = language == Keywords.None || processor.ExpandIri(active, language, false, true, null, session) == Keywords.None;
            if (!isNone && Safe && !LanguageTag.IsWellFormed(language))
            {
                throw SafeMode.Violation($"the language tag '{language}' at {CurrentPath()} is not well-formed, so the value would be dropped.");
            }

            if (entry.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in entry.Value.EnumerateArray())
                {
                    AddLanguageValue(result, item, language, isNone, direction);
                }
            }
            else
            {
                AddLanguageValue(result, entry.Value, language, isNone, direction);
            }
        }

        return result;
    }

    private void AddLanguageValue(List<object?> result, JsonElement item, string language, bool isNone, string? direction)
    {
        session.Work.Spend(1);
        if (item.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (item.ValueKind != JsonValueKind.String)
        {
            throw Errors.Syntax("invalid language map value", $"language map values must be strings ({CurrentPath()}).");
        }

        var value = new JMap(3) { [Keywords.Value] = item.GetString() };
        if (!isNone)
        {
            value[Keywords.Language] = language.ToLowerInvariant();
        }

        if (direction is not null)
        {
            value[Keywords.Direction] = direction;
        }

        result.Add(value);
    }

    private List<object?> ExpandIndexMap(ActiveContext active, string key, TermDefinition definition, JsonElement value, string? baseUrl, int depth)
    {
        var container = definition.Container;
        var indexKey = definition.IndexMapping ?? Keywords.Index;
        var result = new List<object?>();
        foreach (var entry in value.EnumerateObject())
        {
            var index = entry.Name;
            path.Add(new PathStep(index, 0));
            var mapContext = active;
            if ((container & (Containers.Id | Containers.Type)) != 0)
            {
                mapContext = active.PreviousContext ?? active;
            }

            if ((container & Containers.Type) != 0 && mapContext.Get(index)?.Context is { } scoped)
            {
                mapContext = processor.Apply(mapContext, scoped, false, true, session);
            }

            var expandedIndex = processor.ExpandIri(active, index, false, true, null, session);
            var items = AsList(Expand(mapContext, key, mapContext.Get(key), entry.Value, baseUrl, true, depth + 1));
            foreach (var raw in items)
            {
                if (raw is not JMap item)
                {
                    continue;
                }

                var current = item;
                if ((container & Containers.Graph) != 0 && !IsGraphObject(current))
                {
                    current = new JMap(1) { [Keywords.Graph] = new List<object?> { current } };
                }

                if ((container & Containers.Index) != 0 && indexKey != Keywords.Index && expandedIndex != Keywords.None)
                {
                    var reExpanded = ExpandValue(active, indexKey, entry.Name);
                    var expandedIndexKey = processor.ExpandIri(active, indexKey, false, true, null, session)!;
                    var values = new List<object?> { reExpanded };
                    if (current.TryGetValue(expandedIndexKey, out var existing))
                    {
                        values.AddRange(AsList(existing));
                    }

                    current[expandedIndexKey] = values;
                    if (current.ContainsKey(Keywords.Value))
                    {
                        throw Errors.Syntax("invalid value object", $"a value object cannot get a property-valued index ({CurrentPath()}).");
                    }
                }
                else if ((container & Containers.Index) != 0 && !current.ContainsKey(Keywords.Index) && expandedIndex != Keywords.None)
                {
                    current[Keywords.Index] = index;
                }
                else if ((container & Containers.Id) != 0 && !current.ContainsKey(Keywords.Id) && expandedIndex != Keywords.None)
                {
                    current[Keywords.Id] = ExpandId(active, index, false);
                }
                else if ((container & Containers.Type) != 0 && expandedIndex != Keywords.None)
                {
                    if (Safe && (expandedIndex is null || !(Iri.IsAbsolute(expandedIndex) || Iri.IsBlankNode(expandedIndex))))
                    {
                        throw SafeMode.Violation($"the type '{index}' at {CurrentPath()} does not expand to an absolute IRI.");
                    }

                    var types = new List<object?> { expandedIndex };
                    if (current.TryGetValue(Keywords.Type, out var existingTypes))
                    {
                        types.AddRange(AsList(existingTypes));
                    }

                    current[Keywords.Type] = types;
                }

                result.Add(current);
            }

            path.RemoveAt(path.Count - 1);
        }

        return result;
    }

    private object? FinishMap(JMap result, string? activeProperty)
    {
        if (result.TryGetValue(Keywords.Value, out var value))
        {
            foreach (var key in result.Keys)
            {
                if (key is not (Keywords.Direction or Keywords.Index or Keywords.Language or Keywords.Type or Keywords.Value))
                {
                    throw Errors.Syntax("invalid value object", $"a value object cannot have '{key}' ({CurrentPath()}).");
                }
            }

            var hasType = result.TryGetValue(Keywords.Type, out var type);
            if (hasType && (result.ContainsKey(Keywords.Language) || result.ContainsKey(Keywords.Direction)))
            {
                throw Errors.Syntax("invalid value object", $"a value object cannot have both @type and @language or @direction ({CurrentPath()}).");
            }

            if (hasType && type is string typeIri && typeIri == Keywords.Json)
            {
                return FinishTopLevel(result, activeProperty);
            }

            if (value is null)
            {
                if (Safe)
                {
                    throw SafeMode.Violation($"the value object at {CurrentPath()} has a null @value and would be dropped.");
                }

                return null;
            }

            if (value is not string && result.ContainsKey(Keywords.Language))
            {
                throw Errors.Syntax("invalid language-tagged value", $"only strings can have a language ({CurrentPath()}).");
            }

            if (hasType && !(type is string iri && Iri.IsAbsolute(iri) && !Keywords.IsKeyword(iri)))
            {
                throw Errors.Syntax("invalid typed value", $"the @type of a value object must be an absolute IRI ({CurrentPath()}).");
            }
        }
        else if (result.TryGetValue(Keywords.Type, out var type) && type is not List<object?>)
        {
            result[Keywords.Type] = new List<object?> { type };
        }
        else if (result.ContainsKey(Keywords.Set) || result.ContainsKey(Keywords.List))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey(Keywords.Index)))
            {
                throw Errors.Syntax("invalid set or list object", $"@set and @list allow only @index beside them ({CurrentPath()}).");
            }

            if (result.TryGetValue(Keywords.Set, out var set))
            {
                return set;
            }
        }

        if (result.Count == 1 && result.ContainsKey(Keywords.Language))
        {
            if (Safe)
            {
                throw SafeMode.Violation($"the object at {CurrentPath()} has only @language and would be dropped.");
            }

            return null;
        }

        return FinishTopLevel(result, activeProperty);
    }

    private JMap? FinishTopLevel(JMap result, string? activeProperty)
    {
        if (activeProperty is not (null or Keywords.Graph))
        {
            return result;
        }

        var drop = result.Count == 0 || result.ContainsKey(Keywords.Value) || result.ContainsKey(Keywords.List)
            || (result.Count == 1 && result.ContainsKey(Keywords.Id));
        if (!drop)
        {
            return result;
        }

        if (Safe)
        {
            throw SafeMode.Violation($"the object at {CurrentPath()} is not a node with properties and would be dropped.");
        }

        return null;
    }

    private JMap? ExpandValue(ActiveContext active, string activeProperty, TermDefinition? definition, JsonElement value)
    {
        var type = definition?.TypeMapping;
        if (value.ValueKind == JsonValueKind.String && type is Keywords.Id or Keywords.Vocab)
        {
            var text = value.GetString()!;
            var id = type == Keywords.Id
                ? ExpandId(active, text, true)
                : ExpandVocabId(active, text);
            return id is null ? null : new JMap(1) { [Keywords.Id] = id };
        }

        var result = new JMap(3) { [Keywords.Value] = Scalar(value) };
        if (type is not null && type is not (Keywords.Id or Keywords.Vocab or Keywords.None))
        {
            result[Keywords.Type] = type;
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            AddLanguageAndDirection(result, active, definition);
        }

        return result;
    }

    private JMap ExpandValue(ActiveContext active, string activeProperty, string value)
    {
        var definition = active.Get(activeProperty);
        var type = definition?.TypeMapping;
        if (type is Keywords.Id or Keywords.Vocab)
        {
            var id = type == Keywords.Id ? ExpandId(active, value, true) : ExpandVocabId(active, value);
            return new JMap(1) { [Keywords.Id] = id };
        }

        var result = new JMap(3) { [Keywords.Value] = value };
        if (type is not null && type != Keywords.None)
        {
            result[Keywords.Type] = type;
            return result;
        }

        AddLanguageAndDirection(result, active, definition);
        return result;
    }

    /// <summary>A string value gets the term's language and direction, or else the context's defaults.</summary>
    private static void AddLanguageAndDirection(JMap result, ActiveContext active, TermDefinition? definition)
    {
        var language = definition is { HasLanguage: true } ? definition.Language : active.DefaultLanguage;
        var direction = definition is { HasDirection: true } ? definition.Direction : active.DefaultDirection;
        if (language is not null)
        {
            result[Keywords.Language] = language;
        }

        if (direction is not null)
        {
            result[Keywords.Direction] = direction;
        }
    }

    private string? ExpandVocabId(ActiveContext active, string value)
    {
        var expanded = processor.ExpandIri(active, value, true, true, null, session);
        if (Safe && (expanded is null || !(Iri.IsAbsolute(expanded) || Iri.IsBlankNode(expanded))))
        {
            throw SafeMode.Violation($"the value '{value}' at {CurrentPath()} does not expand to an absolute IRI.");
        }

        return expanded;
    }

    private object? Scalar(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw Errors.Syntax("invalid value object value", $"the number {value.GetRawText()} is out of range ({CurrentPath()}).");
                }

                return number;
            default:
                return null;
        }
    }

    internal static bool IsListObject(object? value) => value is JMap map && map.ContainsKey(Keywords.List);

    private static bool IsGraphObject(JMap map)
    {
        if (!map.ContainsKey(Keywords.Graph))
        {
            return false;
        }

        foreach (var key in map.Keys)
        {
            if (key is not (Keywords.Graph or Keywords.Id or Keywords.Index or Keywords.Context))
            {
                return false;
            }
        }

        return true;
    }

    internal static List<object?> AsList(object? value) => value switch
    {
        List<object?> list => list,
        null => [],
        _ => [value],
    };

    private static void AddValue(JMap map, string key, object? value)
    {
        if (!map.TryGetValue(key, out var existing))
        {
            map[key] = value is List<object?> list ? list : new List<object?> { value };
            return;
        }

        var values = existing as List<object?>;
        if (values is null)
        {
            values = [existing];
            map[key] = values;
        }

        if (value is List<object?> more)
        {
            values.AddRange(more);
        }
        else
        {
            values.Add(value);
        }
    }

    private string CurrentPath()
    {
        var builder = new StringBuilder("$");
        foreach (var step in path)
        {
            if (step.Name is null)
            {
                builder.Append('[').Append(step.Index).Append(']');
            }
            else
            {
                builder.Append('.').Append(step.Name);
            }
        }

        return builder.ToString();
    }
}
