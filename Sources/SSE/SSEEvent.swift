/// One dispatched server-sent event: what a browser's `MessageEvent` would carry (HTML §9.2.6, "dispatch the
/// event"), minus the origin, which belongs to the transport.
public struct SSEEvent: Sendable, Equatable, Hashable {
    /// The event type: the last `event` field's value, or `"message"` when none (or an empty one) was given.
    public var type: String
    /// The `data` lines joined with LF, without a final LF.
    public var data: String
    /// The last event ID string at dispatch: the latest `id` field seen in this or any earlier event.
    public var lastEventID: String

    /// An event as a decoder would dispatch it.
    public init(type: String = SSEModule.defaultEventType, data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}
