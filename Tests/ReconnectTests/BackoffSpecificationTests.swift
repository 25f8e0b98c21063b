import Reconnect
import Testing

@Suite struct BackoffSpecificationTests {
    static let accepted: [(String, Backoff)] = [
        ("fixed:5", .fixed(.seconds(5))),
        ("fixed:0.25", .fixed(.milliseconds(250))),
        ("fixed:.5", .fixed(.milliseconds(500))),
        ("fixed:0", .fixed(.zero)),
        ("fixed:1.000000001", .fixed(.seconds(1) + .nanoseconds(1))),
        ("schedule:1,2,5,10,30,60", .schedule([1, 2, 5, 10, 30, 60].map { .seconds($0) })),
        ("schedule:0.1", .schedule([.milliseconds(100)])),
        ("exponential:0.25,5", .exponential(base: .milliseconds(250), factor: 2, cap: .seconds(5), jitter: .none)),
        ("exponential:1,30,jitter", .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .full)),
        ("exponential:1,30,full", .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .full)),
        ("exponential:1,30,equal", .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .equal)),
        ("exponential:0.25,5,proportional",
         .exponential(base: .milliseconds(250), factor: 2, cap: .seconds(5), jitter: .proportional)),
        ("exponential:1,30,none", .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .none)),
        ("exponential:2,2", .exponential(base: .seconds(2), factor: 2, cap: .seconds(2), jitter: .none)),
    ]

    @Test(arguments: accepted)
    func acceptedSpecificationParses(_ specification: String, _ expected: Backoff) throws {
        #expect(try Backoff(specification: specification) == expected)
    }

    static let refused: [(String, String)] = [
        ("", "backoff-unknown-kind"),
        ("5", "backoff-unknown-kind"),
        ("linear:5", "backoff-unknown-kind"),
        ("Fixed:5", "backoff-unknown-kind"),
        ("fixed:", "backoff-invalid-seconds"),
        ("fixed:-1", "backoff-invalid-seconds"),
        ("fixed:1e3", "backoff-invalid-seconds"),
        ("fixed: 5", "backoff-invalid-seconds"),
        ("fixed:5.", "backoff-invalid-seconds"),
        ("fixed:.", "backoff-invalid-seconds"),
        ("fixed:0.0000000001", "backoff-invalid-seconds"),
        ("fixed:99999999999", "backoff-invalid-seconds"),
        ("fixed:nan", "backoff-invalid-seconds"),
        ("fixed:5,6", "backoff-wrong-arity"),
        ("schedule:", "backoff-invalid-seconds"),
        ("schedule:1,,2", "backoff-invalid-seconds"),
        ("schedule:1,2,", "backoff-invalid-seconds"),
        ("exponential:1", "backoff-wrong-arity"),
        ("exponential:1,2,full,4", "backoff-wrong-arity"),
        ("exponential:5,1", "backoff-cap-below-base"),
        ("exponential:1,30,gaussian", "backoff-unknown-jitter"),
        ("schedule:" + Array(repeating: "1", count: 600).joined(separator: ","), "backoff-too-long"),
    ]

    @Test(arguments: refused)
    func refusedSpecificationNamesItsCode(_ specification: String, _ code: String) {
        #expect {
            _ = try Backoff(specification: specification)
        } throws: { error in
            (error as? BackoffSpecificationError)?.code.rawValue == code
        }
    }
}
