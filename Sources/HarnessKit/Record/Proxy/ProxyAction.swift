/// What the recording proxy's I/O layer does next for one proxied connection, in order (issue 18). The pure
/// `ProxyConnection` decides; `ProxyListener` only performs.
enum ProxyAction: Sendable, Equatable {
    /// Write to the upstream service, connecting to it first if this is the connection's first write.
    case toServer([UInt8])
    /// Write to the client.
    case toClient([UInt8])
    /// Wait before the next action (`slow-accept`).
    case delay(milliseconds: Int)
    /// Flush what was written, then close the client's connection and the upstream one.
    case closeBoth
    /// Close both TCP connections at once, without any end marker (`drop-after`, `drop-mid`).
    case dropBoth
    /// Forward nothing more and ignore the client until it leaves (`stall`); the upstream is closed.
    case stall
}
