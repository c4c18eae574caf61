using System.Reflection;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Callaro.UnitTests.Uploads;

public sealed class DatabaseErrorFilterTests
{
    [Fact]
    public async Task A_database_error_inside_a_storage_error_crosses_the_grain_boundary_as_database_unavailable_with_its_message()
    {
        var storageFailure = new InvalidOperationException("Error writing grain state", new NpgsqlException("the database system is shutting down"));

        var answered = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => new DatabaseErrorFilter().Invoke(FailingCall.Of(storageFailure)));

        Assert.Contains("the database system is shutting down", answered.Message, StringComparison.Ordinal);
        Assert.Null(answered.InnerException);
    }

    [Fact]
    public void Database_unavailable_survives_orleans_serialization_with_its_type_and_message()
    {
        using var services = new ServiceCollection()
            .AddSerializer(s => CallaroSerialization.AddCallaroSerialization(s))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new DatabaseUnavailableException("The database did not answer (x); retry in a few seconds.")));

        var database = Assert.IsType<DatabaseUnavailableException>(copy);
        Assert.Equal("The database did not answer (x); retry in a few seconds.", database.Message);
    }

    [Fact]
    public async Task Other_errors_pass_through_unchanged()
    {
        var bug = new ArgumentException("a bug");

        Assert.Same(bug, await Assert.ThrowsAsync<ArgumentException>(() => new DatabaseErrorFilter().Invoke(FailingCall.Of(bug))));
    }

    /// <summary>A grain call whose <c>Invoke</c> fails with the given exception; nothing else of it is used.</summary>
    public class FailingCall : DispatchProxy
    {
        private Exception? failure;

        public static IIncomingGrainCallContext Of(Exception failure)
        {
            var call = DispatchProxy.Create<IIncomingGrainCallContext, FailingCall>();
            ((FailingCall)(object)call).failure = failure;
            return call;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IIncomingGrainCallContext.Invoke)
                ? Task.FromException(failure!)
                : throw new NotSupportedException(targetMethod?.Name);
    }
}
