using System.Security.Cryptography;
using System.Text;

namespace Microcred.Web.Features.Catalog;

/// Name-based (RFC 9562 version 5 style) identifiers, so a program, module or lesson gets the same
/// id on every machine and after every re-seed.
internal static class StableId
{
    private static readonly byte[] Namespace = Guid.Parse("6f0d7c8e-58a3-4c58-9a8e-2b8f3f1c1a01").ToByteArray(bigEndian: true);

    public static Guid ForProgram(string programSlug) => Create($"program/{programSlug}");

    public static Guid ForModule(string programSlug, string moduleSlug) => Create($"module/{programSlug}/{moduleSlug}");

    public static Guid ForLesson(string programSlug, string lessonSlug) => Create($"lesson/{programSlug}/{lessonSlug}");

    private static Guid Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[Namespace.Length + nameBytes.Length];
        Namespace.CopyTo(input, 0);
        nameBytes.CopyTo(input, Namespace.Length);
#pragma warning disable CA5350 // SHA-1 is what version 5 UUIDs are defined with; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
