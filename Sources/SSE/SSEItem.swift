/// What an `SSEDecoder` hands out, in stream order: dispatched events, and reconnection-time changes at the point
/// the `retry` field was parsed (a client must apply them even when no event follows).
///
/// One shape for both delivery styles (see the DecoderConvention article in the Codecs catalog): `next()` hands out
/// owned items, `SSEItem<SSEEvent>`; `feed(_:onItem:)` lends `SSEItem<SSEEventView>`, valid only during the call.
public enum SSEItem<Event> {
    /// An event dispatched by a blank line (HTML §9.2.6, "dispatch the event").
    case event(Event)
    /// A valid `retry` field set the reconnection time to this many milliseconds.
    case retry(milliseconds: Int)

    /// The same item with its event transformed, e.g. `item.map(\.event)` to keep a lent item past the call.
    @inlinable public func map<Other>(_ transform: (Event) throws -> Other) rethrows -> SSEItem<Other> {
        switch self {
        case let .event(event): .event(try transform(event))
        case let .retry(milliseconds): .retry(milliseconds: milliseconds)
        }
    }
}

extension SSEItem: Sendable where Event: Sendable {}
extension SSEItem: Equatable where Event: Equatable {}
extension SSEItem: Hashable where Event: Hashable {}
