using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace Microcred.Clinical.Labs.FhirQuery.Search;

/// <summary>One parsed search criterion: a parameter with its modifier and its OR-ed values, or a chain.</summary>
internal sealed class SearchCriterion
{
    public required SearchParameter Parameter { get; init; }

    public string? Modifier { get; init; }

    /// <summary>For a reference parameter, the resource type named by a type modifier (<c>subject:Patient</c>).</summary>
    public string? TargetType { get; init; }

    /// <summary>A criterion on the referenced resource (<c>patient.birthdate=lt1950</c>).</summary>
    public SearchCriterion? Chain { get; init; }

    public bool? Missing { get; init; }

    /// <summary>The comma-separated values, escapes kept for a later split on | or $.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>One compiled test per value; a resource value passing any of them matches (OR).</summary>
    public IReadOnlyList<Func<object, bool>> Tests { get; init; } = [];
}

/// <summary>A parsed search: the resource type, criteria (AND) and includes.</summary>
internal sealed class SearchRequest
{
    public required string ResourceType { get; init; }

    public List<SearchCriterion> Criteria { get; } = [];

    public List<(SearchParameter Parameter, string? TargetType)> Includes { get; } = [];

    public List<(string SourceType, SearchParameter Parameter)> RevIncludes { get; } = [];
}

/// <summary>The resources of a scenario, indexed for search.</summary>
internal sealed class FhirResourceStore
{
    private readonly Dictionary<string, List<Resource>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> _byKey = new(StringComparer.Ordinal);

    public FhirResourceStore(IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            if (!_byType.TryGetValue(resource.TypeName, out var list))
            {
                list = [];
                _byType[resource.TypeName] = list;
            }

            list.Add(resource);
            _byKey[Key(resource)] = resource;
        }
    }

    public static string Key(Resource resource) => resource.TypeName + "/" + resource.Id;

    public IReadOnlyList<Resource> OfType(string type) => _byType.TryGetValue(type, out var list) ? list : [];

    public Resource? Find(string type, string id) => _byKey.GetValueOrDefault(type + "/" + id);

    public int Count => _byKey.Count;
}

/// <summary>The outcome of a search: the matching resources followed by the included ones, or an error
/// message for the learner.</summary>
internal sealed record SearchOutcome(IReadOnlyList<Resource> Matches, IReadOnlyList<Resource> Included, string? Error)
{
    public static SearchOutcome Failed(string error) => new([], [], error);

    public IEnumerable<Resource> All => Matches.Concat(Included);
}

/// <summary>
/// A small FHIR R4 search evaluator over an in-memory set of resources: token (system|code), string
/// (starts-with, <c>:exact</c>, <c>:contains</c>), date (partial dates, prefixes eq ne gt lt ge le sa eb),
/// quantity (prefixes, units), reference, composite (code$value), the modifiers <c>:missing</c> and
/// <c>:not</c>, comma-separated values (OR), repeated parameters (AND), one level of chaining, <c>_id</c>,
/// <c>_include</c>, <c>_revinclude</c> and <c>_count</c> (accepted; every page is returned).
/// </summary>
internal sealed class FhirSearch(SearchParameterRegistry registry, FhirResourceStore store)
{
    private static readonly string[] SpecialParameters = ["_count", "_format", "_include", "_revinclude"];

    public SearchParameterRegistry Registry { get; } = registry;

    public FhirResourceStore Store { get; } = store;

    public SearchOutcome Run(string query)
    {
        var parsed = Parse(query, out var error);
        return parsed is null ? SearchOutcome.Failed(error!) : Evaluate(parsed);
    }

    public SearchRequest? Parse(string query, out string? error)
    {
        error = null;
        var text = (query ?? string.Empty).Trim();
        if (text.StartsWith("GET ", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..].TrimStart();
        }

        var questionMark = text.IndexOf('?', StringComparison.Ordinal);
        var path = (questionMark < 0 ? text : text[..questionMark]).TrimEnd('/');
        var type = path[(path.LastIndexOf('/') + 1)..];
        if (type.Length == 0)
        {
            error = "The query names no resource type. Start it with the type, for example Observation?code=…";
            return null;
        }

        if (!Registry.Supports(type))
        {
            error = $"The resource type '{Clip(type)}' is not searchable here; searchable types: {string.Join(", ", Registry.ResourceTypes.Order(StringComparer.Ordinal))}.";
            return null;
        }

        var request = new SearchRequest { ResourceType = type };
        if (questionMark < 0)
        {
            return request;
        }

        foreach (var pair in text[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = equals == 0 ? $"'{Clip(pair)}' has no parameter name." : $"The parameter '{Clip(Uri.UnescapeDataString(pair))}' has no value (write name=value).";
                return null;
            }

            var name = Uri.UnescapeDataString(pair[..equals]);
            var value = Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (value.Length == 0)
            {
                error = $"The parameter '{Clip(name)}' has an empty value.";
                return null;
            }

            error = AddParameter(request, name, value);
            if (error is not null)
            {
                return null;
            }
        }

        return request;
    }

    private string? AddParameter(SearchRequest request, string name, string value)
    {
        var type = request.ResourceType;
        switch (name)
        {
            case "_count":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 1000
                    ? null
                    : $"_count must be a whole number from 1 to 1000; got '{Clip(value)}'.";
            case "_format":
                return value is "json" or "application/fhir+json" or "application/json" ? null : "_format must be json (the only format here).";
            case "_include":
                return AddInclude(request, value);
            case "_revinclude":
                return AddRevInclude(request, value);
            default:
                break;
        }

        var criterion = ParseCriterion(type, name, value, out var error);
        if (criterion is null)
        {
            return error;
        }

        request.Criteria.Add(criterion);
        return null;
    }

    private SearchCriterion? ParseCriterion(string type, string name, string value, out string? error)
    {
        error = null;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            return ParseChain(type, name[..dot], name[(dot + 1)..], value, out error);
        }

        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var parameterName = colon < 0 ? name : name[..colon];
        var modifier = colon < 0 ? null : name[(colon + 1)..];
        var parameter = Registry.Find(type, parameterName);
        if (parameter is null)
        {
            error = Unsupported(type, parameterName);
            return null;
        }

        string? targetType = null;
        if (modifier is not null && modifier != "missing")
        {
            if (parameter.Type == SearchParameterType.Reference && modifier.Length > 0 && char.IsAsciiLetterUpper(modifier[0]))
            {
                if (parameter.Targets is null || !parameter.Targets.Contains(modifier))
                {
                    error = $"'{parameterName}' on {type} refers to {string.Join(" or ", parameter.Targets ?? [])}, not {Clip(modifier)}.";
                    return null;
                }

                targetType = modifier;
                modifier = null;
            }
            else if (!AllowedModifiers(parameter.Type).Contains(modifier))
            {
                error = $"The modifier ':{Clip(modifier)}' is not supported on the {parameter.Type.ToString().ToLowerInvariant()} parameter '{parameterName}'; supported: " +
                    string.Join(", ", AllowedModifiers(parameter.Type).Select(m => ":" + m)) + ".";
                return null;
            }
        }

        if (modifier == "missing")
        {
            if (value is not ("true" or "false"))
            {
                error = $"{parameterName}:missing takes true or false; got '{Clip(value)}'.";
                return null;
            }

            return new SearchCriterion { Parameter = parameter, Modifier = modifier, Missing = value == "true" };
        }

        var values = SearchValueParser.SplitKeepingEscapes(value, ',');
        foreach (var single in values)
        {
            error = Validate(parameter, single, parameterName);
            if (error is not null)
            {
                return null;
            }
        }

        var tests = values.Select(v => Compile(parameter, modifier == "not" ? null : modifier, targetType, v)).ToArray();
        return new SearchCriterion { Parameter = parameter, Modifier = modifier, TargetType = targetType, Values = values, Tests = tests };
    }

    private SearchCriterion? ParseChain(string type, string left, string right, string value, out string? error)
    {
        error = null;
        if (right.Contains('.', StringComparison.Ordinal))
        {
            error = $"'{Clip(left + "." + right)}' chains more than one level; this evaluator follows one reference only.";
            return null;
        }

        var colon = left.IndexOf(':', StringComparison.Ordinal);
        var referenceName = colon < 0 ? left : left[..colon];
        var typeModifier = colon < 0 ? null : left[(colon + 1)..];
        var reference = Registry.Find(type, referenceName);
        if (reference is null)
        {
            error = Unsupported(type, referenceName);
            return null;
        }

        if (reference.Type != SearchParameterType.Reference)
        {
            error = $"'{referenceName}' is a {reference.Type.ToString().ToLowerInvariant()} parameter; only reference parameters can be chained.";
            return null;
        }

        var target = typeModifier ?? (reference.Targets is { Count: 1 } only ? only[0] : null);
        if (target is null || reference.Targets is null || !reference.Targets.Contains(target))
        {
            error = $"Name the type to chain through, one of {string.Join(", ", reference.Targets ?? [])} (for example {referenceName}:{reference.Targets?[0]}.name=…).";
            return null;
        }

        if (!Registry.Supports(target))
        {
            error = $"Chaining into {target} is not supported here; searchable types: {string.Join(", ", Registry.ResourceTypes.Order(StringComparer.Ordinal))}.";
            return null;
        }

        var chained = ParseCriterion(target, right, value, out error);
        return chained is null ? null : new SearchCriterion { Parameter = reference, TargetType = target, Chain = chained };
    }

    private string? AddInclude(SearchRequest request, string value)
    {
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != request.ResourceType)
        {
            return $"_include must be {request.ResourceType}:parameter (or {request.ResourceType}:parameter:Type), for example {request.ResourceType}:{Registry.Of(request.ResourceType).FirstOrDefault(p => p.Type == SearchParameterType.Reference)?.Name ?? "subject"}; got '{Clip(value)}'.";
        }

        var parameter = Registry.Find(parts[0], parts[1]);
        if (parameter is not { Type: SearchParameterType.Reference })
        {
            return $"'{Clip(parts[1])}' is not a reference parameter of {parts[0]}; reference parameters: " +
                string.Join(", ", Registry.Of(parts[0]).Where(p => p.Type == SearchParameterType.Reference).Select(p => p.Name)) + ".";
        }

        if (parts.Length == 3 && (parameter.Targets is null || !parameter.Targets.Contains(parts[2])))
        {
            return $"{parts[0]}:{parts[1]} refers to {string.Join(" or ", parameter.Targets ?? [])}, not {Clip(parts[2])}.";
        }

        request.Includes.Add((parameter, parts.Length == 3 ? parts[2] : null));
        return null;
    }

    private string? AddRevInclude(SearchRequest request, string value)
    {
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || !Registry.Supports(parts[0]))
        {
            return $"_revinclude must be Type:parameter, for example Observation:patient; got '{Clip(value)}'.";
        }

        var parameter = Registry.Find(parts[0], parts[1]);
        if (parameter is not { Type: SearchParameterType.Reference } || parameter.Targets is null || !parameter.Targets.Contains(request.ResourceType))
        {
            return $"'{Clip(parts[1])}' on {parts[0]} does not refer to {request.ResourceType}.";
        }

        request.RevIncludes.Add((parts[0], parameter));
        return null;
    }

    private string Unsupported(string type, string name)
    {
        var supported = Registry.Of(type).Select(p => p.Name).Concat(SpecialParameters).Order(StringComparer.Ordinal);
        return $"The parameter '{Clip(name)}' is not supported on {type}; supported: {string.Join(", ", supported)}.";
    }

    private static string[] AllowedModifiers(SearchParameterType type) => type switch
    {
        SearchParameterType.Token => ["missing", "not"],
        SearchParameterType.String => ["missing", "exact", "contains"],
        _ => ["missing"],
    };

    private string? Validate(SearchParameter parameter, string value, string name)
    {
        if (value.Length == 0)
        {
            return $"'{name}' has an empty value in its comma-separated list.";
        }

        switch (parameter.Type)
        {
            case SearchParameterType.Token:
                return SearchValueParser.SplitUnescaped(value, '|').Count > 2 ? $"'{Clip(value)}' is not a token: write code, system|code, |code or system|." : null;
            case SearchParameterType.Date:
                if (!SearchValueParser.TrySplitPrefix(value, out _, out var date, out var unknown))
                {
                    return $"The prefix '{unknown}' is not supported on the date parameter '{name}'; supported: eq, ne, gt, lt, ge, le, sa, eb.";
                }

                return SearchValueParser.TryParseDate(date, Registry.LocalOffset, out _)
                    ? null
                    : $"'{Clip(date)}' is not a FHIR date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with an optional offset (encode + as %2B).";
            case SearchParameterType.Quantity:
                return ValidateQuantity(value, name);
            case SearchParameterType.Reference:
                return SearchValueParser.TryParseReference(value, out _) ? null : $"'{Clip(value)}' is not a reference: write Type/id, for example Patient/p0000001.";
            case SearchParameterType.Composite:
                var parts = SearchValueParser.SplitKeepingEscapes(value, '$');
                if (parts.Count != 2)
                {
                    return $"'{Clip(value)}' is not a composite value: write code$value, for example http://loinc.org|8480-6$ge180.";
                }

                return SearchValueParser.SplitUnescaped(parts[0], '|').Count > 2 ? $"'{Clip(parts[0])}' is not a token." : ValidateQuantity(parts[1], name);
            default:
                return null;
        }
    }

    private static string? ValidateQuantity(string value, string name)
    {
        if (!SearchValueParser.TrySplitPrefix(value, out var prefix, out var rest, out var unknown) || prefix is SearchPrefix.Sa or SearchPrefix.Eb)
        {
            return $"The prefix '{unknown ?? value[..2]}' is not supported on the quantity parameter '{name}'; supported: eq, ne, gt, lt, ge, le.";
        }

        return SearchValueParser.TryParseQuantity(rest, out _, out _, out _, out _, out var problem) ? null : problem;
    }

    public SearchOutcome Evaluate(SearchRequest request)
    {
        var chains = new Dictionary<SearchCriterion, HashSet<string>>();
        foreach (var criterion in request.Criteria.Where(c => c.Chain is not null))
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var targets = Store.OfType(criterion.TargetType!);
            var index = Index(criterion.TargetType!, criterion.Chain!.Parameter);
            for (var i = 0; i < targets.Count; i++)
            {
                if (targets[i].Id is { } id && Matches(index[i], criterion.Chain))
                {
                    ids.Add(id);
                }
            }

            chains[criterion] = ids;
        }

        var resources = Store.OfType(request.ResourceType);
        var indexes = request.Criteria.Select(c => Index(request.ResourceType, c.Parameter)).ToArray();
        var matches = new List<Resource>();
        for (var i = 0; i < resources.Count; i++)
        {
            var all = true;
            for (var c = 0; c < request.Criteria.Count && all; c++)
            {
                var criterion = request.Criteria[c];
                var values = indexes[c][i];
                all = criterion.Chain is not null
                    ? values.Any(v => v is ReferenceValue r && r.Type == criterion.TargetType && chains[criterion].Contains(r.Id))
                    : Matches(values, criterion);
            }

            if (all)
            {
                matches.Add(resources[i]);
            }
        }

        var seen = matches.Select(FhirResourceStore.Key).ToHashSet(StringComparer.Ordinal);
        var included = new List<Resource>();
        foreach (var (parameter, targetType) in request.Includes)
        {
            foreach (var resource in matches)
            {
                foreach (var reference in parameter.Values(resource).OfType<ReferenceValue>())
                {
                    if ((targetType is null || reference.Type == targetType) && Store.Find(reference.Type, reference.Id) is { } found && seen.Add(FhirResourceStore.Key(found)))
                    {
                        included.Add(found);
                    }
                }
            }
        }

        if (request.RevIncludes.Count > 0)
        {
            var matchedIds = matches.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (sourceType, parameter) in request.RevIncludes)
            {
                var sources = Store.OfType(sourceType);
                var index = Index(sourceType, parameter);
                for (var i = 0; i < sources.Count; i++)
                {
                    if (index[i].Any(v => v is ReferenceValue r && r.Type == request.ResourceType && matchedIds.Contains(r.Id)) && seen.Add(FhirResourceStore.Key(sources[i])))
                    {
                        included.Add(sources[i]);
                    }
                }
            }
        }

        return new SearchOutcome(matches, included, null);
    }

    /// <summary>The values of one parameter for every resource of a type, extracted once and kept: the
    /// evaluator's equivalent of a server's search index.</summary>
    private object[][] Index(string type, SearchParameter parameter) =>
        _index.GetOrAdd(parameter, p => [.. Store.OfType(type).Select(r => p.Values(r).ToArray())]);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<SearchParameter, object[][]> _index = new(ReferenceEqualityComparer.Instance);

    private static bool Matches(object[] values, SearchCriterion criterion)
    {
        if (criterion.Missing is { } missing)
        {
            return (values.Length > 0) != missing;
        }

        var any = false;
        foreach (var value in values)
        {
            foreach (var test in criterion.Tests)
            {
                if (test(value))
                {
                    any = true;
                    break;
                }
            }

            if (any)
            {
                break;
            }
        }

        return criterion.Modifier == "not" ? !any : any;
    }

    /// <summary>Parses a search value once into a test on resource values.</summary>
    private Func<object, bool> Compile(SearchParameter parameter, string? modifier, string? targetType, string search)
    {
        switch (parameter.Type)
        {
            case SearchParameterType.Token:
                {
                    var token = TokenTest(search);
                    return v => token((TokenValue)v);
                }

            case SearchParameterType.String:
                {
                    var plain = SearchValueParser.SplitUnescaped(search, '\0')[0];
                    var folded = Fold(plain);
                    return modifier switch
                    {
                        "exact" => v => (string)v == plain,
                        "contains" => v => Fold((string)v).Contains(folded, StringComparison.Ordinal),
                        _ => v => Fold((string)v).StartsWith(folded, StringComparison.Ordinal),
                    };
                }

            case SearchParameterType.Date:
                {
                    if (!SearchValueParser.TrySplitPrefix(search, out var prefix, out var text, out _) ||
                        !SearchValueParser.TryParseDate(text, Registry.LocalOffset, out var range))
                    {
                        return _ => false;
                    }

                    return v => MatchesDate((DateRange)v, prefix, range);
                }

            case SearchParameterType.Quantity:
                {
                    var quantity = QuantityTest(search);
                    return v => quantity((QuantityValue)v);
                }

            case SearchParameterType.Reference:
                {
                    if (!SearchValueParser.TryParseReference(search, out var wanted))
                    {
                        return _ => false;
                    }

                    var type = wanted.Type.Length > 0 ? wanted.Type : targetType;
                    return v => v is ReferenceValue r && r.Id == wanted.Id && (type is null || r.Type == type);
                }

            default:
                {
                    var parts = SearchValueParser.SplitKeepingEscapes(search, '$');
                    var token = TokenTest(parts[0]);
                    var quantity = QuantityTest(parts[1]);
                    return v => v is CompositeValue c && c.Quantity is { } q && c.Codes.Any(token) && quantity(q);
                }
        }
    }

    private static Func<TokenValue, bool> TokenTest(string search)
    {
        var parts = SearchValueParser.SplitUnescaped(search, '|');
        if (parts.Count == 1)
        {
            var only = parts[0];
            return t => t.Code == only;
        }

        var (system, code) = (parts[0], parts[1]);
        if (system.Length == 0)
        {
            return t => string.IsNullOrEmpty(t.System) && t.Code == code;
        }

        return t => t.System == system && (code.Length == 0 || t.Code == code);
    }

    private static Func<QuantityValue, bool> QuantityTest(string search)
    {
        if (!SearchValueParser.TrySplitPrefix(search, out var prefix, out var text, out _) ||
            !SearchValueParser.TryParseQuantity(text, out var number, out var precision, out var system, out var code, out _))
        {
            return _ => false;
        }

        return q =>
        {
            if (system is not null && (q.System != system || q.Code != code))
            {
                return false;
            }

            if (system is null && code is not null && q.Code != code && q.Unit != code)
            {
                return false;
            }

            var v = q.Value;
            return prefix switch
            {
                SearchPrefix.Eq => v >= number - precision && v < number + precision,
                SearchPrefix.Ne => v < number - precision || v >= number + precision,
                SearchPrefix.Gt => v > number,
                SearchPrefix.Lt => v < number,
                SearchPrefix.Ge => v >= number,
                SearchPrefix.Le => v <= number,
                _ => false,
            };
        };
    }

    private static bool MatchesDate(DateRange target, SearchPrefix prefix, DateRange s)
    {
        var contained = target.Start >= s.Start && target.End <= s.End;
        return prefix switch
        {
            SearchPrefix.Eq => contained,
            SearchPrefix.Ne => !contained,
            SearchPrefix.Gt => target.End > s.End,
            SearchPrefix.Lt => target.Start < s.Start,
            SearchPrefix.Ge => target.End > s.End || contained,
            SearchPrefix.Le => target.Start < s.Start || contained,
            SearchPrefix.Sa => target.Start >= s.End,
            SearchPrefix.Eb => target.End <= s.Start,
            _ => false,
        };
    }

    /// <summary>Case- and accent-insensitive form of a string, as FHIR string search compares. The
    /// library runs with invariant globalization (no Unicode normalization), so Latin letters with
    /// diacritics (U+00C0 to U+017F) are folded through a table.</summary>
    internal static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c is >= '\u00C0' and <= '\u017F' ? LatinFolds[c - '\u00C0'] : char.ToLowerInvariant(c);
        }
    });

    private const string LatinFolds = "aaaaaaaceeeeiiiidnooooo×ouuuuytsaaaaaaaceeeeiiiidnooooo÷ouuuuytyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    private static string Clip(string text) => Submissions.Excerpt.Quote(text, 60)[1..^1];
}
