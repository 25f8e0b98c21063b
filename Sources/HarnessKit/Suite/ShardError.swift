/// Why a `--shard` value is refused (docs/SHARDING.md): the command exits 64 with the code.
public struct ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `shard-malformed` (not `I/N` in decimal digits), `shard-out-of-range` (not 1 ≤ I ≤ N ≤ 1024).
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
