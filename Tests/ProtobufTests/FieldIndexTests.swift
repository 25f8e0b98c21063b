import Codecs
@testable import Protobuf
import XCTest

/// Reads through `FieldIndex` (the validator's index and the one-scan index of embedded messages) must answer
/// exactly what `MessageView`'s scans answer. Messages are built by hand from wire records; the expected values
/// are protobuf's semantics written out per case (last one wins for scalars, every length-delimited occurrence in
/// wire order for repeated reads, a field's other wire types are separate unknown records, nested and group
/// contents are not top-level fields), not values computed by the code under test.
final class FieldIndexTests: XCTestCase {
    /// One message and what protobuf says each read of it gives.
    struct Case {
        let name: String
        let bytes: [UInt8]
        /// Last varint per field (absent: nil).
        var varints: [UInt32: UInt64] = [:]
        /// Last fixed64 per field.
        var fixed64s: [UInt32: UInt64] = [:]
        /// Every length-delimited payload per field, in wire order.
        var payloads: [UInt32: [[UInt8]]] = [:]
        /// Fields 1...15 that arrived with two wire types (the index must decline them).
        var mixed: Set<UInt32> = []
        /// `message(field, oneof:)` expectations: the merged payload, or nil.
        var messages: [(field: UInt32, oneof: OneofMembers, merged: [UInt8]?)] = []
        /// `oneofCase` expectations.
        var oneofs: [(members: OneofMembers, expected: UInt32?)] = []
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    static func tag(_ field: UInt32, _ wireType: UInt64) -> [UInt8] { varint(UInt64(field) << 3 | wireType) }
    static func v(_ field: UInt32, _ value: UInt64) -> [UInt8] { tag(field, 0) + varint(value) }
    static func ld(_ field: UInt32, _ payload: [UInt8]) -> [UInt8] {
        tag(field, 2) + varint(UInt64(payload.count)) + payload
    }
    static func s(_ field: UInt32, _ text: String) -> [UInt8] { ld(field, Array(text.utf8)) }
    static func f64(_ field: UInt32, _ value: UInt64) -> [UInt8] {
        tag(field, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
    static func u(_ text: String) -> [UInt8] { Array(text.utf8) }

    static var cases: [Case] {
        let scopeA = s(1, "site") + s(2, "id1")
        let scopeB = s(2, "id2")
        let details = ld(1, s(1, "key") + s(2, "before") + s(3, "after")) + ld(2, s(1, "ctx"))
        let oneof = OneofMembers(varint: [2], lengthDelimited: [8, 13])
        let wide = OneofMembers(lengthDelimited: [8, 16])
        return [
            Case(name: "empty message", bytes: [],
                 messages: [(8, OneofMembers(), nil), (8, oneof, nil)], oneofs: [(oneof, nil), (wide, nil)]),
            Case(name: "duplicates: last scalar wins, every payload in order",
                 bytes: s(1, "a") + v(2, 5) + s(1, "b") + v(2, 300) + s(3, "") + s(1, "c"),
                 varints: [2: 300], payloads: [1: [u("a"), u("b"), u("c")], 3: [[]]],
                 oneofs: [(oneof, 2)]),
            Case(name: "a field with two wire types",
                 bytes: v(3, 7) + s(3, "x") + v(3, 9) + f64(4, 0x0102_0304_0506_0708) + v(4, 1) + s(5, "y"),
                 varints: [3: 9, 4: 1], fixed64s: [4: 0x0102_0304_0506_0708], payloads: [3: [u("x")], 5: [u("y")]],
                 mixed: [3, 4]),
            Case(name: "fields above 15",
                 bytes: s(16, "p") + v(100, 1) + s(15, "q") + s(16, "r") + v(536_870_911, 2) + s(14, "z"),
                 varints: [100: 1, 536_870_911: 2], payloads: [14: [u("z")], 15: [u("q")], 16: [u("p"), u("r")]],
                 messages: [(16, wide, u("p") + u("r"))], oneofs: [(wide, 16)]),
            Case(name: "embedded messages: one, and one that occurs twice (merged)",
                 bytes: ld(8, scopeA) + s(1, "t") + ld(13, details) + ld(8, scopeB),
                 payloads: [1: [u("t")], 8: [scopeA, scopeB], 13: [details]],
                 messages: [(8, OneofMembers(), scopeA + scopeB), (13, OneofMembers(), details),
                            (13, oneof, nil), (8, oneof, scopeB), (9, OneofMembers(), nil)],
                 oneofs: [(oneof, 8), (OneofMembers(lengthDelimited: [13]), 13)]),
            Case(name: "oneof: a member after another clears it; a non-member field is cleared by later members",
                 bytes: ld(13, details) + v(2, 4) + ld(8, scopeB) + s(1, "t"),
                 varints: [2: 4], payloads: [1: [u("t")], 8: [scopeB], 13: [details]],
                 messages: [(8, oneof, scopeB), (13, oneof, nil), (13, OneofMembers(varint: [2]), nil),
                            (8, OneofMembers(varint: [2]), scopeB), (13, OneofMembers(), details)],
                 oneofs: [(oneof, 8), (OneofMembers(varint: [2], lengthDelimited: [13]), 2)]),
            Case(name: "a group's contents are not top-level fields",
                 bytes: tag(5, 3) + v(1, 9) + s(2, "in") + tag(5, 4) + s(5, "g") + v(7, 3),
                 varints: [7: 3], payloads: [5: [u("g")]]),
            Case(name: "fixed64 and long varints",
                 bytes: f64(9, 42) + v(2, UInt64.max) + f64(9, 43) + v(11, 0),
                 varints: [2: UInt64.max, 11: 0], fixed64s: [9: 43]),
        ]
    }

    func read(_ bytes: ProtobufBytes?) -> [UInt8]? { bytes.map { Array($0.storage[$0.range]) } }

    /// Checks every read of `view` against `expected`.
    func check(_ view: IndexedMessageView, _ expected: Case, _ path: String) {
        let label = "\(expected.name) (\(path))"
        let fields: [UInt32] = Array(1...20) + [100, 536_870_911]
        for field in fields {
            let plain = view.message
            XCTAssertEqual(view.varint(field), expected.varints[field], "\(label): varint \(field)")
            XCTAssertEqual(plain.varint(field), expected.varints[field], "\(label): scanned varint \(field)")
            XCTAssertEqual(view.fixed64(field), expected.fixed64s[field], "\(label): fixed64 \(field)")
            XCTAssertEqual(plain.fixed64(field), expected.fixed64s[field], "\(label): scanned fixed64 \(field)")
            let payloads = expected.payloads[field] ?? []
            XCTAssertEqual(read(view.lengthDelimited(field)), payloads.last, "\(label): payload \(field)")
            XCTAssertEqual(read(plain.lengthDelimited(field)), payloads.last, "\(label): scanned payload \(field)")
            XCTAssertEqual(view.string(field).utf8.count, payloads.last?.count ?? 0, "\(label): string \(field)")
            XCTAssertEqual(view.repeated(field).map { Array($0.storage[$0.range]) }, payloads,
                           "\(label): repeated \(field)")
            XCTAssertEqual(view.repeated(field).count, payloads.count, "\(label): count \(field)")
            XCTAssertEqual(plain.repeated(field).map { Array($0.storage[$0.range]) }, payloads,
                           "\(label): scanned repeated \(field)")
            let covered = field <= 15 && !expected.mixed.contains(field)
            XCTAssertEqual(view.index.covers(field), covered, "\(label): covers \(field)")
        }
        for (field, oneof, merged) in expected.messages {
            XCTAssertEqual(read(view.message(field, oneof: oneof)?.bytes), merged, "\(label): message \(field)")
            XCTAssertEqual(read(view.message.message(field, oneof: oneof)?.bytes), merged,
                           "\(label): scanned message \(field)")
        }
        for (members, case_) in expected.oneofs {
            XCTAssertEqual(view.oneofCase(members), case_, "\(label): oneof case")
            XCTAssertEqual(view.message.oneofCase(members), case_, "\(label): scanned oneof case")
        }
    }

    func testIndexedReadsEqualScannedReads() throws {
        for expected in Self.cases {
            let bytes = ProtobufBytes(expected.bytes)
            check(IndexedMessageView(scanning: MessageView(bytes)), expected, "one-scan index")
            // The validator's index: every case is a valid AuditTrail (its unknown records included).
            var index = FieldIndex()
            try MessageValidator.validate(bytes, schema: .auditTrail, limits: ProtobufLimits(), index: &index)
            check(IndexedMessageView(MessageView(bytes), index: index), expected, "validator index")
        }
    }

    func testIndexedReadsOfASliceUseStorageOffsets() throws {
        // The message sits inside a larger buffer (as proto_data does inside a CloudEvent).
        let inner = Self.s(1, "a") + Self.v(2, 5) + Self.s(1, "b")
        let outer = Self.s(1, "envelope") + Self.ld(8, inner) + Self.s(9, "after")
        let storage = ProtobufBytes(outer)
        let message = try XCTUnwrap(MessageView(storage).message(8))
        let view = IndexedMessageView(scanning: message)
        XCTAssertEqual(read(view.lengthDelimited(1)), Self.u("b"))
        XCTAssertEqual(view.repeated(1).map { Array($0.storage[$0.range]) }, [Self.u("a"), Self.u("b")])
        XCTAssertEqual(view.varint(2), 5)
        XCTAssertNil(view.lengthDelimited(9))
    }

    func testAuditTrailViewReadsDuplicatesAndNestedFields() throws {
        let scope = Self.s(1, "site") + Self.s(2, "id1") + Self.s(2, "id2")
        let changed = Self.s(1, "key") + Self.s(2, "b1") + Self.s(3, "a1") + Self.s(2, "b2")
        let bytes = Self.s(1, "t1") + Self.v(2, 7) + Self.ld(8, scope) + Self.s(1, "t2")
            + Self.ld(13, Self.ld(1, changed) + Self.ld(2, Self.s(1, "ctx") + Self.s(2, "v")))
        let trail = try AuditTrailView.decode(bytes)
        XCTAssertEqual(trail.tenantID.string, "t2")
        XCTAssertEqual(trail.occurredOn, 7)
        XCTAssertEqual(trail.action.string, "")
        XCTAssertEqual(trail.scopeInfo?.scopeType.string, "site")
        XCTAssertEqual(trail.scopeInfo?.scopeIDs.map(\.string), ["id1", "id2"])
        XCTAssertEqual(trail.scopeInfo?.scopeIDs.count, 2)
        let field = try XCTUnwrap(trail.logDetails?.changedFields.first { _ in true })
        XCTAssertEqual(field.fieldLabelKey.string, "key")
        XCTAssertEqual(field.beforeTransaction.map(\.string), ["b1", "b2"])
        XCTAssertEqual(field.afterTransaction.map(\.string), ["a1"])
        XCTAssertEqual(trail.logDetails?.impactRadius.map(\.context.string), ["ctx"])
        XCTAssertNil(trail.logDetails?.changedJSON)
    }
}
