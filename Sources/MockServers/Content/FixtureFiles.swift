import Codecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixture folder (format v1, `Fixtures/README.md`) read for serving: its codec, whether its input is
/// `--messages` NDJSON, and the input bytes. The mocks decode the input with our decoders and serve what
/// those give, re-encoded with our encoders.
public struct FixtureInput: Sendable {
    public var directory: String
    public var codec: String
    public var messages: Bool
    public var input: [UInt8]

    /// Reads `directory/fixture.json` and its input file.
    public static func load(_ directory: String) throws(MockServerError) -> FixtureInput {
        let manifestPath = directory + "/fixture.json"
        guard let manifestBytes = readFile(manifestPath) else {
            throw MockServerError(.fixtureUnusable, "cannot read \(manifestPath)")
        }
        let manifest: JSONValue
        do { manifest = try JSONValue.parse(manifestBytes) } catch {
            throw MockServerError(.fixtureUnusable, "\(manifestPath): \(error)")
        }
        guard case .string(let codec)? = manifest["codec"] else {
            throw MockServerError(.fixtureUnusable, "\(manifestPath) has no codec")
        }
        var messages = false
        if case .bool(let flag)? = manifest["options"]?["messages"] { messages = flag }
        var inputName = "input.bin"
        if case .string(let name)? = manifest["input"] { inputName = name }
        guard !inputName.contains("/"), let input = readFile(directory + "/" + inputName) else {
            throw MockServerError(.fixtureUnusable, "cannot read the input of \(directory)")
        }
        return FixtureInput(directory: directory, codec: codec, messages: messages, input: input)
    }

    /// For `--messages` inputs: each line's payload (`{"text":…}` as UTF-8 or `{"base64":…}` decoded).
    public func messagePayloads() -> [[UInt8]] {
        input.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { line in
            guard let value = try? JSONValue.parse(Array(line)) else { return nil }
            if case .string(let text)? = value["text"] { return Array(text.utf8) }
            if case .string(let text)? = value["base64"] { return Base64.decode(text) }
            return nil
        }
    }

    /// The whole file at `path`, or nil when it cannot be read (limit 64 MiB).
    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, file) }
            if n > 0 { bytes += buffer[0..<n] }
            if n < 65536 { break }
            if bytes.count > 64 << 20 { return nil }
        }
        return bytes
    }
}
