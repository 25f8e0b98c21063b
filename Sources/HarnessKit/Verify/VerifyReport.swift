import Codecs
import Foundation

/// `harness verify`'s outputs: the verdict table (stderr) and the `--json` document
/// (`{"scenarios":[{"name","service","verdict","details","seconds"}]}`).
public enum VerifyReport {
    public static func table(_ verdicts: [VerifyRunner.Verdict]) -> String {
        let width = max(8, verdicts.map(\.name.count).max() ?? 8)
        var text = ""
        for verdict in verdicts {
            let name = verdict.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let kind = verdict.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            text += "\(name)  \(kind) \(String(format: "%5.1f", verdict.seconds)) s  \(verdict.details.first ?? "")\n"
            for detail in verdict.details.dropFirst() where verdict.kind != .pass { text += String(repeating: " ", count: width + 28) + detail + "\n" }
        }
        let wall = verdicts.map(\.seconds).reduce(0, +)
        text += "\(verdicts.count) scenarios, \(String(format: "%.1f", wall)) s of scenario time\n"
        return text
    }

    public static func json(_ verdicts: [VerifyRunner.Verdict]) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("scenarios")
        writer.beginArray()
        for verdict in verdicts {
            writer.beginObject()
            writer.key("name")
            writer.string(verdict.name)
            writer.key("service")
            writer.string(verdict.service)
            writer.key("verdict")
            writer.string(verdict.kind.rawValue)
            writer.key("details")
            writer.beginArray()
            for detail in verdict.details { writer.string(detail) }
            writer.endArray()
            writer.key("seconds")
            writer.double((verdict.seconds * 1000).rounded() / 1000)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }
}
