using System.Text;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public static class EnumNames
{
    /// <summary>SalesOps -> SALES_OPS, the contract's spelling of C# enum members.</summary>
    public static string Constant<T>(T value)
        where T : struct, Enum => Constant(value.ToString());

    public static string Constant(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}

/// <summary>A GraphQL enum whose names are the contract's CONSTANT_CASE spellings of <typeparamref name="T"/>.</summary>
public class ContractEnum<T> : EnumerationGraphType
    where T : struct, Enum
{
    public ContractEnum(string name, IReadOnlyDictionary<T, string>? overrides = null)
    {
        Name = name;
        foreach (var value in Enum.GetValues<T>())
        {
            Add(overrides is not null && overrides.TryGetValue(value, out var custom) ? custom : EnumNames.Constant(value), value);
        }
    }
}
