using System.Reflection;

namespace Helr.PluginSdk.Tests.PublicApi;

/// <summary>C#-like, namespace-qualified type names with nullable annotations, stable across runs.</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(char)] = "char", [typeof(short)] = "short", [typeof(int)] = "int",
        [typeof(long)] = "long", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
    };

    public static string Format(Type type, NullabilityInfo? nullability = null)
    {
        if (type.IsByRef) return Format(type.GetElementType()!, nullability);
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return Format(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        var mark = !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
        if (type.IsArray) return Format(type.GetElementType()!, nullability?.ElementType) + "[]" + mark;
        if (type.IsGenericParameter) return type.Name + mark;
        if (Keywords.TryGetValue(type, out var keyword)) return keyword + mark;
        var name = Qualified(type);
        if (!type.IsGenericType) return name + mark;
        var args = type.GetGenericArguments();
        var parts = args.Select((a, i) => Format(a, nullability is { } n && n.GenericTypeArguments.Length == args.Length ? n.GenericTypeArguments[i] : null));
        return name + "<" + string.Join(", ", parts) + ">" + mark;
    }

    private static string Qualified(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var name = definition.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        if (definition.DeclaringType is { } outer && !definition.IsGenericParameter) return Qualified(outer) + "." + name;
        return string.IsNullOrEmpty(definition.Namespace) ? name : definition.Namespace + "." + name;
    }
}
