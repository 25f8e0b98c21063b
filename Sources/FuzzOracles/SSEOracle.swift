import Codecs
import SSE
import StreamTesting

/// `SSEDecoder` differential against `SSEReference`: for any body, the decoder fed in pieces (sizes derived from
/// the input) and fed whole must hand out exactly the reference's items (compared as UTF-8 bytes, not by
/// canonical equivalence), the same limit error at the same offset, and the same last event ID and reconnection
/// time at the end. Every delivery style is checked: `feed` + `next()`, `feed(_:onItem:)` (lent views), the two
/// mixed, and the decoder's own reference path (`SSEDecoder.reference`, which skips the line loop's fast paths).
public enum SSEOracle {
    /// How a body is fed to the decoder and its items taken.
    public enum Mode: CaseIterable, Sendable {
        /// `feed(_:)` then `next()` until nil, per piece.
        case pull
        /// `feed(_:onItem:)` per piece; lent bytes must be valid UTF-8.
        case push
        /// Alternately pull and push per piece, with a pull piece left undrained before each push.
        case mixed
        /// `pull` on `SSEDecoder.reference(limits:lastEventID:)`: the line loop's reference path.
        case referencePath
    }

    /// The limits byte 0 picks, for this oracle and `SSEFastOracle`: even, the defaults; odd, a line limit of
    /// 1–61 bytes and a data limit of 0–56, so the limit paths are reached.
    static func limits(_ control: UInt8) -> SSELimits {
        var limits = SSELimits()
        if control & 1 == 1 {
            limits.maxLineLength = Int(control >> 4) &* 4 &+ 1
            limits.maxEventDataSize = Int((control >> 1) & 7) &* 8
        }
        return limits
    }

    /// The first byte picks the limits (even: defaults; odd: small ones, so limit paths are reached) and seeds
    /// the chunking; the rest is the event stream.
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        guard let control = input.first else { return }
        let body = Array(input.dropFirst())
        let limits = limits(control)
        let reference = SSEReference.interpret(body, limits: limits)
        let whole = decode(body, pieces: [body.count], limits: limits)
        try compare(whole, reference, label: "whole")
        var generator = SplitMix64(seed: UInt64(control) &* 0x9E37_79B9 &+ UInt64(body.count))
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
    /// says. A lent event whose bytes are not valid UTF-8 is recorded with the type `<invalid UTF-8 lent>`, so it
    /// can never match the reference.
    public static func decode(_ body: [UInt8], pieces: [Int], limits: SSELimits, lastEventID: String = "",
                              mode: Mode = .pull) -> SSEReference.Outcome
    {
        var decoder = mode == .referencePath
            ? SSEDecoder.reference(limits: limits, lastEventID: lastEventID)
            : SSEDecoder(limits: limits, lastEventID: lastEventID)
        var outcome = SSEReference.Outcome(lastEventID: lastEventID)
        var start = 0
        func drain(_ decoder: inout SSEDecoder) {
            do throws(SSEDecodingError) {
                while let item = try decoder.next() { outcome.items.append(item) }
            } catch {
                outcome.error = error
            }
        }
        func lent(_ item: SSEItem<SSEEventView>) {
            outcome.items.append(item.map { view in
                var event = view.event
                if !UTF8Validation.isValid(view.type) || !UTF8Validation.isValid(view.data)
                    || !UTF8Validation.isValid(view.lastEventID) {
                    event.type = "<invalid UTF-8 lent>"
                }
                return event
            })
        }
        func push(_ decoder: inout SSEDecoder, _ chunk: UnsafeRawBufferPointer) {
            do throws(SSEDecodingError) {
                try decoder.feed(chunk, onItem: lent)
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
                case .pull, .referencePath:
                    decoder.feed(chunk)
                    drain(&decoder)
                case .push: push(&decoder, chunk)
                case .mixed:
                    if index % 3 == 0 {
                        decoder.feed(chunk)
                    } else {
                        push(&decoder, chunk)
                    }
                }
            }
        }
        if outcome.error == nil {
            switch mode {
            case .pull, .mixed, .referencePath:
                decoder.finish()
                drain(&decoder)
            case .push:
                do throws(SSEDecodingError) {
                    try decoder.finish(onItem: lent)
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
    static func bytes(of item: SSEItem<SSEEvent>) -> [[UInt8]] {
        switch item {
        case let .event(event): [Array(event.type.utf8), Array(event.data.utf8), Array(event.lastEventID.utf8)]
        case let .retry(milliseconds): [Array(String(milliseconds).utf8)]
        }
    }
}
