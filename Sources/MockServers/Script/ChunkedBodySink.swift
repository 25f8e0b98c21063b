/// An HTTP/1.1 chunked response body as an event sink (SSE, Event Streamer): one event = one chunk; `drop-mid`
/// writes the chunk's size line for the whole event but only half its bytes, so the cut is inside the chunk and
/// inside the event's line; the clean end is the last chunk, after which the connection closes.
public struct ChunkedBodySink: EventSink {
    public let connection: MockConnection
    /// The keep-alive chunk written after idle time (SSE: `": keepalive\n\n"`), nil for none.
    public var keepAliveBytes: [UInt8]?

    public init(connection: MockConnection, keepAliveBytes: [UInt8]? = nil) {
        self.connection = connection
        self.keepAliveBytes = keepAliveBytes
    }

    public var isActive: Bool { connection.isActive }

    public func send(_ event: ScriptEvent, form: EventForm) async throws {
        try await connection.write(HTTPResponseBytes.chunk(event.payload))
    }

    public func sendHalfThenDrop(_ event: ScriptEvent) async {
        let full = HTTPResponseBytes.chunk(event.payload)
        let sizeLine = Array(String(event.payload.count, radix: 16).utf8).count + 2
        try? await connection.write(Array(full.prefix(sizeLine + event.payload.count / 2)))
        await lingerThenClose()
    }

    public func drop() async { await lingerThenClose() }

    /// How long a drop waits after the last write before closing. An HTTP client library may discard body bytes
    /// it read but had not yet handed to its consumer when the connection closes (AsyncHTTPClient fails the
    /// response at once). The pause lets the events that were sent whole reach the client before the drop, so a
    /// drop means what the fault grammar says: those events were delivered, the rest was cut.
    static let dropLinger: Duration = .milliseconds(50)

    private func lingerThenClose() async {
        try? await Task.sleep(for: Self.dropLinger)
        await connection.close()
    }

    public func stall() async { await connection.waitClosed() }

    public func close(code: Int) async { await connection.close() }

    public func finish() async {
        try? await connection.write(HTTPResponseBytes.lastChunk)
        await connection.close()
    }

    public func keepAlive() async throws -> Bool {
        guard let keepAliveBytes else { return false }
        try await connection.write(HTTPResponseBytes.chunk(keepAliveBytes))
        return true
    }
}
