using Microcred.Credentials.Rdf;
using JMap = System.Collections.Generic.Dictionary<string, object?>;

namespace Microcred.Credentials.JsonLd;

/// <summary>Node Map Generation and the Deserialize JSON-LD to RDF algorithm.</summary>
internal sealed class RdfConverter
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    private static readonly RdfTerm RdfType = RdfTerm.Iri(Rdf + "type");
    private static readonly RdfTerm RdfFirst = RdfTerm.Iri(Rdf + "first");
    private static readonly RdfTerm RdfRest = RdfTerm.Iri(Rdf + "rest");
    private static readonly RdfTerm RdfNil = RdfTerm.Iri(Rdf + "nil");
    private static readonly RdfTerm RdfValue = RdfTerm.Iri(Rdf + "value");
    private static readonly RdfTerm RdfLanguage = RdfTerm.Iri(Rdf + "language");
    private static readonly RdfTerm RdfDirectionTerm = RdfTerm.Iri(Rdf + "direction");

    private readonly JsonLdOptions options;
    private readonly Session session;
    private readonly Dictionary<string, string> blankNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JMap>> graphs = new(StringComparer.Ordinal);
    private List<Quad> quads = [];
    private int valueCount;
    private HashSet<Quad>? seen;
    private bool mayRepeat;
    private int counter;

    public RdfConverter(JsonLdOptions options, Session session)
    {
        this.options = options;
        this.session = session;
    }

    public List<Quad> Convert(List<object?> expanded)
    {
        var defaultGraph = new Dictionary<string, JMap>(StringComparer.Ordinal);
        graphs[Keywords.Default] = defaultGraph;
        BuildNodeMap(expanded, defaultGraph, null, null, null, null, 0);
        quads = new List<Quad>(valueCount + 4);
        foreach (var (graphName, graph) in graphs)
        {
            RdfTerm graphTerm;
            if (graphName == Keywords.Default)
            {
                graphTerm = RdfTerm.DefaultGraph;
            }
            else if (Resource(graphName, "graph name") is { } named)
            {
                graphTerm = named;
            }
            else
            {
                continue;
            }

            foreach (var (subject, node) in graph)
            {
                if (Resource(subject, "subject") is not { } subjectTerm)
                {
                    continue;
                }

                foreach (var (property, values) in node)
                {
                    if (property == Keywords.Type || !Keywords.IsKeyword(property))
                    {
                        EmitProperty(subjectTerm, property, (List<object?>)values!, graphTerm);
                    }
                }
            }
        }

        return quads;
    }

    private void EmitProperty(RdfTerm subject, string property, List<object?> values, RdfTerm graph)
    {
        if (property == Keywords.Type)
        {
            foreach (var type in values)
            {
                if (Resource((string)type!, "type") is { } typeTerm)
                {
                    Add(new Quad(subject, RdfType, typeTerm, graph));
                }
            }

            return;
        }

        if (Keywords.IsKeyword(property))
        {
            return;
        }

        RdfTerm predicate;
        if (Iri.IsBlankNode(property))
        {
            if (!options.ProduceGeneralizedRdf)
            {
                if (session.Safe)
                {
                    throw SafeMode.Violation($"the property '{property}' is a blank node, which RDF does not allow as a predicate.");
                }

                return;
            }

            predicate = RdfTerm.Blank(property[2..]);
        }
        else if (Iri.IsWellFormed(property))
        {
            predicate = RdfTerm.Iri(property);
        }
        else
        {
            if (session.Safe)
            {
                throw SafeMode.Violation($"the property IRI '{property}' is not a well-formed absolute IRI.");
            }

            return;
        }

        foreach (var item in values)
        {
            if (ObjectToRdf((JMap)item!, graph, 0) is { } obj)
            {
                Add(new Quad(subject, predicate, obj, graph));
            }
        }
    }

    private void Add(Quad quad)
    {
        // The node map already removes repeated values, except in very long value lists; only then
        // is a hash set of quads worth its cost.
        if (mayRepeat)
        {
            seen ??= [.. quads];
            if (!seen.Add(quad))
            {
                return;
            }
        }

        quads.Add(quad);
    }

    /// <summary>An IRI or blank node term, or null (with a safe-mode error) when it is not well-formed.</summary>
    private RdfTerm? Resource(string id, string role)
    {
        if (Iri.IsBlankNode(id))
        {
            return RdfTerm.Blank(id[2..]);
        }

        if (Iri.IsWellFormed(id))
        {
            return RdfTerm.Iri(id);
        }

        if (session.Safe)
        {
            throw SafeMode.Violation($"the {role} '{id}' is not a well-formed absolute IRI, so its triples would be dropped.");
        }

        return null;
    }

    private RdfTerm? ObjectToRdf(JMap item, RdfTerm graph, int depth)
    {
        // One pass over the few entries instead of a hashed lookup for each keyword; this runs for every value.
        object? id = null, list = null, value = null, type = null, lang = null, directionValue = null;
        bool hasId = false, hasList = false, hasValue = false;
        foreach (var (key, entry) in item)
        {
            switch (key)
            {
                case Keywords.Id:
                    (hasId, id) = (true, entry);
                    break;
                case Keywords.List:
                    (hasList, list) = (true, entry);
                    break;
                case Keywords.Value:
                    (hasValue, value) = (true, entry);
                    break;
                case Keywords.Type:
                    type = entry;
                    break;
                case Keywords.Language:
                    lang = entry;
                    break;
                case Keywords.Direction:
                    directionValue = entry;
                    break;
            }
        }

        if (hasId && !hasValue)
        {
            return id is string idString ? Resource(idString, "object") : null;
        }

        if (hasList)
        {
            return ListToRdf((List<object?>)list!, graph, depth + 1);
        }

        if (!hasValue)
        {
            throw new KeyNotFoundException($"The expanded value has no {Keywords.Value}.");
        }

        var datatype = type as string;
        var language = lang as string;
        if (datatype is not null && datatype != Keywords.Json && !Iri.IsWellFormed(datatype))
        {
            if (session.Safe)
            {
                throw SafeMode.Violation($"the datatype '{datatype}' is not a well-formed absolute IRI.");
            }

            return null;
        }

        if (language is not null && !LanguageTag.IsWellFormed(language))
        {
            if (session.Safe)
            {
                throw SafeMode.Violation($"the language tag '{language}' is not well-formed.");
            }

            return null;
        }

        string lexical;
        if (datatype == Keywords.Json)
        {
            lexical = value is JsonLiteral literal ? RdfLiterals.CanonicalJson(literal.Value) : "null";
            datatype = Rdf + "JSON";
        }
        else if (value is bool flag)
        {
            lexical = flag ? "true" : "false";
            datatype ??= Xsd + "boolean";
        }
        else if (value is double number)
        {
            if (RdfLiterals.IsDouble(number) || datatype == Xsd + "double")
            {
                lexical = RdfLiterals.Double(number);
                datatype ??= Xsd + "double";
            }
            else
            {
                lexical = RdfLiterals.Integer(number);
                datatype ??= Xsd + "integer";
            }
        }
        else
        {
            lexical = (string)value!;
        }

        if (directionValue is string direction)
        {
            switch (options.RdfDirection)
            {
                case RdfDirection.I18nDatatype:
                    return RdfTerm.Literal(lexical, "https://www.w3.org/ns/i18n#" + language?.ToLowerInvariant() + "_" + direction);
                case RdfDirection.CompoundLiteral:
                    var node = RdfTerm.Blank(NewBlankNode()[2..]);
                    Add(new Quad(node, RdfValue, RdfTerm.Literal(lexical), graph));
                    if (language is not null)
                    {
                        Add(new Quad(node, RdfLanguage, RdfTerm.Literal(language.ToLowerInvariant()), graph));
                    }

                    Add(new Quad(node, RdfDirectionTerm, RdfTerm.Literal(direction), graph));
                    return node;
                default:
                    if (session.Safe)
                    {
                        throw SafeMode.Violation($"the value \"{lexical}\" has @direction '{direction}', which RDF cannot keep unless rdfDirection is set.");
                    }

                    break;
            }
        }

        return language is not null ? RdfTerm.LangLiteral(lexical, language) : RdfTerm.Literal(lexical, datatype);
    }

    private RdfTerm ListToRdf(List<object?> list, RdfTerm graph, int depth)
    {
        if (depth > options.MaxDepth)
        {
            throw new JsonLdException(JsonLdErrorCodes.MaxDepthExceeded, $"Lists nest deeper than {options.MaxDepth} levels.");
        }

        if (list.Count == 0)
        {
            return RdfNil;
        }

        var nodes = new RdfTerm[list.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = RdfTerm.Blank(NewBlankNode()[2..]);
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            session.Work.Spend(1);
            if (ObjectToRdf((JMap)list[i]!, graph, depth) is { } obj)
            {
                Add(new Quad(nodes[i], RdfFirst, obj, graph));
            }

            Add(new Quad(nodes[i], RdfRest, i + 1 < nodes.Length ? nodes[i + 1] : RdfNil, graph));
        }

        return nodes[0];
    }

    private string NewBlankNode() => "_:b" + counter++.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string BlankNode(string? identifier)
    {
        if (identifier is null)
        {
            return NewBlankNode();
        }

        if (!blankNodes.TryGetValue(identifier, out var issued))
        {
            issued = NewBlankNode();
            blankNodes[identifier] = issued;
        }

        return issued;
    }

    /// <summary>
    /// The Node Map Generation algorithm; <paramref name="activeSubject"/> is a string or, for reverse
    /// properties, a node reference. The active graph, and the subject's values of the active
    /// property (<paramref name="subjectValues"/>), are passed themselves rather than looked up
    /// again by name for every value.
    /// </summary>
    private void BuildNodeMap(object? element, Dictionary<string, JMap> graph, object? activeSubject, List<object?>? subjectValues, string? activeProperty, List<object?>? list, int depth)
    {
        if (depth > options.MaxDepth * 2 + 8)
        {
            throw new JsonLdException(JsonLdErrorCodes.MaxDepthExceeded, $"The JSON-LD input nests deeper than {options.MaxDepth} levels.");
        }

        if (element is List<object?> items)
        {
            foreach (var item in items)
            {
                BuildNodeMap(item, graph, activeSubject, subjectValues, activeProperty, list, depth + 1);
            }

            return;
        }

        if (element is not JMap map)
        {
            return;
        }

        session.Work.Spend(1);

        // One pass over the map's keywords rather than a lookup for each of them.
        object? typeValue = null, listValue = null, idValue = null, index = null, reverse = null, graphValue = null, included = null;
        bool hasValue = false, hasList = false, hasId = false, hasIndex = false, hasGraph = false, hasIncluded = false;
        foreach (var (key, entry) in map)
        {
            switch (key)
            {
                case Keywords.Type:
                    typeValue = entry;
                    break;
                case Keywords.Value:
                    hasValue = true;
                    break;
                case Keywords.List:
                    (hasList, listValue) = (true, entry);
                    break;
                case Keywords.Id:
                    (hasId, idValue) = (true, entry);
                    break;
                case Keywords.Index:
                    (hasIndex, index) = (true, entry);
                    break;
                case Keywords.Reverse:
                    reverse = entry;
                    break;
                case Keywords.Graph:
                    (hasGraph, graphValue) = (true, entry);
                    break;
                case Keywords.Included:
                    (hasIncluded, included) = (true, entry);
                    break;
            }
        }

        if (typeValue is List<object?> mapTypes)
        {
            for (var i = 0; i < mapTypes.Count; i++)
            {
                if (mapTypes[i] is string t && Iri.IsBlankNode(t))
                {
                    mapTypes[i] = BlankNode(t);
                }
            }
        }
        else if (typeValue is string single && Iri.IsBlankNode(single))
        {
            map[Keywords.Type] = BlankNode(single);
        }

        if (hasValue)
        {
            if (list is not null)
            {
                list.Add(map);
            }
            else
            {
                AddUnique(subjectValues!, map);
            }

            return;
        }

        if (hasList)
        {
            var itemsOfList = new List<object?>();
            var result = new JMap(1) { [Keywords.List] = itemsOfList };
            BuildNodeMap(listValue, graph, activeSubject, subjectValues, activeProperty, itemsOfList, depth + 1);
            if (list is not null)
            {
                list.Add(result);
            }
            else
            {
                subjectValues!.Add(result);
            }

            return;
        }

        string id;
        var unidentifiable = false;
        if (idValue is string explicitId)
        {
            id = Iri.IsBlankNode(explicitId) ? BlankNode(explicitId) : explicitId;
        }
        else
        {
            // A null @id came from an ignored keyword-like value: the node exists but nothing links to it.
            unidentifiable = idValue is null && hasId;
            id = BlankNode(null);
        }

        if (!graph.TryGetValue(id, out var node))
        {
            node = new JMap { [Keywords.Id] = id };
            graph[id] = node;
        }

        if (activeSubject is JMap reverseSubject)
        {
            AddUnique(Values(node, activeProperty!), reverseSubject);
        }
        else if (activeProperty is not null && !unidentifiable)
        {
            var reference = new JMap(1) { [Keywords.Id] = id };
            if (list is not null)
            {
                list.Add(reference);
            }
            else
            {
                AddUnique(subjectValues!, reference);
            }
        }

        if (typeValue is not null)
        {
            var types = Values(node, Keywords.Type);
            foreach (var type in Expander.AsList(map[Keywords.Type]))
            {
                if (!types.Contains(type))
                {
                    types.Add(type);
                    valueCount++;
                }
            }
        }

        if (hasIndex)
        {
            if (node.TryGetValue(Keywords.Index, out var existingIndex) && !Equals(existingIndex, index))
            {
                throw Errors.Syntax("conflicting indexes", $"the node '{id}' has two different @index values.");
            }

            node[Keywords.Index] = index;
        }

        if (reverse is JMap reverseMap)
        {
            var referenced = new JMap(1) { [Keywords.Id] = id };
            foreach (var (property, values) in reverseMap)
            {
                foreach (var value in Expander.AsList(values))
                {
                    BuildNodeMap(value, graph, referenced, null, property, null, depth + 1);
                }
            }
        }

        if (hasGraph)
        {
            if (!graphs.TryGetValue(id, out var namedGraph))
            {
                namedGraph = new Dictionary<string, JMap>(StringComparer.Ordinal);
                graphs[id] = namedGraph;
            }

            BuildNodeMap(graphValue, namedGraph, null, null, null, null, depth + 1);
        }

        if (hasIncluded)
        {
            BuildNodeMap(included, graph, null, null, null, null, depth + 1);
        }

        foreach (var (key, value) in map)
        {
            if (key is Keywords.Id or Keywords.Type or Keywords.Index or Keywords.Reverse or Keywords.Graph or Keywords.Included)
            {
                continue;
            }

            var property = Iri.IsBlankNode(key) ? BlankNode(key) : key;
            ref var values = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(node, property, out _);
            values ??= new List<object?>();
            BuildNodeMap(value, graph, id, (List<object?>)values, property, null, depth + 1);
        }
    }

    private static List<object?> Values(JMap node, string property)
    {
        if (node.TryGetValue(property, out var existing))
        {
            return (List<object?>)existing!;
        }

        var values = new List<object?>();
        node[property] = values;
        return values;
    }

    /// <summary>Adds to a node's values of a property unless an equal reference or value is already there (maps compare by their entries).</summary>
    private void AddUnique(List<object?> values, JMap value)
    {
        // Duplicates of ordinary values collapse at the quad level; only references and compound
        // literals need the comparison here, and only within small lists to keep this linear on hostile input.
        if (values.Count <= 64)
        {
            foreach (var existing in values)
            {
                if (existing is JMap other && ShallowEquals(other, value))
                {
                    return;
                }
            }
        }
        else
        {
            mayRepeat = true;
        }

        values.Add(value);
        valueCount++;
    }

    private static bool ShallowEquals(JMap a, JMap b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other))
            {
                return false;
            }

            var same = value switch
            {
                string s => other is string t && s == t,
                double d => other is double e && d.Equals(e),
                bool f => other is bool g && f == g,
                null => other is null,
                JsonLiteral j => other is JsonLiteral k && System.Text.Json.JsonElement.DeepEquals(j.Value, k.Value),
                _ => ReferenceEquals(value, other),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }
}
