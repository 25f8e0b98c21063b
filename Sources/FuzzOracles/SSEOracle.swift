import Codecs
import SSE

/// `SSEDecoder` differential against `SSEReference`: for any body, the decoder fed in pieces (sizes derived from
/// the input) and fed whole must hand out exactly the reference's items (compared as UTF-8 bytes, not by
/// canonical equivalence), the same limit error at the same offset, and the same last event ID and reconnection
/// time at the end. Every delivery API is checked: `feed` + `next()` (copied buffers and shared arrays),
/// `feed(_:onItem:)`, `feed(_:borrowing:)` and the pull and push calls mixed.
public enum SSEOracle {
    /// How a body is fed to the decoder and its items taken.
    public enum Mode: CaseIterable, Sendable {
        /// `feed(_:)` then `next()` until nil, per piece.
        case pull
        /// `feed(_:)` with an array (kept by reference, parsed where it lies), `next()` until nil after every other
        /// piece, so arrays also arrive while one is still queued.
        case shared
        /// `feed(_:onItem:)` per piece.
        case push
        /// `feed(_:borrowing:)` per piece; lent bytes must be valid UTF-8.
        case borrowed
        /// Alternately pull and push per piece, with a pull piece (a copied buffer or a shared array) left undrained
        /// before each push.
        case mixed
    }

    /// The first byte picks the limits (even: defaults; odd: small ones, so limit paths are reached) and seeds
    /// the chunking; the rest is the event stream.
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        guard let control = input.first else { return }
        let body = Array(input.dropFirst())
        var limits = SSELimits()
        if control & 1 == 1 {
            limits.maxLineLength = Int(control >> 4) &* 4 &+ 1
            limits.maxEventDataSize = Int((control >> 1) & 7) &* 8
        }
        let reference = SSEReference.interpret(body, limits: limits)
        let whole = decode(body, pieces: [body.count], limits: limits)
        try compare(whole, reference, label: "whole")
        var generator = SplitMix(state: UInt64(control) &* 0x9E37_79B9 &+ UInt64(body.count))
        var pieces: [Int] = []
        var remaining = body.count
        while remaining > 0 {
            let piece = min(remaining, Int(generator.next() % 9) &+ 1)
            pieces.append(piece)
            remaining &-= piece
        }
        for mode in Mode.allCases {
            try compare(decode(body, pieces: pieces, limits: limits, mode: mode), reference,
                        label: "\(mode) pieces \(pieces.prefix(8))")
        }
    }

    /// Runs `SSEDecoder` over `body` fed in pieces of the given sizes, taking items after every piece as `mode`
    /// says. A borrowed event whose bytes are not valid UTF-8 is recorded with the type `<invalid UTF-8 lent>`,
    /// so it can never match the reference.
    public static func decode(_ body: [UInt8], pieces: [Int], limits: SSELimits, lastEventID: String = "",
                              mode: Mode = .pull) -> SSEReference.Outcome
    {
        var decoder = SSEDecoder(limits: limits, lastEventID: lastEventID)
        var outcome = SSEReference.Outcome(lastEventID: lastEventID)
        var start = 0
        func drain(_ decoder: inout SSEDecoder) {
            do throws(SSEDecodingError) {
                while let item = try decoder.next() { outcome.items.append(item) }
            } catch {
                outcome.error = error
            }
        }
        func lent(_ item: SSEBorrowedItem) {
            switch item {
            case let .event(bytes):
                var event = bytes.event
                if !UTF8Validation.isValid(bytes.type) || !UTF8Validation.isValid(bytes.data)
                    || !UTF8Validation.isValid(bytes.lastEventID) {
                    event.type = "<invalid UTF-8 lent>"
                }
                outcome.items.append(.event(event))
            case let .retry(milliseconds):
                outcome.items.append(.retry(milliseconds: milliseconds))
            }
        }
        func push(_ decoder: inout SSEDecoder, _ chunk: UnsafeRawBufferPointer, borrowing: Bool) {
            do throws(SSEDecodingError) {
                if borrowing {
                    try decoder.feed(chunk, borrowing: lent)
                } else {
                    try decoder.feed(chunk, onItem: { outcome.items.append($0) })
                }
            } catch {
                outcome.error = error
            }
        }
        body.withUnsafeBytes { raw in
            for (index, size) in pieces.enumerated() where outcome.error == nil {
                let end = min(raw.count, start &+ size)
                let chunk = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                start = end
                switch mode {
                case .pull:
                    decoder.feed(chunk)
                    drain(&decoder)
                case .shared:
                    decoder.feed(Array(chunk))
                    if index % 2 == 1 { drain(&decoder) }
                case .push: push(&decoder, chunk, borrowing: false)
                case .borrowed: push(&decoder, chunk, borrowing: true)
                case .mixed:
                    if index % 6 == 0 {
                        decoder.feed(chunk)
                    } else if index % 3 == 0 {
                        decoder.feed(Array(chunk))
                    } else {
                        push(&decoder, chunk, borrowing: index % 3 == 2)
                    }
                }
            }
        }
        if outcome.error == nil {
            switch mode {
            case .pull, .shared, .mixed:
                decoder.feedEOF()
                drain(&decoder)
            case .push:
                do throws(SSEDecodingError) {
                    try decoder.finish(onItem: { outcome.items.append($0) })
                } catch {
                    outcome.error = error
                }
            case .borrowed:
                do throws(SSEDecodingError) {
                    try decoder.finish(borrowing: lent)
                } catch {
                    outcome.error = error
                }
            }
        }
        outcome.lastEventID = decoder.lastEventID
        outcome.reconnectionTime = decoder.reconnectionTime
        return outcome
    }

    static func compare(_ actual: SSEReference.Outcome, _ expected: SSEReference.Outcome, label: String)
        throws(FuzzViolation)
    {
        guard actual.items.count == expected.items.count,
              zip(actual.items, expected.items).allSatisfy({ bytes(of: $0) == bytes(of: $1) }) else {
            throw FuzzViolation("\(label): items differ: decoder \(actual.items), reference \(expected.items)")
        }
        guard actual.error == expected.error else {
            throw FuzzViolation("\(label): error differs: decoder \(String(describing: actual.error)), reference \(String(describing: expected.error))")
        }
        guard Array(actual.lastEventID.utf8) == Array(expected.lastEventID.utf8) else {
            throw FuzzViolation("\(label): last event ID differs: \(actual.lastEventID) vs \(expected.lastEventID)")
        }
        guard actual.reconnectionTime == expected.reconnectionTime else {
            throw FuzzViolation("\(label): reconnection time differs")
        }
    }

    /// An item as exact bytes, so two strings that are merely canonically equivalent do not compare equal.
    static func bytes(of item: SSEItem) -> [[UInt8]] {
        switch item {
        case let .event(event): [Array(event.type.utf8), Array(event.data.utf8), Array(event.lastEventID.utf8)]
        case let .retry(milliseconds): [Array(String(milliseconds).utf8)]
        }
    }

    /// SplitMix64, for chunk sizes that are a function of the input.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
