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
    /// Loads `directory/fixture.json` and the files it names.
    public static func load(directory: URL, name: String) throws(FixtureError) -> Fixture {
        let manifestURL = directory.appendingPathComponent("fixture.json")
        func fail(_ message: String) -> FixtureError { FixtureError(path: manifestURL.path, message: message) }
        guard let data = try? Data(contentsOf: manifestURL),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("unreadable or not a JSON object")
        }
        guard manifest["format"] as? Int == 1 else { throw fail("\"format\" must be 1") }
        guard let codec = manifest["codec"] as? String else { throw fail("missing \"codec\"") }
        let inputName = manifest["input"] as? String ?? "input.bin"
        let expectedName = manifest["expected"] as? String ?? "expected.ndjson"
        guard let input = try? Data(contentsOf: directory.appendingPathComponent(inputName)) else {
            throw fail("cannot read input \(inputName)")
        }
        guard let expected = try? Data(contentsOf: directory.appendingPathComponent(expectedName)) else {
            throw fail("cannot read expected output \(expectedName)")
        }
        let options = try parseOptions(manifest["options"], fail: fail)
        var chunks: [Int]?
        if let raw = manifest["chunks"] {
            guard let sizes = raw as? [Int], sizes.allSatisfy({ $0 > 0 }) else {
                throw fail("\"chunks\" must be an array of positive integers")
            }
            guard sizes.reduce(0, +) == input.count else {
                throw fail("\"chunks\" sum to \(sizes.reduce(0, +)) but input has \(input.count) bytes")
            }
            chunks = sizes
        }
        var timing: [Double]?
        if let raw = manifest["timing_ms"] {
            guard let values = raw as? [Double], values.count == chunks?.count ?? 1 else {
                throw fail("\"timing_ms\" must hold one number per chunk")
            }
            timing = values
        }
        var events: [ConnectionEvent] = []
        for item in manifest["connection"] as? [[String: Any]] ?? [] {
            guard let event = item["event"] as? String else { throw fail("connection entry without \"event\"") }
            var fields: [String: String] = [:]
            for (key, value) in item where key != "event" { fields[key] = "\(value)" }
            events.append(ConnectionEvent(event: event, fields: fields))
        }
        return Fixture(
            directory: directory, name: name, codec: codec, options: options, input: [UInt8](input),
            chunks: chunks, timingMilliseconds: timing, connection: events, expected: [UInt8](expected),
            expectedExit: Int32(manifest["exit"] as? Int ?? 0))
    }

    static func parseOptions(_ raw: Any?, fail: (String) -> FixtureError) throws(FixtureError) -> DecodeOptions {
        var options = DecodeOptions()
        guard let raw else { return options }
        guard let dictionary = raw as? [String: Any] else { throw fail("\"options\" must be an object") }
        for (key, value) in dictionary {
            switch key {
            case "messages": options.messages = value as? Bool ?? false
            case "envelope": options.envelope = value as? Bool ?? false
            case "role": options.role = value as? String
            case "deflate": options.deflate = value as? String
            case "topic": options.topic = value as? String
            case "max-message": options.maxMessage = value as? Int
            default: throw fail("unknown option \"\(key)\"")
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
