/// Every suite `bench` knows. Add a codec's suite here (one line) and its cases in `<Codec>Benchmarks.swift`.
let allSuites: [BenchmarkSuite] = [
    UTF8Benchmarks.suite,
    CentralBenchmarks.suite,
    CentralTopicBenchmarks.suite,
    SSEBenchmarks.suite,
    HTTPStreamingBenchmarks.suite,
    SSEClientBenchmarks.suite,
    EventStreamerClientBenchmarks.suite,
    ISYBenchmarks.suite,
    EventStreamerBenchmarks.suite,
    WSBenchmarks.suite,
    WSConnectionBenchmarks.suite,
    WSClientPeersBenchmarks.suite,
    ServiceClientBenchmarks.suite,
]
