import CZlib
import Codecs
import NIOCore
import NIOEmbedded
import NIOWebSocket
import StreamTesting
import WSFrame

/// WebSocket decoding vs swift-nio's `WebSocketFrameDecoder` (NIOWebSocket) on identical inputs fed in 64 KiB
/// reads: (a) 100k small unmasked text frames, (b) 64 KiB masked binary frames (unmasked by both: ours in place,
/// NIO through `unmaskedData`), plus our unmasking against `memcpy` on a 64 KiB frame, and (c) a deflated text
/// stream against raw zlib inflate of the same payloads.
enum WSBenchmarks {
    static let suite = BenchmarkSuite(codec: "ws") {
        [
            smallFrames(size: 32, count: 100_000),
            smallFrames(size: 256, count: 100_000),
            smallFrames(size: 32, count: 100_000, owned: true),
            smallFrames(size: 32, count: 100_000, pushed: true),
            maskedFrames(count: 256),
            unmaskVersusMemcpy(),
            unmaskVersusMemcpy(wordLoop: true),
            deflatedStream(count: 20_000),
            deflatedStream(count: 20_000, pushed: true),
        ]
    }

    static let readSize = 64 << 10

    /// A buffer that lives for the whole process (inputs are made once, outside the contenders' runs).
    static func pinned(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<bytes.count])
    }

    /// Counts frames at the end of the NIO pipeline (what an application handler would receive).
    final class FrameCounter: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        var frames = 0
        var bytes = 0
        let unmask: Bool
        init(unmask: Bool) { self.unmask = unmask }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            frames &+= 1
            bytes &+= unmask ? frame.unmaskedData.readableBytes : frame.data.readableBytes
        }
    }

    static func nioDecode(_ reads: [ByteBuffer], unmask: Bool) -> Int {
        let channel = EmbeddedChannel()
        let counter = FrameCounter(unmask: unmask)
        try? channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        try? channel.pipeline.syncOperations.addHandler(counter)
        for read in reads { try? channel.writeInbound(read) }
        _ = try? channel.finish()
        return counter.frames
    }

    /// Our push API: complete frames are read where they lie in each read (client role), no copy.
    static func oursDecodePushed(_ input: UnsafeRawBufferPointer, deflate: PerMessageDeflateParameters? = nil) -> Int {
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client, deflate: deflate))
        var items = 0
        var sum = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            do {
                try decoder.feed(UnsafeRawBufferPointer(rebasing: input[start..<end])) { item in
                    items &+= 1
                    sum &+= item.payload.count
                }
            } catch {
                return 0
            }
            start = end
        }
        return sum >= 0 ? items : 0
    }

    static func oursDecode(_ input: UnsafeRawBufferPointer, role: WebSocketRole,
                           deflate: PerMessageDeflateParameters? = nil) -> Int {
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: role, deflate: deflate))
        var items = 0
        var sum = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            decoder.feed(UnsafeRawBufferPointer(rebasing: input[start..<end]))
            start = end
            while let size = try? decoder.next({ $0.payload.count }) {
                items &+= 1
                sum &+= size
            }
        }
        return sum >= 0 ? items : 0
    }

    static func reads(_ input: UnsafeRawBufferPointer) -> [ByteBuffer] {
        var list: [ByteBuffer] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + readSize)
            list.append(ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: input[start..<end])))
            start = end
        }
        return list
    }

    /// Decodes into owned `WebSocketEvent` values (a `String` per text message), as an application that keeps
    /// messages would.
    static func oursDecodeOwned(_ input: UnsafeRawBufferPointer, role: WebSocketRole) -> Int {
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: role))
        var items = 0
        var sum = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            decoder.feed(UnsafeRawBufferPointer(rebasing: input[start..<end]))
            start = end
            while let event = try? decoder.next() {
                items &+= 1
                if case let .message(.text(text)) = event { sum &+= text.utf8.count }
            }
        }
        return sum >= 0 ? items : 0
    }

    static func smallFrames(size: Int, count: Int, owned: Bool = false, pushed: Bool = false) -> BenchmarkCase {
        var stream: [UInt8] = []
        let alphabet = Array("{\"event\":\"state\",\"id\":42,\"value\":\"on\"} ".utf8)
        let payload = (0..<size).map { alphabet[$0 % alphabet.count] }
        payload.withUnsafeBytes { raw in
            for _ in 0..<count {
                WebSocketEncoder.writeFrame(opcode: .text, payload: raw, maskingKey: nil, into: &stream)
            }
        }
        let input = pinned(stream)
        let nioReads = reads(input)
        return BenchmarkCase(
            codec: "ws",
            name: owned ? "(a) 100k \(size)-byte text frames, Strings"
                : pushed ? "(a) 100k \(size)-byte text frames, push API" : "(a) 100k unmasked \(size)-byte text frames",
            bytes: input.count, items: count,
            ours: owned ? Contender(name: "WebSocketDecoder.next()") { oursDecodeOwned(input, role: .client) }
                : pushed ? Contender(name: "WebSocketDecoder.feed(onItem:)") { oursDecodePushed(input) }
                : Contender(name: "WebSocketDecoder") { oursDecode(input, role: .client) },
            peer: Contender(name: "NIOWebSocket") { nioDecode(nioReads, unmask: false) })
    }

    static func maskedFrames(count: Int) -> BenchmarkCase {
        var stream: [UInt8] = []
        let payload = (0..<(64 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var random = SplitMix64(seed: 5)
        payload.withUnsafeBytes { raw in
            for _ in 0..<count {
                WebSocketEncoder.writeFrame(opcode: .binary, payload: raw,
                                            maskingKey: .random(using: &random), into: &stream)
            }
        }
        let original = pinned(stream)
        // Ours unmasks in place, so every run works on a fresh copy of the masked stream (copy not timed out;
        // it is counted in both directions as one memcpy of the input, see the unmask-vs-memcpy case).
        let work = UnsafeMutableRawBufferPointer.allocate(byteCount: original.count, alignment: 16)
        let nioReads = reads(original)
        return BenchmarkCase(
            codec: "ws", name: "(b) 256 masked 64 KiB binary frames (incl. unmasking)", bytes: original.count,
            items: count,
            ours: Contender(name: "WebSocketDecoder") {
                work.copyMemory(from: original)
                return oursDecode(UnsafeRawBufferPointer(work), role: .server)
            },
            peer: Contender(name: "NIOWebSocket+unmaskedData") { nioDecode(nioReads, unmask: true) })
    }

    /// Unmasking against copying the same 64 KiB. glibc's `memcpy` uses `rep movsb` at this size (its
    /// rep_movsb_threshold is 2112 bytes here), which this VM runs slowly, so a 64-bit-word copy loop is measured too.
    static func unmaskVersusMemcpy(wordLoop: Bool = false) -> BenchmarkCase {
        let size = 64 << 10
        let rounds = 4096
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        let target = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        for index in 0..<size { source[index] = UInt8(truncatingIfNeeded: index) }
        let key = WebSocketMaskingKey(0x12, 0x34, 0x56, 0x78)
        let copy = wordLoop
            ? Contender(name: "copy loop (4 x 64-bit words)") {
                for _ in 0..<rounds { copyWords(from: UnsafeRawBufferPointer(source), to: target) }
                return rounds
            }
            : Contender(name: "memcpy") {
                for _ in 0..<rounds { target.copyMemory(from: UnsafeRawBufferPointer(source)) }
                return rounds
            }
        return BenchmarkCase(
            codec: "ws", name: "unmask 64 KiB in place vs \(wordLoop ? "word-loop copy" : "memcpy") (4096 rounds)",
            bytes: size * rounds, items: rounds,
            ours: Contender(name: "WebSocketMaskingKey.apply") {
                for round in 0..<rounds { key.apply(to: source, phase: round & 3) }
                return rounds
            },
            peer: copy)
    }

    @inline(never)
    static func copyWords(from source: UnsafeRawBufferPointer, to target: UnsafeMutableRawBufferPointer) {
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        var index = 0
        let count = min(source.count, target.count)
        while index &+ 32 <= count {
            let a = from.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let b = from.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
            let c = from.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
            let d = from.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
            to.storeBytes(of: a, toByteOffset: index, as: UInt64.self)
            to.storeBytes(of: b, toByteOffset: index &+ 8, as: UInt64.self)
            to.storeBytes(of: c, toByteOffset: index &+ 16, as: UInt64.self)
            to.storeBytes(of: d, toByteOffset: index &+ 24, as: UInt64.self)
            index &+= 32
        }
    }

    static func deflatedStream(count: Int, pushed: Bool = false) -> BenchmarkCase {
        let deflate = PerMessageDeflateParameters()
        let encoder = WebSocketEncoder(role: .server, deflate: deflate)
        var stream: [UInt8] = []
        for index in 0..<count {
            let text = "{\"topic\":\"audit\",\"id\":\(index),\"user\":\"admin\(index % 17)\",\"action\":\"login\","
                + "\"detail\":\"session \(index * 7919 % 100_000) from 10.0.\(index % 256).\(index % 200)\"}"
            try? encoder.writeText(text, into: &stream)
        }
        // The peer inflates the same frame payloads with raw zlib (context takeover, 00 00 FF FF appended).
        var payloads: [Range<Int>] = []
        stream.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count,
                  let header = try? WebSocketFrameHeader.parse(UnsafeRawBufferPointer(rebasing: raw[offset...]), offset: offset) {
                let start = offset + header.headerLength
                payloads.append(start..<(start + header.payloadLength))
                offset = start + header.payloadLength
            }
        }
        let input = pinned(stream)
        var plainBytes = 0
        var probe = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client, deflate: deflate))
        probe.feed(input)
        while let size = try? probe.next({ $0.payload.count }) { plainBytes += size }
        return BenchmarkCase(
            codec: "ws",
            name: "(c) 20k deflated \(plainBytes / count) B JSON msgs\(pushed ? ", push" : "")",
            bytes: input.count, items: count,
            ours: pushed ? Contender(name: "WebSocketDecoder.feed(onItem:)") { oursDecodePushed(input, deflate: deflate) }
                : Contender(name: "WebSocketDecoder+deflate") { oursDecode(input, role: .client, deflate: deflate) },
            peer: Contender(name: "zlib inflate") { rawInflate(input, payloads: payloads) })
    }

    static func rawInflate(_ input: UnsafeRawBufferPointer, payloads: [Range<Int>]) -> Int {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return 0 }
        defer { inflateEnd(&stream) }
        let output = UnsafeMutablePointer<Bytef>.allocate(capacity: 1 << 16)
        defer { output.deallocate() }
        var tail: [UInt8] = [0, 0, 0xFF, 0xFF]
        var messages = 0
        for range in payloads {
            let base = input.baseAddress.unsafelyUnwrapped.advanced(by: range.lowerBound)
            stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(range.count)
            repeat {
                stream.next_out = output
                stream.avail_out = 1 << 16
                inflate(&stream, Z_SYNC_FLUSH)
            } while stream.avail_in > 0
            tail.withUnsafeMutableBufferPointer { pointer in
                stream.next_in = pointer.baseAddress
                stream.avail_in = 4
                stream.next_out = output
                stream.avail_out = 1 << 16
                inflate(&stream, Z_SYNC_FLUSH)
            }
            messages += 1
        }
        return messages
    }
}
