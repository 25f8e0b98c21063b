/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the
/// reference is Vigna's `splitmix64.c`): a tiny, fast, seeded generator, so chunkings, generated inputs and
/// jitter are the same on every machine and every run. Not cryptographic.
///
/// Seed 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, … (the reference outputs).
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The generator's whole state; the next output is a function of it alone.
    public var state: UInt64

    /// A generator whose first output is the reference generator's first output for `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next value uniformly in [0, 1): the top 53 bits of `next()` scaled by 2⁻⁵³ (the mapping the
    /// reconnect core's jitter uses, `UnitRandom` in `Reconnect`).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
