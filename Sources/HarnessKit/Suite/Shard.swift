/// One slice of a suite for a CI matrix (issue 20, docs/SHARDING.md): `I/N`, 1 ≤ I ≤ N ≤ 1024. A name belongs to
/// shard `FNV-1a-64(UTF-8 name) mod N + 1`, so its shard never depends on which other names exist or their order.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based index of this shard.
    public let index: Int
    /// How many shards the suite is cut into.
    public let count: Int

    /// The most shards a suite may be cut into (far more than any CI matrix runs).
    public static let maximumCount = 1024

    /// The whole suite: every name belongs to it.
    public static let whole = Shard(checkedIndex: 1, count: 1)

    private init(checkedIndex: Int, count: Int) {
        self.index = checkedIndex
        self.count = count
    }

    /// Shard `index` of `count`; `shard-out-of-range` unless 1 ≤ index ≤ count ≤ `maximumCount`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, count <= Self.maximumCount, index >= 1, index <= count else {
            throw ShardError("shard-out-of-range", "shard \(index)/\(count): need 1 <= I <= N <= \(Self.maximumCount)")
        }
        self.init(checkedIndex: index, count: count)
    }

    /// Reads `I/N` (decimal digits only, as `--shard` takes it).
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Self.decimal(parts[0]), let count = Self.decimal(parts[1]) else {
            throw ShardError("shard-malformed", "shard '\(text.prefix(32))': expected I/N, e.g. 2/4")
        }
        try self.init(index: index, count: count)
    }

    /// The 1-based shard `name` belongs to when a suite is cut into `count` shards.
    public static func index(of name: String, count: Int) -> Int {
        Int(fnv1a64(name) % UInt64(max(1, count))) + 1
    }

    /// Whether `name` belongs to this shard.
    public func contains(_ name: String) -> Bool {
        Self.index(of: name, count: count) == index
    }

    public var description: String { "\(index)/\(count)" }

    /// FNV-1a, 64-bit (draft-eastlake-fnv): stable across runs, platforms and Swift versions, unlike `Hasher`.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// A plain decimal of at most 6 digits (no sign, no spaces), or nil.
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}
