using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Callaro.Check;

/// <summary>
/// Runs work items on several threads and hands their results back in input order, with a bounded number of items
/// in flight (so memory stays constant however long the input is). The input is enumerated on the calling thread.
/// </summary>
internal static class OrderedParallel
{
    /// <param name="items">Enumerated once, on the calling thread (it may do I/O and throw).</param>
    /// <param name="threads">Worker threads; 1 = everything on the calling thread.</param>
    /// <param name="createWorker">Per-thread state (e.g. a validator, which is not thread-safe).</param>
    /// <param name="work">Runs on a worker thread with that thread's state.</param>
    /// <param name="consume">Receives the results in input order, on one thread at a time.</param>
    public static void Run<TItem, TWorker, TResult>(
        IEnumerable<TItem> items,
        int threads,
        Func<TWorker> createWorker,
        Func<TWorker, TItem, TResult> work,
        Action<TResult> consume)
    {
        if (threads <= 1)
        {
            var worker = createWorker();
            foreach (var item in items)
            {
                consume(work(worker, item));
            }

            return;
        }

        using var cancel = new CancellationTokenSource();
        using var queue = new BlockingCollection<Slot<TItem, TResult>>(threads * 2);
        using var order = new BlockingCollection<Slot<TItem, TResult>>(threads * 3);
        Exception? failure = null;

        void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        var workers = new Thread[threads + 1];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                try
                {
                    var state = createWorker();
                    foreach (var slot in queue.GetConsumingEnumerable(cancel.Token))
                    {
                        try
                        {
                            slot.Result = work(state, slot.Item);
                        }
                        catch (Exception e)
                        {
                            slot.Error = e;
                        }
                        finally
                        {
                            slot.Item = default!;
                            slot.Done.TrySetResult();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    Fail(e);
                }
            })
            {
                IsBackground = true,
                Name = $"callaro-check-worker-{t}",
            };
        }

        workers[threads] = new Thread(() =>
        {
            try
            {
                foreach (var slot in order.GetConsumingEnumerable(cancel.Token))
                {
                    slot.Done.Task.Wait(cancel.Token);
                    if (slot.Error is { } error)
                    {
                        Fail(error);
                        return;
                    }

                    var result = slot.Result;
                    slot.Result = default!;
                    consume(result);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Fail(e);
            }
        })
        {
            IsBackground = true,
            Name = "callaro-check-consumer",
        };

        foreach (var thread in workers)
        {
            thread.Start();
        }

        try
        {
            foreach (var item in items)
            {
                var slot = new Slot<TItem, TResult>(item);
                order.Add(slot, cancel.Token);
                queue.Add(slot, cancel.Token);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            order.CompleteAdding();
            queue.CompleteAdding();
        }

        foreach (var thread in workers)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private sealed class Slot<TItem, TResult>(TItem item)
    {
        public TItem Item { get; set; } = item;

        public TResult Result { get; set; } = default!;

        public Exception? Error { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
