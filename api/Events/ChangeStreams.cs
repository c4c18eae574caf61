using System.Threading.Channels;

namespace Callaro.Api.Events;

/// <summary>Turns a channel of notices into the IObservable a GraphQL subscription field returns.</summary>
public sealed class ChannelObservable<TNotice, TEvent>(
    Func<CancellationToken, ChannelReader<TNotice>> open,
    Func<TNotice, CancellationToken, Task<TEvent?>> project,
    Func<CancellationToken, Task<TEvent?>>? initial = null,
    Func<TEvent, bool>? isFinal = null) : IObservable<TEvent>
    where TEvent : class
{
    public IDisposable Subscribe(IObserver<TEvent> observer)
    {
        var cancellation = new CancellationTokenSource();
        var reader = open(cancellation.Token);
        _ = PumpAsync(reader, observer, cancellation.Token);
        return new Unsubscriber(cancellation);
    }

    private async Task PumpAsync(ChannelReader<TNotice> reader, IObserver<TEvent> observer, CancellationToken cancellationToken)
    {
        try
        {
            if (initial is not null && await initial(cancellationToken) is { } first)
            {
                observer.OnNext(first);
                if (isFinal?.Invoke(first) == true)
                {
                    observer.OnCompleted();
                    return;
                }
            }

            await foreach (var notice in reader.ReadAllAsync(cancellationToken))
            {
                if (await project(notice, cancellationToken) is { } next)
                {
                    observer.OnNext(next);
                    if (isFinal?.Invoke(next) == true)
                    {
                        break;
                    }
                }
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The subscriber left.
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
        }
    }

    private sealed class Unsubscriber(CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}

/// <summary>
/// Subscription reads ride out a silo restart: a read that finds the cluster briefly unreachable is retried
/// (with a growing pause, for up to a minute) instead of ending the client's stream with an error.
/// </summary>
public static class TransientReads
{
    public static async Task<T?> RetryAsync<T>(Func<Task<T?>> read, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(1));
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await read();
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow + pause < deadline)
            {
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2000));
            }
        }
    }

    public static bool IsTransient(Exception ex) =>
        ex is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException
            or Orleans.Runtime.Messaging.ConnectionFailedException;
}
