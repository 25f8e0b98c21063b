/// UTF-8 validation across chunk or fragment boundaries: feed pieces in order, it remembers an unfinished sequence
/// and fails on the first impossible byte as soon as that byte is seen (fail-fast, as RFC 6455 §8.1 recommends),
/// not when the message ends. Call `finish()` at the end of the message to reject a truncated final sequence.
public struct IncrementalUTF8Validator: Sendable, Equatable {
    /// Continuation bytes still expected for the current sequence (0 between sequences).
    @usableFromInline var pending: UInt8 = 0
    /// Allowed range for the next continuation byte (narrower than 80...BF right after E0, ED, F0, F4).
    @usableFromInline var lower: UInt8 = 0x80
    @usableFromInline var upper: UInt8 = 0xBF
    /// Bytes accepted so far, so error offsets are relative to the start of the message.
    @inlinable public var bytesValidated: Int { validatedCount }
    @usableFromInline var validatedCount: Int = 0
    /// Offset (from the message start) of the sequence now pending.
    @usableFromInline var pendingStart: Int = 0

    public init() {}

    /// True when the bytes fed so far end on a sequence boundary.
    @inlinable public var isAtBoundary: Bool { pending == 0 }

    /// Validates the next piece; throws at the first impossible byte, with its offset from the message start.
    @inlinable public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(UTF8ValidationError) {
        var start = 0
        let count = bytes.count
        while pending > 0 {
            guard start < count else {
                validatedCount &+= count
                return
            }
            let byte = bytes[start]
            guard byte >= lower, byte <= upper else {
                throw UTF8ValidationError(.invalidByte, offset: validatedCount &+ start)
            }
            lower = 0x80
            upper = 0xBF
            pending &-= 1
            start &+= 1
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
        switch UTF8Validation.scan(rest) {
        case .valid:
            break
        case let .invalid(offset):
            throw UTF8ValidationError(.invalidByte, offset: validatedCount &+ start &+ offset)
        case let .incomplete(offset):
            let lead = rest[offset]
            let have = rest.count &- offset
            let length: Int = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : 2)
            pending = UInt8(truncatingIfNeeded: length &- have)
            pendingStart = validatedCount &+ start &+ offset
            if have == 1 {
                switch lead {
                case 0xE0: lower = 0xA0
                case 0xED: upper = 0x9F
                case 0xF0: lower = 0x90
                case 0xF4: upper = 0x8F
                default: break
                }
            }
        }
        validatedCount &+= count
    }

    /// Validates the next piece given as an array.
    @inlinable public mutating func feed(_ bytes: [UInt8]) throws(UTF8ValidationError) {
        var failure: UTF8ValidationError?
        bytes.withUnsafeBytes { raw in
            do throws(UTF8ValidationError) { try feed(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the message: throws if it stopped inside a sequence; resets for the next message either way.
    @inlinable public mutating func finish() throws(UTF8ValidationError) {
        let wasPending = pending > 0
        let start = pendingStart
        self = IncrementalUTF8Validator()
        if wasPending { throw UTF8ValidationError(.truncatedSequence, offset: start) }
    }

    /// Forgets any partial state, ready for a new message.
    @inlinable public mutating func reset() { self = IncrementalUTF8Validator() }
}
