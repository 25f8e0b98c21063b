@testable import FuzzOracles
import XCTest

/// The oracles' own references and checks, held to published values, so an oracle that drifted would be caught
/// here rather than trusted by the fuzzer.
final class OracleReferenceTests: XCTestCase {
    /// RFC 9110 §5.6.7's example date, the epoch, a leap day and the second before the epoch.
    func testIMFFixdateFormatterMatchesRFC9110Examples() {
        let vectors: [(Int64, String)] = [
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
            (-2_208_988_800, "Mon, 01 Jan 1900 00:00:00 GMT"),
        ]
        for (epoch, text) in vectors { XCTAssertEqual(HTTPStatusOracle.imfFixdate(epoch), text) }
    }

    func testFastChecksRefuseWhatTheContractForbids() throws {
        for code in ["", "Line-Too-Long", "line_too_long", "line too long"] {
            XCTAssertThrowsError(try FastOracleChecks.code(code), code)
        }
        XCTAssertNoThrow(try FastOracleChecks.code("ws-handshake-status"))
        XCTAssertThrowsError(try FastOracleChecks.offset(nil, count: 3))
        XCTAssertThrowsError(try FastOracleChecks.offset(4, count: 3))
        XCTAssertThrowsError(try FastOracleChecks.offset(-1, count: 3))
        XCTAssertNoThrow(try FastOracleChecks.offset(3, count: 3))
        try [UInt8]([0xED, 0xA0, 0x80]).withUnsafeBytes { bytes in
            XCTAssertThrowsError(try FastOracleChecks.utf8(bytes, "surrogate"))
        }
    }

    /// A handshake answer whose leftover were not the bytes after the head, or that lacks the accept value,
    /// is a violation: the oracle is not vacuous.
    func testHandshakeOracleFlagsAnUpgradeItCannotAccount() throws {
        let head = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n".utf8)
        let wrong = WSHandshakeOracle.ClientOutcome.upgrade(.init(), leftover: [0x81])
        try (head + [0x82]).withUnsafeBytes { bytes in
            XCTAssertThrowsError(try WSHandshakeOracle.checkClient(wrong, bytes))
            XCTAssertNoThrow(try WSHandshakeOracle.checkClient(.upgrade(.init(), leftover: [0x82]), bytes))
        }
        try Array("HTTP/1.1 101 OK\r\n\r\n".utf8).withUnsafeBytes { bytes in
            XCTAssertThrowsError(try WSHandshakeOracle.checkClient(.upgrade(.init(), leftover: []), bytes))
        }
    }
}
