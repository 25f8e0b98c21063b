/// The faults in force for one connection attempt, resolved from the `--fault` list (for each kind the first
/// spec that selects the attempt wins). Pure: the script runner asks it what to do before each event.
public struct AttemptFaults: Sendable, Equatable {
    /// The specs that selected this attempt, in command-line order (each is logged once).
    public private(set) var active: [FaultSpec] = []
    public private(set) var status: (code: Int, retryAfter: Int?)?
    public private(set) var dropAfter: Int?
    public private(set) var dropMid: Int?
    public private(set) var close: (code: Int, afterEvents: Int?)?
    public private(set) var stallAfter: Int?
    public private(set) var drip = false
    public private(set) var garbage: Int?
    public private(set) var oversize: Int?
    public private(set) var expireToken: Int?
    public private(set) var slowAcceptMilliseconds: Int?
    public private(set) var badDeflate: Int?
    public private(set) var refuseMilliseconds: Int?

    /// The faults of `specs` that select `attempt`.
    public init(_ specs: [FaultSpec], attempt: Int) {
        for spec in specs where spec.attempts.contains(attempt) {
            var used = true
            switch spec.kind {
            case .status(let code, let retryAfter):
                if status == nil { status = (code, retryAfter) } else { used = false }
            case .dropAfter(let n): used = set(&dropAfter, n)
            case .dropMid(let n): used = set(&dropMid, n)
            case .close(let code, let after):
                if close == nil { close = (code, after) } else { used = false }
            case .stall(let n): used = set(&stallAfter, n)
            case .drip:
                used = !drip
                drip = true
            case .garbage(let n): used = set(&garbage, n)
            case .oversize(let n): used = set(&oversize, n)
            case .expireToken(let n): used = set(&expireToken, n)
            case .slowAccept(let ms): used = set(&slowAcceptMilliseconds, ms)
            case .badDeflate(let n): used = set(&badDeflate, n)
            case .refuse(let ms): used = set(&refuseMilliseconds, ms)
            }
            if used { active.append(spec) }
        }
    }

    private func set(_ slot: inout Int?, _ value: Int) -> Bool {
        guard slot == nil else { return false }
        slot = value
        return true
    }

    /// What to do with event number `index` (0-based: `index` events were already sent on this connection).
    public func step(beforeEvent index: Int) -> EventStep {
        if let n = dropAfter, index >= n { return .drop }
        if let n = dropMid, index == n { return .sendHalfThenDrop }
        if let n = stallAfter, index >= n { return .stall }
        if let c = close, let n = c.afterEvents, index >= n { return .close(code: c.code) }
        if let n = badDeflate, index == n { return .send(.badDeflate) }
        if let n = garbage, index == n { return .send(.garbage) }
        if let n = oversize, index == n { return .send(.oversize) }
        return .send(.normal)
    }

    public static func == (lhs: AttemptFaults, rhs: AttemptFaults) -> Bool { lhs.active == rhs.active }
}

/// What the script runner does at an event slot.
public enum EventStep: Sendable, Equatable {
    /// Send the event in the given form.
    case send(EventForm)
    /// Send the first half of the event's bytes, then close the TCP connection.
    case sendHalfThenDrop
    /// Close the TCP connection without an end marker.
    case drop
    /// Send nothing more; ignore the peer.
    case stall
    /// WebSocket close frame with this code.
    case close(code: Int)
}

/// How an event is rendered.
public enum EventForm: Sendable, Equatable {
    /// As the service sends it.
    case normal
    /// Malformed for the service's codec (documented per service in `Docs/mock-servers.md`).
    case garbage
    /// Larger than any sane limit.
    case oversize
    /// WebSocket only: RSV1 set, payload not valid deflate data.
    case badDeflate
}

/// Limits the mocks use for faults.
public enum MockLimits {
    /// Size of an `oversize` event: 8 MiB, above websockets' 1 MiB, aiohttp's 4 MiB, the Event Streamer SDK's
    /// 512 KiB line limit and our decoders' defaults.
    public static let oversizeBytes = 8 << 20
}
