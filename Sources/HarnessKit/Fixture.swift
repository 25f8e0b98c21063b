import Codecs
import Foundation

/// A recorded stream and its expected decoding (fixture format v1, documented in `Fixtures/README.md`).
public struct Fixture: Sendable {
    /// A connection-level event of the recording (connect, HTTP status, drop, close), kept for clients' replay.
    public struct ConnectionEvent: Sendable, Equatable {
        public var event: String
        public var fields: [String: String]
    }

    /// Folder holding `fixture.json`.
    public var directory: URL
    /// Name for reports: the folder path relative to the replay root.
    public var name: String
    public var codec: String
    public var options: DecodeOptions
    public var input: [UInt8]
    /// Read sizes as recorded (nil: one read).
    public var chunks: [Int]?
    /// Arrival time of each read in milliseconds from connect, when the recording has it.
    public var timingMilliseconds: [Double]?
    public var connection: [ConnectionEvent]
    public var expected: [UInt8]
    public var expectedExit: Int32
}

/// Why a fixture could not be loaded.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension Fixture {
    /// Loads `directory/fixture.json` (read with the strict `JSONReader`, see `JSONInput`) and the files it names.
    public static func load(directory: URL, name: String) throws(FixtureError) -> Fixture {
        let manifestURL = directory.appendingPathComponent("fixture.json")
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw FixtureError(path: manifestURL.path, message: "unreadable or not a JSON object")
        }
        return try parse(manifest: [UInt8](data), directory: directory, name: name) { file in
            (try? Data(contentsOf: directory.appendingPathComponent(file))).map { [UInt8]($0) }
        }
    }

    /// Checks a manifest's bytes and reads the files it names through `readFile` (nil: cannot be read): the whole
    /// of `load` but the file system, so the manifest reader can be fuzzed (`FuzzFixtureManifest`).
    public static func parse(
        manifest bytes: [UInt8], directory: URL, name: String, readFile: (String) -> [UInt8]?
    ) throws(FixtureError) -> Fixture {
        let manifestPath = directory.appendingPathComponent("fixture.json").path
        func fail(_ message: String) -> FixtureError { FixtureError(path: manifestPath, message: message) }
        guard let document = JSONInput.parse(bytes), document.objectMembers != nil else {
            throw fail("unreadable or not a JSON object")
        }
        let manifest = document
        guard manifest["format"]?.intValue == 1 else { throw fail("\"format\" must be 1") }
        guard let codec = manifest["codec"]?.stringValue else { throw fail("missing \"codec\"") }
        let inputName = manifest["input"]?.stringValue ?? "input.bin"
        let expectedName = manifest["expected"]?.stringValue ?? "expected.ndjson"
        guard let input = readFile(inputName) else { throw fail("cannot read input \(inputName)") }
        guard let expected = readFile(expectedName) else { throw fail("cannot read expected output \(expectedName)") }
        let options = try parseOptions(manifest["options"], fail: fail)
        var chunks: [Int]?
        if let raw = manifest["chunks"] {
            let sizes = raw.arrayValue?.compactMap(\.intValue)
            guard let sizes, sizes.count == raw.arrayValue?.count, sizes.allSatisfy({ $0 > 0 }) else {
                throw fail("\"chunks\" must be an array of positive integers")
            }
            let total = sizes.reduce(0) { $0.addingReportingOverflow($1).partialValue }
            guard total == input.count else {
                throw fail("\"chunks\" sum to \(total) but input has \(input.count) bytes")
            }
            chunks = sizes
        }
        var timing: [Double]?
        if let raw = manifest["timing_ms"] {
            let values = raw.arrayValue?.compactMap(\.doubleValue)
            guard let values, values.count == raw.arrayValue?.count, values.count == chunks?.count ?? 1 else {
                throw fail("\"timing_ms\" must hold one number per chunk")
            }
            timing = values
        }
        var events: [ConnectionEvent] = []
        if let raw = manifest["connection"] {
            guard let entries = raw.arrayValue else { throw fail("\"connection\" must be an array") }
            for entry in entries {
                guard let members = entry.objectMembers, let event = entry["event"]?.stringValue else {
                    throw fail("connection entry without \"event\"")
                }
                var fields: [String: String] = [:]
                for member in members where member.key != "event" { fields[member.key] = member.value.plainText }
                events.append(ConnectionEvent(event: event, fields: fields))
            }
        }
        var exit: Int32 = 0
        if let raw = manifest["exit"] {
            guard let value = raw.intValue, let status = Int32(exactly: value) else {
                throw fail("\"exit\" must be an integer exit status")
            }
            exit = status
        }
        return Fixture(
            directory: directory, name: name, codec: codec, options: options, input: input,
            chunks: chunks, timingMilliseconds: timing, connection: events, expected: expected,
            expectedExit: exit)
    }

    static func parseOptions(_ raw: JSONValue?, fail: (String) -> FixtureError) throws(FixtureError) -> DecodeOptions {
        var options = DecodeOptions()
        guard let raw else { return options }
        guard let members = raw.objectMembers else { throw fail("\"options\" must be an object") }
        for member in members {
            let value = member.value
            func typed<T>(_ read: T?) throws(FixtureError) -> T {
                guard let read else { throw fail("option \"\(member.key)\" has the wrong type") }
                return read
            }
            switch member.key {
            case "messages": options.messages = try typed(value.boolValue)
            case "envelope": options.envelope = try typed(value.boolValue)
            case "strict-type": options.strictType = try typed(value.boolValue)
            case "role": options.role = try typed(value.stringValue)
            case "deflate": options.deflate = try typed(value.stringValue)
            case "topic": options.topic = try typed(value.stringValue)
            case "max-message": options.maxMessage = try typed(value.intValue)
            default: throw fail("unknown option \"\(member.key)\"")
            }
        }
        return options
    }

    /// Every fixture folder (one holding `fixture.json`) under `root`, sorted by path; `root` may itself be one.
    public static func discover(under root: URL) -> [URL] {
        let manager = FileManager.default
        if manager.fileExists(atPath: root.appendingPathComponent("fixture.json").path) { return [root] }
        guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where url.lastPathComponent == "fixture.json" {
            found.append(url.deletingLastPathComponent())
        }
        return found.sorted { $0.path < $1.path }
    }
}
