import Codecs
import XCTest

final class MonotonicInstantTests: XCTestCase {
    func testArithmeticSaturatesInsteadOfTrapping() {
        let start = MonotonicInstant(nanoseconds: 1_000)
        XCTAssertEqual((start + .seconds(2)).nanoseconds, 2_000_001_000)
        XCTAssertEqual((start + .nanoseconds(-5_000)).nanoseconds, 0)
        XCTAssertEqual((MonotonicInstant(nanoseconds: .max - 1) + .seconds(1)).nanoseconds, .max)
        XCTAssertEqual((start + .seconds(Int64.max)).nanoseconds, .max)
        XCTAssertEqual((start + .seconds(3)).duration(since: start), .seconds(3))
        XCTAssertEqual(start.duration(since: start + .seconds(1)), .zero)
        XCTAssertLessThan(start, start + .nanoseconds(1))
    }
}
