using Callaro.Contracts;
using GraphQL;

namespace Callaro.Api.GraphQL;

/// <summary>The GraphQL user context: who is calling (already authenticated by the transport).</summary>
public sealed class CallaroUserContext : Dictionary<string, object?>
{
    public CallaroUserContext(Actor caller) => Caller = caller;

    public Actor Caller { get; }
}

/// <summary>A client-caused failure, served as a GraphQL error with <c>extensions.code</c>.</summary>
public sealed class CallaroError : ExecutionError
{
    public CallaroError(string code, string message)
        : base(message) => Code = code;

    public CallaroError(Fault fault)
        : this(fault.Code, fault.Message)
    {
    }
}

public static class ResolveContextExtensions
{
    public static Actor Caller(this IResolveFieldContext context) =>
        context.UserContext is CallaroUserContext user
            ? user.Caller
            : throw new CallaroError(ErrorCodes.Unauthenticated, "Send an API key: Authorization: Bearer <key>.");

    /// <summary>Refuses unless the caller holds one of <paramref name="roles"/>.</summary>
    public static Actor Require(this IResolveFieldContext context, params Role[] roles)
    {
        var caller = context.Caller();
        foreach (var role in roles)
        {
            if (caller.Has(role))
            {
                return caller;
            }
        }

        throw new CallaroError(
            ErrorCodes.Forbidden,
            $"{context.FieldDefinition.Name} needs the role {string.Join(" or ", roles.Select(EnumNames.Constant))}; your key has {(caller.Roles.Count == 0 ? "no roles" : string.Join(", ", caller.Roles.Select(EnumNames.Constant)))}.");
    }

    public static T Unwrap<T>(this Result<T> result) =>
        result.Fault is { } fault ? throw new CallaroError(fault) : result.Value!;

    public static T GetService<T>(this IResolveFieldContext context)
        where T : notnull => context.RequestServices!.GetRequiredService<T>();

    public static IClusterClient Grains(this IResolveFieldContext context) => context.GetService<IClusterClient>();

    /// <summary>A client-supplied id, checked so it can never reach into another org's grain key.</summary>
    public static string Id(this IResolveFieldContext context, string argument)
    {
        var id = context.GetArgument<string>(argument);
        return GrainKeys.IsValidId(id) ? id.Trim() : throw new CallaroError(ErrorCodes.InvalidInput, $"{argument} '{id}' is not a valid id.");
    }
}
