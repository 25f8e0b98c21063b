import CMallocCounter

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
/// least `minimumSeconds` have passed (and at least 3 runs); the fastest run is reported.
struct Runner {
    var minimumSeconds = 0.5

    func measure(_ contender: Contender, benchmark: BenchmarkCase) -> Measured? {
        let produced = contender.run()
        guard produced == benchmark.items else {
            print("  ! \(contender.name) produced \(produced) items, expected \(benchmark.items): not measured")
            return nil
        }
        let before = malloc_counter_allocations()
        benchmarkSink &+= contender.run()
        let allocations = malloc_counter_allocations() &- before
        let clock = ContinuousClock()
        var best = Double.infinity
        var total = 0.0
        var runs = 0
        while total < minimumSeconds || runs < 3 {
            let start = clock.now
            benchmarkSink &+= contender.run()
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
            total += seconds
            runs += 1
        }
        return Measured(name: contender.name, secondsPerRun: best, allocationsPerRun: allocations,
                        items: benchmark.items, bytes: benchmark.bytes)
    }
}
