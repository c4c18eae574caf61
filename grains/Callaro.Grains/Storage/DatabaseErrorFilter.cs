using Callaro.Contracts;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// Every grain call that fails because of the database (directly, or inside a storage provider's exception) answers
/// <see cref="DatabaseUnavailableException"/> with what the database said: the driver's exceptions cannot be
/// serialized, so the caller used to get "could not find a codec for Npgsql.NpgsqlException".
/// </summary>
public sealed class DatabaseErrorFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (DatabaseCause(ex) is { } cause)
        {
            throw new DatabaseUnavailableException($"The database did not answer ({cause.Message}); retry in a few seconds.");
        }
    }

    private static NpgsqlException? DatabaseCause(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is NpgsqlException database)
            {
                return database;
            }
        }

        return null;
    }
}
