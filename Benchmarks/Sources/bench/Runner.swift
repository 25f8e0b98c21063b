import CMallocCounter
import Glibc

/// What was measured for one contender.
struct Measured {
    let name: String
    let secondsPerRun: Double
    let allocationsPerRun: UInt64
    let items: Int
    let bytes: Int

    var megabytesPerSecond: Double { Double(bytes) / secondsPerRun / 1_000_000 }
    var itemsPerSecond: Double { Double(items) / secondsPerRun }
    var allocationsPerItem: Double { items > 0 ? Double(allocationsPerRun) / Double(items) : 0 }
}

/// Keeps results observable so the optimiser cannot drop the measured work.
nonisolated(unsafe) var benchmarkSink = 0

/// Runs contenders: a warm-up run, one run with the malloc counter read around it, then timed runs until at
/// least `minimumSeconds` have passed (and at least 3 runs); the fastest run is reported. Runs are timed by the
/// process's CPU time unless `wallClock` is set: CPU time leaves out the time other processes hold the core, which
/// on a shared machine swings wall-clock ratios by 2x. Process (not thread) CPU time, because an async peer run
/// through `runBlocking` works on a pool thread while the calling thread sleeps (its thread time stays ~0).
struct Runner {
    var minimumSeconds = 0.5
    var wallClock = false

    /// Seconds on the chosen clock.
    func now() -> Double {
        var spec = timespec()
        clock_gettime(wallClock ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    func measure(_ contender: Contender, benchmark: BenchmarkCase) -> Measured? {
        let produced = contender.run()
        guard produced == benchmark.items else {
            print("  ! \(contender.name) produced \(produced) items, expected \(benchmark.items): not measured")
            return nil
        }
        let before = malloc_counter_allocations()
        benchmarkSink &+= contender.run()
        let allocations = malloc_counter_allocations() &- before
        var best = Double.infinity
        var total = 0.0
        var runs = 0
        var discarded = 0
        // A timed run that did not produce every item (a network peer that lost messages or failed) is not the
        // case's work: it is left out of `best` and reported, never counted as a fast run.
        while (total < minimumSeconds || runs < 3) && discarded < 10 {
            let start = now()
            let count = contender.run()
            let seconds = now() - start
            benchmarkSink &+= count
            total += seconds
            guard count == benchmark.items else {
                discarded += 1
                continue
            }
            best = min(best, seconds)
            runs += 1
        }
        if discarded > 0 {
            print("  ! \(contender.name): \(discarded) timed run(s) did not produce \(benchmark.items) items: left out")
        }
        guard runs > 0 else { return nil }
        return Measured(name: contender.name, secondsPerRun: best, allocationsPerRun: allocations,
                        items: benchmark.items, bytes: benchmark.bytes)
    }
}
