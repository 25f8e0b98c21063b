/// How an input is split into the pieces fed to a decoder: as recorded, fixed-size, at given points, or seeded
/// random sizes. Every decoder must give identical output under every chunking; `ChunkingVerifier` checks that.
public enum Chunking: Sendable, Equatable, CustomStringConvertible {
    /// The whole input at once.
    case whole
    /// Pieces of exactly these sizes (a recording's read boundaries); a remainder is fed as a last piece.
    case recorded([Int])
    /// Pieces of `n` bytes.
    case fixed(Int)
    /// Two pieces: the first `at` bytes and the rest.
    case split(at: Int)
    /// Pieces of random size in 1...maxPiece from a deterministic generator (`SplitMix64`) seeded with `seed`.
    case random(seed: UInt64, maxPiece: Int)

    /// The chunkings every decoder test runs (swift-nio's `ByteToMessageDecoderVerifier`, h11's `test_io.py`):
    /// whole, one byte at a time, split in two at every point (inputs up to `maxSplitCount` bytes), and
    /// `randomSeeds` seeded random chunkings with pieces of 1...`maxPiece` bytes.
    public static func standard(
        for count: Int, maxSplitCount: Int = 512, randomSeeds: ClosedRange<UInt64> = 1...8, maxPiece: Int = 7
    ) -> [Chunking] {
        var list: [Chunking] = [.whole, .fixed(1)]
        if count > 1, count <= maxSplitCount {
            for point in 1..<count { list.append(.split(at: point)) }
        }
        for seed in randomSeeds { list.append(.random(seed: seed, maxPiece: maxPiece)) }
        return list
    }

    /// `input` cut into the pieces `pieceSizes(for:)` gives.
    public func pieces<Bytes: RandomAccessCollection>(of input: Bytes) -> [Bytes.SubSequence]
    where Bytes.Index == Int {
        var pieces: [Bytes.SubSequence] = []
        var start = input.startIndex
        for size in pieceSizes(for: input.count) {
            pieces.append(input[start..<(start + size)])
            start += size
        }
        return pieces
    }

    public var description: String {
        switch self {
        case .whole: "whole"
        case .recorded: "recorded"
        case let .split(at: point): "split at \(point)"
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
        case let .split(at: point):
            let first = min(max(0, point), count)
            if first > 0 { sizes.append(first) }
            remaining = count - first
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
