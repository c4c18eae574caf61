using System.Threading.Channels;
using Callaro.Contracts;
using Callaro.Grains.Uploads;
using Microsoft.Extensions.Time.Testing;

namespace Callaro.UnitTests.Uploads;

public sealed class ChunkFanOutTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider time = new();

    /// <summary>An upload as the fan-out sees it: the test answers each chunk call and watches what is counted.</summary>
    private sealed class FakeUpload : IChunkWork
    {
        public Channel<(int ChunkNo, TaskCompletionSource<ChunkOutcome> Answer)> Calls { get; } = Channel.CreateUnbounded<(int, TaskCompletionSource<ChunkOutcome>)>();

        public int InFlight { get; private set; }

        public int MostInFlight { get; private set; }

        public List<int> Done { get; } = [];

        public List<(int ChunkNo, int Attempt)> Failures { get; } = [];

        public int ProgressReports { get; private set; }

        public Channel<int> ProgressSignal { get; } = Channel.CreateUnbounded<int>();

        public int ChunksStored { get; set; }

        public bool ReceivingComplete { get; set; } = true;

        public bool IsCurrent { get; set; } = true;

        public Task<ChunkOutcome> ValidateAsync(int chunkNo)
        {
            var answer = new TaskCompletionSource<ChunkOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            InFlight++;
            MostInFlight = Math.Max(MostInFlight, InFlight);
            Calls.Writer.TryWrite((chunkNo, answer));
            return answer.Task;
        }

        public Channel<int> DoneSignal { get; } = Channel.CreateUnbounded<int>();

        public Channel<int> FailureSignal { get; } = Channel.CreateUnbounded<int>();

        public void ChunkDone(ChunkOutcome outcome)
        {
            Done.Add(outcome.ChunkNo);
            DoneSignal.Writer.TryWrite(outcome.ChunkNo);
        }

        public Task PublishProgressAsync()
        {
            ProgressReports++;
            ProgressSignal.Writer.TryWrite(ProgressReports);
            return Task.CompletedTask;
        }

        public void ChunkAttemptFailed(int chunkNo, int attempt, Exception? error)
        {
            Failures.Add((chunkNo, attempt));
            FailureSignal.Writer.TryWrite(attempt);
        }

        public async Task<(int ChunkNo, TaskCompletionSource<ChunkOutcome> Answer)> NextCallAsync() =>
            await Calls.Reader.ReadAsync().AsTask().WaitAsync(Guard);

        /// <summary>Answers a call as its chunk grain would (the chunk leaves the flight first).</summary>
        public void Answer((int ChunkNo, TaskCompletionSource<ChunkOutcome> Answer) call, Exception? error = null)
        {
            InFlight--;
            if (error is null)
            {
                call.Answer.SetResult(Outcome(call.ChunkNo));
            }
            else
            {
                call.Answer.SetException(error);
            }
        }
    }

    private static ChunkOutcome Outcome(int chunkNo) => new(chunkNo, 10, 9, 1, "silo", new ChunkKeys([], [], []));

    private ChunkFanOut FanOut(FakeUpload upload, int parallelism = 3, int attempts = 3) =>
        new(upload, parallelism, attempts, new ProgressThrottle(TimeSpan.FromMilliseconds(250), time), time);

    [Fact]
    public async Task Every_chunk_is_validated_once_with_no_more_than_the_parallelism_in_flight()
    {
        var upload = new FakeUpload { ChunksStored = 10 };
        var run = FanOut(upload, parallelism: 3).RunAsync(new HashSet<int>());
        for (var i = 0; i < 10; i++)
        {
            var call = await upload.NextCallAsync();
            Assert.InRange(upload.InFlight, 1, 3);
            upload.Answer(call);
        }

        Assert.IsType<FanOutResult.Completed>(await run.WaitAsync(Guard));
        Assert.Equal(Enumerable.Range(0, 10), upload.Done.Order());
        Assert.Equal(3, upload.MostInFlight);
    }

    [Fact]
    public async Task Chunks_written_before_a_restart_are_not_validated_again()
    {
        var upload = new FakeUpload { ChunksStored = 4 };
        var run = FanOut(upload).RunAsync(new HashSet<int> { 0, 2 });
        var called = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var call = await upload.NextCallAsync();
            called.Add(call.ChunkNo);
            upload.Answer(call);
        }

        Assert.IsType<FanOutResult.Completed>(await run.WaitAsync(Guard));
        Assert.Equal([1, 3], called.Order());
    }

    [Fact]
    public async Task Chunks_stored_while_the_file_arrives_are_picked_up_when_the_fan_out_is_woken()
    {
        var upload = new FakeUpload { ChunksStored = 1, ReceivingComplete = false };
        var fanOut = FanOut(upload);
        var run = fanOut.RunAsync(new HashSet<int>());
        var first = await upload.NextCallAsync();
        upload.Answer(first);

        upload.ChunksStored = 2;
        upload.ReceivingComplete = true;
        fanOut.Wake();
        var second = await upload.NextCallAsync();
        Assert.Equal(1, second.ChunkNo);
        upload.Answer(second);
        Assert.IsType<FanOutResult.Completed>(await run.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_failing_chunk_is_tried_again_after_a_growing_pause_then_the_run_fails()
    {
        var upload = new FakeUpload { ChunksStored = 1 };
        var run = FanOut(upload, attempts: 3).RunAsync(new HashSet<int>());
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            upload.Answer(await upload.NextCallAsync(), new InvalidOperationException("database away"));
            if (attempt < 3)
            {
                // The next attempt waits attempt seconds: nothing is called before then.
                Assert.Equal(attempt, await upload.FailureSignal.Reader.ReadAsync().AsTask().WaitAsync(Guard));
                time.Advance(TimeSpan.FromSeconds(attempt) - TimeSpan.FromMilliseconds(1));
                Assert.False(upload.Calls.Reader.TryPeek(out _));
                time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        var failed = Assert.IsType<FanOutResult.Failed>(await run.WaitAsync(Guard));
        Assert.Equal((0, 3, "database away"), (failed.ChunkNo, failed.Attempts, failed.Error));
        Assert.Equal([(0, 1), (0, 2), (0, 3)], upload.Failures);
    }

    [Fact]
    public async Task A_run_that_is_no_longer_current_stops_without_staging()
    {
        var upload = new FakeUpload { ChunksStored = 2 };
        var run = FanOut(upload, parallelism: 1).RunAsync(new HashSet<int>());
        var call = await upload.NextCallAsync();
        upload.IsCurrent = false;
        upload.Answer(call);
        Assert.IsType<FanOutResult.Abandoned>(await run.WaitAsync(Guard));
        Assert.False(upload.Calls.Reader.TryPeek(out _));
    }

    [Fact]
    public async Task Progress_held_back_by_the_throttle_is_reported_when_its_slot_comes()
    {
        var upload = new FakeUpload { ChunksStored = 3, ReceivingComplete = false };
        var run = FanOut(upload).RunAsync(new HashSet<int>());
        var calls = new[] { await upload.NextCallAsync(), await upload.NextCallAsync(), await upload.NextCallAsync() };

        upload.Answer(calls[0]);
        Assert.Equal(1, await upload.ProgressSignal.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        upload.Answer(calls[1]);
        await upload.DoneSignal.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        await upload.DoneSignal.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        Assert.Equal(1, upload.ProgressReports);

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, await upload.ProgressSignal.Reader.ReadAsync().AsTask().WaitAsync(Guard));

        upload.ReceivingComplete = true;
        upload.Answer(calls[2]);
        Assert.IsType<FanOutResult.Completed>(await run.WaitAsync(Guard));
    }
}
