using System.Reflection;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Tests.Architecture;

/// <summary>Lucene is the library's engine, not its interface: nothing public in Core hands out a Lucene type.</summary>
public sealed class CorePublicApiTests
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void PublicMembers_OfCoreTypes_NeverMentionLucene()
    {
        var offenders = typeof(ArticleLibrary).Assembly.GetExportedTypes()
            .SelectMany(type => MemberSignatures(type).Where(s => s.Types.Any(IsLucene)).Select(s => $"{type.FullName}.{s.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void LuceneCheck_RecognisesLuceneTypes_InsideGenericsAndArrays()
    {
        // Guards the test above against passing because its type walk sees nothing.
        Assert.True(IsLucene(typeof(List<Lucene.Net.Search.Query>)));
        Assert.True(IsLucene(typeof(Lucene.Net.Analysis.Analyzer[])));
        Assert.False(IsLucene(typeof(IReadOnlyList<SentenceHit>)));
    }

    private static IEnumerable<(string Name, IEnumerable<Type> Types)> MemberSignatures(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return ("(base)", new[] { baseType });
        }

        foreach (var method in type.GetMethods(Visible).Concat<MethodBase>(type.GetConstructors(Visible)))
        {
            var types = method.GetParameters().Select(p => p.ParameterType).ToList();
            if (method is MethodInfo info)
            {
                types.Add(info.ReturnType);
            }

            yield return (method.Name, types);
        }

        foreach (var property in type.GetProperties(Visible))
        {
            yield return (property.Name, new[] { property.PropertyType });
        }

        foreach (var field in type.GetFields(Visible))
        {
            yield return (field.Name, new[] { field.FieldType });
        }
    }

    private static bool IsLucene(Type type)
    {
        if (type.HasElementType)
        {
            return IsLucene(type.GetElementType()!);
        }

        return (type.Namespace?.StartsWith("Lucene", StringComparison.Ordinal) ?? false)
            || (type.IsGenericType && type.GetGenericArguments().Any(IsLucene));
    }
}
