/// The codecs `harness decode` knows, by command-line name. Each entry is defined in its own file under
/// `Codecs/`; a codec whose decoder is not built yet is `HarnessCodec.unsupported` and answers
/// `unsupported-codec`.
public enum CodecTable {
    public static let all: [HarnessCodec] = [
        .ws, .sse, .central, .isy, .eventstreamer, .stream, .utf8Lines,
    ]

    /// The entry for `name`, or nil for a name not in the table.
    public static func codec(named name: String) -> HarnessCodec? {
        all.first { $0.name == name }
    }
}
