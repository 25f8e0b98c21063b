import MockServers
import Testing

/// The fault grammar of `Docs/fault-grammar.md`, as vectors: each valid spec and the fault it means, each invalid
/// one and the stable error code it gets.
struct FaultGrammarTests {
    static let valid: [(String, FaultKind, FaultAttempts)] = [
        ("status:401", .status(code: 401, retryAfter: nil), .all),
        ("status:503,retry-after:2", .status(code: 503, retryAfter: 2), .all),
        ("status:429,retry-after:0@3", .status(code: 429, retryAfter: 0), .only(3)),
        ("drop-after:0", .dropAfter(events: 0), .all),
        ("drop-after:5@2", .dropAfter(events: 5), .only(2)),
        ("drop-mid:3@2-", .dropMid(events: 3), .from(2)),
        ("close:1011", .close(code: 1011, afterEvents: nil), .all),
        ("close:4000/7@1", .close(code: 4000, afterEvents: 7), .only(1)),
        ("close:1000/0", .close(code: 1000, afterEvents: 0), .all),
        ("stall", .stall(afterEvents: 0), .all),
        ("stall:4@1-", .stall(afterEvents: 4), .from(1)),
        ("drip", .drip, .all),
        ("drip@2", .drip, .only(2)),
        ("garbage:0", .garbage(events: 0), .all),
        ("oversize:2", .oversize(events: 2), .all),
        ("expire-token:3@1", .expireToken(events: 3), .only(1)),
        ("slow-accept:250", .slowAccept(milliseconds: 250), .all),
        ("bad-deflate", .badDeflate(events: 0), .all),
        ("bad-deflate:2", .badDeflate(events: 2), .all),
        ("refuse", .refuse(milliseconds: 1000), .all),
        ("refuse:3000@2", .refuse(milliseconds: 3000), .only(2)),
        ("drop-after:1000000000", .dropAfter(events: 1_000_000_000), .all),
    ]

    static let invalid: [(String, String)] = [
        ("", "fault-empty"),
        ("@2", "fault-empty"),
        (":3", "fault-empty"),
        ("explode", "fault-unknown-kind"),
        ("Drop-after:1", "fault-unknown-kind"),
        ("drop-after", "fault-missing-argument"),
        ("status", "fault-missing-argument"),
        ("close", "fault-missing-argument"),
        ("drip:3", "fault-unexpected-argument"),
        ("drop-after:-1", "fault-invalid-argument"),
        ("drop-after:x", "fault-invalid-argument"),
        ("drop-after:", "fault-invalid-argument"),
        ("drop-after: 1", "fault-invalid-argument"),
        ("drop-after:1000000001", "fault-invalid-argument"),
        ("drop-after:99999999999999999999", "fault-invalid-argument"),
        ("status:99", "fault-invalid-argument"),
        ("status:600", "fault-invalid-argument"),
        ("status:101", "fault-invalid-argument"),
        ("status:503,retry:2", "fault-invalid-argument"),
        ("status:503,retry-after:", "fault-invalid-argument"),
        ("close:1005", "fault-invalid-argument"),
        ("close:1006", "fault-invalid-argument"),
        ("close:999", "fault-invalid-argument"),
        ("close:5000", "fault-invalid-argument"),
        ("close:1000/", "fault-invalid-argument"),
        ("close:1000/x", "fault-invalid-argument"),
        ("drop-after:1@0", "fault-invalid-attempt"),
        ("drop-after:1@", "fault-invalid-attempt"),
        ("drop-after:1@-", "fault-invalid-attempt"),
        ("drop-after:1@2-3", "fault-invalid-attempt"),
        ("drop-after:1@x", "fault-invalid-attempt"),
    ]

    @Test("every documented kind parses to its fault and attempt selector", arguments: valid.indices)
    func validSpecParses(_ index: Int) throws {
        let (text, kind, attempts) = Self.valid[index]
        let spec = try FaultSpec.parse(text)
        #expect(spec.kind == kind)
        #expect(spec.attempts == attempts)
        #expect(spec.text == text)
    }

    @Test("an invalid spec is refused with its stable code and the spec in the message", arguments: invalid.indices)
    func invalidSpecIsRefused(_ index: Int) {
        let (text, code) = Self.invalid[index]
        #expect(throws: FaultSpecError.self) { try FaultSpec.parse(text) }
        do {
            _ = try FaultSpec.parse(text)
        } catch {
            #expect(error.code == code, "\(text)")
            #expect(error.message.contains("'\(text)'"))
        }
    }

    @Test("@K selects only attempt K, @K- attempt K and later, none every attempt")
    func attemptSelection() {
        #expect([1, 2, 3].map(FaultAttempts.only(2).contains) == [false, true, false])
        #expect([1, 2, 3].map(FaultAttempts.from(2).contains) == [false, true, true])
        #expect([1, 2, 3].map(FaultAttempts.all.contains) == [true, true, true])
    }

    @Test("per attempt the first spec of a kind wins and each selected spec is listed once")
    func attemptFaultsResolution() throws {
        let specs = try ["drop-after:5@1", "drop-after:2", "drip@2", "status:503@3"].map(FaultSpec.parse)
        let first = AttemptFaults(specs, attempt: 1)
        #expect(first.dropAfter == 5)
        #expect(first.active.map(\.text) == ["drop-after:5@1"])
        let second = AttemptFaults(specs, attempt: 2)
        #expect(second.dropAfter == 2)
        #expect(second.drip)
        #expect(second.active.map(\.text) == ["drop-after:2", "drip@2"])
        let third = AttemptFaults(specs, attempt: 3)
        #expect(third.status?.code == 503)
    }

    @Test("the event steps: drop-after:N sends N then drops; drop-mid:N cuts event N+1; forms at their slot")
    func eventSteps() throws {
        let dropAfter = AttemptFaults([try FaultSpec.parse("drop-after:2")], attempt: 1)
        #expect((0..<4).map(dropAfter.step(beforeEvent:)) == [.send(.normal), .send(.normal), .drop, .drop])
        let dropMid = AttemptFaults([try FaultSpec.parse("drop-mid:1")], attempt: 1)
        #expect((0..<2).map(dropMid.step(beforeEvent:)) == [.send(.normal), .sendHalfThenDrop])
        let forms = AttemptFaults(try ["garbage:0", "oversize:1", "bad-deflate:2", "close:1011/3"].map(FaultSpec.parse),
                                  attempt: 1)
        #expect((0..<4).map(forms.step(beforeEvent:))
                == [.send(.garbage), .send(.oversize), .send(.badDeflate), .close(code: 1011)])
        let stall = AttemptFaults([try FaultSpec.parse("stall:1")], attempt: 1)
        #expect((0..<3).map(stall.step(beforeEvent:)) == [.send(.normal), .stall, .stall])
    }
}
