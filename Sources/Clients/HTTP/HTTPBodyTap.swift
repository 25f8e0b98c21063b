import Codecs
import HTTPStreaming

/// Observes what an HTTP service client's attempts read, without changing them (issue 18, `harness record`): the
/// start of each attempt, the response head's status and headers once the stream is open, and every body read
/// exactly as the decoder received it (the read boundaries a fixture's `chunks` keep). The hooks run on the
/// reading task, so they must be quick; nil (the default) costs nothing.
public struct HTTPBodyTap: Sendable {
    /// An attempt began (before its request goes out).
    public var attemptStarted: @Sendable () -> Void
    /// The response head was accepted (2xx): its status and header fields, in order.
    public var opened: @Sendable (_ status: Int, _ headers: [(name: String, value: String)]) -> Void
    /// One body read, lent for the call (copy what you keep).
    public var read: @Sendable (UnsafeRawBufferPointer) -> Void

    public init(
        attemptStarted: @escaping @Sendable () -> Void,
        opened: @escaping @Sendable (_ status: Int, _ headers: [(name: String, value: String)]) -> Void,
        read: @escaping @Sendable (UnsafeRawBufferPointer) -> Void
    ) {
        self.attemptStarted = attemptStarted
        self.opened = opened
        self.read = read
    }

    /// Reports `head` to `opened`.
    func report(_ head: HTTPStreamHead) {
        opened(head.status, head.headers.map { (name: $0.name, value: $0.value) })
    }
}

/// A body decoder that hands each read to a tap before its decoder sees it (the `HTTPBodyDecoder` seam, so the
/// recorded bytes and boundaries are exactly the decoded ones).
struct TappedBodyDecoder<Base: HTTPBodyDecoder>: HTTPBodyDecoder {
    var base: Base
    let tap: HTTPBodyTap?

    init(_ base: Base, tap: HTTPBodyTap?) {
        self.base = base
        self.tap = tap
    }

    mutating func decode(_ bytes: UnsafeRawBufferPointer, onItem: (Base.Item) -> Void) throws(Base.Failure) {
        tap?.read(bytes)
        try base.decode(bytes, onItem: onItem)
    }

    mutating func finish(onItem: (Base.Item) -> Void) throws(Base.Failure) -> HTTPStreamEnd {
        try base.finish(onItem: onItem)
    }
}
