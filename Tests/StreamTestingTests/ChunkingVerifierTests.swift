import StreamTesting
import Testing

/// The verifier passes a decoder whose output is independent of chunking and reports one that is not.
@Suite struct ChunkingVerifierTests {
    @Test func standardChunkingsCoverWholeOneByteEverySplitAndSeededRandom() {
        let list = Chunking.standard(for: 4, randomSeeds: 1...2)
        #expect(list.map(\.description) == [
            "whole", "1-byte", "split at 1", "split at 2", "split at 3", "random(seed 1, max 7)", "random(seed 2, max 7)",
        ])
        for chunking in list { #expect(chunking.pieceSizes(for: 4).reduce(0, +) == 4) }
        #expect(Chunking.split(at: 3).pieces(of: [1, 2, 3, 4, 5]) == [[1, 2, 3], [4, 5]])
    }

    @Test func aChunkingIndependentDecoderPasses() throws {
        let input: [UInt8] = Array("a\nbb\nccc\n".utf8)
        let lines = try ChunkingVerifier.verify(input) { pieces in
            pieces.joined().split(separator: 0x0A).map { Array($0) }
        }
        #expect(lines.count == 3)
    }

    @Test func aDecoderThatDependsOnPieceBoundariesIsReported() {
        let input: [UInt8] = Array("a\nbb\n".utf8)
        // Splits at piece boundaries as well as at LF: wrong for any chunking but whole.
        #expect(throws: ChunkingVerifier.Mismatch<Int>.self) {
            try ChunkingVerifier.verify(input) { pieces in pieces.map { $0.split(separator: 0x0A).count }.reduce(0, +) }
        }
    }
}
