using System.Reflection;
using System.Reflection.Emit;

namespace Logbeam.Server.Tests.Architecture;

/// <summary>
/// The types one type refers to: in its signatures (base type, interfaces, fields, properties, events, parameters, return
/// types, attributes) and in its method bodies (locals, and every type, method and field operand of the IL). Method
/// bodies count because most uses are there: a call, a <c>new</c>, a <c>typeof</c>. Lambdas, iterators and async methods
/// are nested types of their declaring type, so their uses count for it too.
/// </summary>
public static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] s_oneByte = new OpCode[0x100];
    private static readonly OpCode[] s_twoByte = new OpCode[0x100];

#pragma warning disable CA1810 // the two tables are filled together from one reflection pass
    static TypeReferences()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            (code.Size == 1 ? s_oneByte : s_twoByte)[value & 0xFF] = code;
        }
    }

    /// <summary>Every type <paramref name="type"/> refers to, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t) => Unwrap(t, found);

        Add(type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            Add(implemented);
        }

        AddAttributes(type.CustomAttributes, found);
        foreach (var member in type.GetMembers(Declared))
        {
            AddAttributes(member.CustomAttributes, found);
            switch (member)
            {
                case FieldInfo field:
                    Add(field.FieldType);
                    break;
                case PropertyInfo property:
                    Add(property.PropertyType);
                    break;
                case EventInfo @event:
                    Add(@event.EventHandlerType);
                    break;
                case MethodBase method:
                    AddMethod(method, found);
                    break;
            }
        }

        return found;
    }

    private static void AddMethod(MethodBase method, HashSet<Type> found)
    {
        if (method is MethodInfo info)
        {
            Unwrap(info.ReturnType, found);
        }

        foreach (var parameter in method.GetParameters())
        {
            Unwrap(parameter.ParameterType, found);
            AddAttributes(parameter.CustomAttributes, found);
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Unwrap(local.LocalType, found);
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var code = il[position] == 0xFE ? s_twoByte[il[position + 1]] : s_oneByte[il[position]];
            position += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    AddMember(method.Module.ResolveMember(token, typeArguments, methodArguments), found);
                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                default:
                    position += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static void AddMember(MemberInfo? member, HashSet<Type> found)
    {
        switch (member)
        {
            case Type type:
                Unwrap(type, found);
                break;
            case FieldInfo field:
                Unwrap(field.DeclaringType, found);
                Unwrap(field.FieldType, found);
                break;
            case MethodInfo method:
                Unwrap(method.DeclaringType, found);
                Unwrap(method.ReturnType, found);
                foreach (var argument in method.IsGenericMethod ? method.GetGenericArguments() : [])
                {
                    Unwrap(argument, found);
                }

                break;
            case ConstructorInfo constructor:
                Unwrap(constructor.DeclaringType, found);
                break;
        }
    }

    private static void AddAttributes(IEnumerable<CustomAttributeData> attributes, HashSet<Type> found)
    {
        foreach (var attribute in attributes)
        {
            Unwrap(attribute.AttributeType, found);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(named => named.TypedValue)))
            {
                AddAttributeValue(argument.Value, found);
            }
        }
    }

    // typeof(X) in an attribute ([JsonSerializable(typeof(X))]) is a use of X.
    private static void AddAttributeValue(object? value, HashSet<Type> found)
    {
        switch (value)
        {
            case Type type:
                Unwrap(type, found);
                break;
            case IEnumerable<CustomAttributeTypedArgument> values:
                foreach (var item in values)
                {
                    AddAttributeValue(item.Value, found);
                }

                break;
        }
    }

    private static void Unwrap(Type? type, HashSet<Type> found)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Unwrap(type.GetElementType(), found);
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Unwrap(argument, found);
            }

            type = type.GetGenericTypeDefinition();
        }

        found.Add(type);
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
