using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Helr.PluginSdk.Tests.PublicApi;

/// <summary>Renders every public and protected member of an assembly as sorted text, one member per line.</summary>
internal static class ApiRenderer
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    private static readonly NullabilityInfoContext Nullability = new();

    public static string Render(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => TypeNames.Format(t), StringComparer.Ordinal))
        {
            lines.Add(Header(type));
            lines.AddRange(Members(type).Order(StringComparer.Ordinal).Select(m => "    " + m));
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Header(Type type)
    {
        string kind;
        if (type.IsInterface) kind = "interface";
        else if (type.IsEnum) kind = "enum";
        else if (type.IsValueType) kind = type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct";
        else if (type.IsAbstract && type.IsSealed) kind = "static class";
        else
        {
            var record = type.GetMethod("<Clone>$") is not null ? "record" : "class";
            kind = (type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : "") + record;
        }
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)) bases.Add(TypeNames.Format(b));
        // Only interfaces the type adds itself, so runtime changes to BCL base types do not show up here.
        var inherited = type.BaseType?.GetInterfaces() ?? Type.EmptyTypes;
        bases.AddRange(type.GetInterfaces().Except(inherited).Where(i => i.IsVisible).Select(i => TypeNames.Format(i)).Order(StringComparer.Ordinal));
        return $"public {kind} {TypeNames.Format(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
            yield break;
        }
        var accessors = new HashSet<MethodInfo>();
        foreach (var property in type.GetProperties(Declared))
        {
            var get = Visible(property.GetMethod) ? property.GetMethod : null;
            var set = Visible(property.SetMethod) ? property.SetMethod : null;
            if (property.GetMethod is { } g) accessors.Add(g);
            if (property.SetMethod is { } s) accessors.Add(s);
            if (get is null && set is null) continue;
            yield return Property(type, property, get, set);
        }
        foreach (var evt in type.GetEvents(Declared))
        {
            if (evt.AddMethod is { } add) accessors.Add(add);
            if (evt.RemoveMethod is { } remove) accessors.Add(remove);
            if (Visible(evt.AddMethod)) yield return $"{Access(evt.AddMethod!)}event {TypeNames.Format(evt.EventHandlerType!, Nullability.Create(evt))} {evt.Name}";
        }
        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
            yield return Field(field);
        foreach (var ctor in type.GetConstructors(Declared).Where(Visible))
            yield return $"{Access(ctor)}{(ctor.IsStatic ? "static " : "")}.ctor({Parameters(ctor)})";
        foreach (var method in type.GetMethods(Declared).Where(m => Visible(m) && !accessors.Contains(m) && !m.Name.Contains('<')))
            yield return Method(type, method);
    }

    private static bool Visible(MethodBase? m) => m is not null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);

    private static string Access(MethodBase m) => m.IsPublic ? "" : "protected ";

    private static string Modifiers(Type owner, MethodInfo m)
    {
        if (owner.IsInterface) return m.IsStatic ? "static " : "";
        if (m.IsStatic) return "static ";
        if (m.IsAbstract) return "abstract ";
        if (m.GetBaseDefinition().DeclaringType != m.DeclaringType) return m.IsFinal ? "sealed override " : "override ";
        return m.IsVirtual && !m.IsFinal ? "virtual " : "";
    }

    private static string Property(Type owner, PropertyInfo p, MethodInfo? get, MethodInfo? set)
    {
        var any = get ?? set!;
        var required = p.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : "";
        var init = set is not null && set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
        var parts = new List<string>();
        if (get is not null) parts.Add((Access(get) != Access(any) ? Access(get) : "") + "get;");
        if (set is not null) parts.Add((Access(set) != Access(any) ? Access(set) : "") + (init ? "init;" : "set;"));
        var indexer = p.GetIndexParameters();
        var name = indexer.Length == 0 ? p.Name : $"this[{string.Join(", ", indexer.Select(Parameter))}]";
        return $"{Access(any)}{Modifiers(owner, any)}{required}{TypeNames.Format(p.PropertyType, Nullability.Create(p))} {name} {{ {string.Join(" ", parts)} }}";
    }

    private static string Field(FieldInfo f)
    {
        var access = f.IsPublic ? "" : "protected ";
        var type = TypeNames.Format(f.FieldType, Nullability.Create(f));
        if (f.IsLiteral) return $"{access}const {type} {f.Name} = {Literal(f.GetRawConstantValue())}";
        return $"{access}{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{type} {f.Name}";
    }

    private static string Method(Type owner, MethodInfo m)
    {
        var generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        var extension = m.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        var returns = TypeNames.Format(m.ReturnType, Nullability.Create(m.ReturnParameter));
        return $"{Access(m)}{Modifiers(owner, m)}{returns} {m.Name}{generic}({extension}{Parameters(m)})";
    }

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        var prefix = p.IsDefined(typeof(ParamArrayAttribute)) ? "params "
            : p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : "";
        var text = $"{prefix}{TypeNames.Format(p.ParameterType, Nullability.Create(p))} {p.Name}";
        return p.HasDefaultValue ? $"{text} = {Literal(p.RawDefaultValue)}" : text;
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
