using System.Globalization;

namespace Microcred.Clinical.Labs;

/// <summary>The registry of labs. <see cref="Default"/> holds every lab defined in this library.</summary>
public sealed class LabCatalog
{
    private static readonly Lazy<LabCatalog> DefaultCatalog = new(Discover);

    /// <summary>A catalog of the given labs. Throws when two labs share a number or slug.</summary>
    public LabCatalog(IEnumerable<ILab> labs)
    {
        ArgumentNullException.ThrowIfNull(labs);
        var ordered = labs.OrderBy(l => l.Info.Number).ToList();
        var numbers = new HashSet<int>();
        var slugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var lab in ordered)
        {
            if (!numbers.Add(lab.Info.Number) || !slugs.Add(lab.Info.Slug))
            {
                throw new ArgumentException($"Two labs share number {lab.Info.Number} or slug '{lab.Info.Slug}'.", nameof(labs));
            }
        }

        Labs = ordered;
    }

    /// <summary>Every lab in this library, ordered by number.</summary>
    public static LabCatalog Default => DefaultCatalog.Value;

    /// <summary>The labs, ordered by number.</summary>
    public IReadOnlyList<ILab> Labs { get; }

    /// <summary>The lab with this slug (case-insensitive) or number, or null.</summary>
    public ILab? Find(string slugOrNumber)
    {
        if (string.IsNullOrWhiteSpace(slugOrNumber))
        {
            return null;
        }

        var key = slugOrNumber.Trim();
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return Labs.FirstOrDefault(l => l.Info.Number == number);
        }

        return Labs.FirstOrDefault(l => l.Info.Slug.Equals(key, StringComparison.OrdinalIgnoreCase));
    }

    // Labs register themselves by being concrete ILab types with a public parameterless constructor,
    // so adding a lab never means editing a shared list.
    private static LabCatalog Discover() => new(
        typeof(LabCatalog).Assembly.GetTypes()
            .Where(t => typeof(ILab).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false, ContainsGenericParameters: false } &&
                t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ILab)Activator.CreateInstance(t)!));
}
