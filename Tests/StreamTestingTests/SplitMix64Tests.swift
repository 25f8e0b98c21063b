import StreamTesting
import Testing

@Suite struct SplitMix64Tests {
    /// Reference outputs of Vigna's `splitmix64.c` for seed 0 (the sequence quoted with the algorithm).
    @Test func seedZeroMatchesTheReferenceGenerator() {
        var generator = SplitMix64(seed: 0)
        let expected: [UInt64] = [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]
        #expect((0..<3).map { _ in generator.next() } == expected)
    }

    /// Seed 1234567, the seed used by the test vectors of several SplitMix64 ports.
    @Test func seed1234567MatchesTheReferenceGenerator() {
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    /// The unit value is the top 53 bits times 2⁻⁵³: 0xE220A8397B1DCDAF >> 11 = 0x1C4415072F63B9, over 2⁵³.
    @Test func unitValueIsTheTop53BitsScaled() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.nextUnit() == Double(0x1C_4415_072F_63B9) / 9_007_199_254_740_992)
    }

    @Test func unitValuesStayBelowOne() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            let unit = generator.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
    }
}
