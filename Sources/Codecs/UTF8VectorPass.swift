import CUTF8SIMD

/// The bridge to the C lookup kernels (`CUTF8SIMD`: AVX2 or SSE4.1 on x86-64, chosen at run time by CPUID; NEON on
/// AArch64). They answer only how far a buffer is certainly valid; the DFA settles the rest and the exact error.
@usableFromInline enum UTF8VectorPass {
    /// Shorter rests go straight to the DFA: below one 64-byte step the call costs more than it saves.
    @usableFromInline static let minimumCount = 64

    /// Length of a prefix of `base[0..<count]` that is valid and ends on a character boundary; `count` exactly when
    /// the whole range is valid and complete, 0 when the CPU has no kernel.
    @usableFromInline static func validPrefix(_ base: UnsafeRawPointer, count: Int) -> Int {
        let vouched = cutf8simd_valid_prefix(base.assumingMemoryBound(to: UInt8.self), count)
        return vouched <= count ? vouched : 0
    }

    /// The kernel in use on this CPU.
    @usableFromInline static var kernelName: String {
        switch cutf8simd_kernel() {
        case CUTF8SIMDKernelAVX2: "avx2"
        case CUTF8SIMDKernelSSE41: "sse4.1"
        case CUTF8SIMDKernelNEON: "neon"
        default: "scalar"
        }
    }
}

extension UTF8Validation {
    /// The vector kernel validation dispatches to on this CPU ("avx2", "sse4.1", "neon", or "scalar" for the DFA
    /// alone), for reports and benchmarks.
    public static var vectorKernel: String { UTF8VectorPass.kernelName }
}
