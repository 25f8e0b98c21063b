/// One implementation measured on a case's input: `run` processes the whole input once and returns the number
/// of items it produced (checked against the case's `items`, so both sides provably did the same work).
struct Contender {
    let name: String
    let run: () -> Int
}

/// One benchmark: our implementation and (usually) a peer on identical input, compared in the same run.
struct BenchmarkCase {
    /// Codec group, matched by `--filter` (e.g. "utf8", "ws", "sse", "central", "isy", "eventstreamer").
    let codec: String
    /// Case name, e.g. "64-byte ASCII messages".
    let name: String
    /// Input bytes processed per run.
    let bytes: Int
    /// Items (messages, frames, events) per run.
    let items: Int
    let ours: Contender
    let peer: Contender?
}

/// A codec's benchmark cases, built lazily so `--filter` skips generating other codecs' inputs.
struct BenchmarkSuite: Sendable {
    let codec: String
    let makeCases: @Sendable () -> [BenchmarkCase]
}
