/// Checks the rule every decoder here keeps: any chunking of the input gives the same output. The output of the
/// whole input is the expectation; each other chunking must reproduce it exactly (swift-nio's
/// `ByteToMessageDecoderVerifier`, with the chunkings of `Chunking.standard(for:)` by default).
///
/// `decode` gets the pieces in order and returns whatever the test compares (items, the error, final state);
/// it creates its own decoder, so runs are independent.
public enum ChunkingVerifier {
    /// A chunking whose output differs from the whole input's.
    public struct Mismatch<Output: Equatable>: Error, CustomStringConvertible {
        /// The chunking that disagreed.
        public var chunking: Chunking
        /// The piece sizes it fed.
        public var pieceSizes: [Int]
        /// The output of the whole input.
        public var expected: Output
        /// The output under `chunking`.
        public var actual: Output

        public var description: String {
            "chunking \(chunking) (pieces \(pieceSizes.prefix(16))): expected \(expected), got \(actual)"
        }
    }

    /// Decodes `input` whole, then under every chunking in `chunkings`; returns the whole-input output, or throws
    /// the first chunking whose output differs.
    @discardableResult
    public static func verify<Output: Equatable>(
        _ input: [UInt8], chunkings: [Chunking]? = nil, _ decode: ([ArraySlice<UInt8>]) -> Output
    ) throws(Mismatch<Output>) -> Output {
        let expected = decode(Chunking.whole.pieces(of: input))
        for chunking in chunkings ?? Chunking.standard(for: input.count) {
            let pieces = chunking.pieces(of: input)
            let actual = decode(pieces)
            guard actual == expected else {
                throw Mismatch(chunking: chunking, pieceSizes: pieces.map(\.count), expected: expected, actual: actual)
            }
        }
        return expected
    }
}
