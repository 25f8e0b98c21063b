/// An HTTP/1.1 response as bytes arrived, taken apart by hand (RFC 9112) so tests see where a body was cut:
/// the status, header fields, the decoded chunks, whether the last chunk came, and a cut chunk's bytes.
struct RawHTTPResponse {
    var status: Int
    var headers: [(String, String)]
    /// Whole chunks in order (chunked body), or the whole body (Content-Length).
    var chunks: [[UInt8]]
    /// True when the zero-length last chunk arrived (a clean end of a chunked body).
    var complete: Bool
    /// A chunk whose size line arrived but not all its bytes: (declared size, bytes that came).
    var cutChunk: (declared: Int, received: [UInt8])?

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var body: [UInt8] { chunks.flatMap { $0 } }

    /// Parses `bytes`; nil while the head is incomplete.
    init?(_ bytes: [UInt8]) {
        guard let headEnd = Self.find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let headText = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        chunks = []
        complete = false
        cutChunk = nil
        var index = headEnd + 4
        let isChunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }
        guard isChunked else {
            chunks = [Array(bytes[index...])]
            complete = true
            return
        }
        while index < bytes.count {
            guard let lineEnd = Self.find([13, 10], in: bytes, from: index),
                  let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16)
            else { return }
            let start = lineEnd + 2
            if size == 0 {
                complete = true
                return
            }
            guard start + size + 2 <= bytes.count else {
                cutChunk = (size, Array(bytes[start..<min(bytes.count, start + size)]))
                return
            }
            chunks.append(Array(bytes[start..<(start + size)]))
            index = start + size + 2
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
        for i in from...(bytes.count - needle.count) where Array(bytes[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}

import Foundation
