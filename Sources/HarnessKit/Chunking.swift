/// How an input is split into the pieces fed to a decoder: as recorded, fixed-size, or seeded random sizes.
/// Every decoder must give identical output under every chunking.
public enum Chunking: Sendable, Equatable, CustomStringConvertible {
    /// The whole input at once.
    case whole
    /// Pieces of exactly these sizes (a recording's read boundaries); a remainder is fed as a last piece.
    case recorded([Int])
    /// Pieces of `n` bytes.
    case fixed(Int)
    /// Pieces of random size in 1...maxPiece from a deterministic generator seeded with `seed`.
    case random(seed: UInt64, maxPiece: Int)

    public var description: String {
        switch self {
        case .whole: "whole"
        case .recorded: "recorded"
        case let .fixed(n): "\(n)-byte"
        case let .random(seed, maxPiece): "random(seed \(seed), max \(maxPiece))"
        }
    }

    /// The piece sizes for an input of `count` bytes; they always sum to `count`.
    public func pieceSizes(for count: Int) -> [Int] {
        var sizes: [Int] = []
        var remaining = count
        switch self {
        case .whole:
            if count > 0 { sizes.append(count) }
            remaining = 0
        case let .recorded(recorded):
            for size in recorded where remaining > 0 && size > 0 {
                let piece = min(size, remaining)
                sizes.append(piece)
                remaining -= piece
            }
        case let .fixed(n):
            let step = max(1, n)
            while remaining > 0 {
                let piece = min(step, remaining)
                sizes.append(piece)
                remaining -= piece
            }
        case let .random(seed, maxPiece):
            var generator = SplitMix64(seed: seed)
            let upper = max(1, maxPiece)
            while remaining > 0 {
                let piece = min(Int(generator.next() % UInt64(upper)) + 1, remaining)
                sizes.append(piece)
                remaining -= piece
            }
        }
        if remaining > 0 { sizes.append(remaining) }
        return sizes
    }
}

/// SplitMix64: a tiny deterministic generator, so seeded chunkings are the same on every machine and run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
