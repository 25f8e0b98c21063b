import Codecs
import Testing

/// The shared core: UTF-8 validation of 64 KiB of mixed text allocates nothing.
@Suite struct CodecsAllocationTests {
    static let text = Array(String(repeating: "héllo wörld, €5 — ok; ", count: 2_800).utf8)

    @Test(.enabled(if: AllocationBudget.isCounting))
    func utf8ValidationAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "codecs")
        budget.measure("64 KiB UTF-8 validation") {
            Self.text.withUnsafeBytes { UTF8Validation.isValid($0) ? $0.count : 0 }
        }
        try budget.check()
    }
}
