/// Where each field numbered 1...15 of one message occurred, recorded in one pass over it (the validating pass for
/// a top-level message, one scan for an embedded one) so that a typed view reads any field without rescanning
/// the message. Fixed-size inline storage: no heap, and copying a view copies its index.
///
/// A slot keeps its field's last occurrence (value range), the tag position of the first one, and how many
/// occurred (saturating). Every top-level record counts, known or not (groups aside, which no read looks at). A
/// slot whose field arrived with two wire types is marked mixed, and an offset past 32 bits makes the whole index
/// inexact: `covers` is then false and readers fall back to scanning.
struct FieldIndex: Sendable {
    /// One field's occurrences. Offsets are indices into the message storage; 0 never starts a value.
    struct Slot: Sendable {
        /// Value of the last occurrence: the payload for length-delimited fields, the value bytes otherwise.
        var start: UInt32 = 0
        var end: UInt32 = 0
        /// Tag position of the first occurrence (where iterating a repeated field starts).
        var firstTag: UInt32 = 0
        /// Occurrences, saturating at `UInt16.max`.
        var count: UInt16 = 0
        /// The wire type of every occurrence, or `Slot.mixed`.
        var wireType: UInt8 = 0

        /// `wireType` of a field that arrived with two wire types.
        static let mixed: UInt8 = 0xFF
    }

    /// Highest field number indexed.
    static let maxField: UInt32 = 15

    private var slots: (Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot) =
        (Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(),
         Slot(), Slot(), Slot())

    /// False when an offset did not fit 32 bits: read by scanning instead.
    private(set) var isExact = true

    init() {}

    /// Indexes `message` in one scan (for embedded messages, which the validating pass does not index).
    init(scanning message: MessageView) {
        var index = FieldIndex()
        let range = message.bytes.range
        message.bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = range.lowerBound
            reader.end = range.upperBound
            while true {
                let tagStart = reader.position
                guard let tag = try? reader.readTag() else { return }
                let valueStart = reader.position
                if tag.wireType == .lengthDelimited {
                    guard let payload = try? reader.readLengthDelimited() else { return }
                    index.record(tag.field, tag.wireType, tagStart: tagStart, value: payload)
                    continue
                }
                do throws(ProtobufError) {
                    try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: Int.max,
                                         recursionLimit: Int.max)
                } catch { return }
                if tag.wireType != .startGroup {
                    index.record(tag.field, tag.wireType, tagStart: tagStart, value: valueStart..<reader.position)
                }
            }
        }
        self = index
    }

    /// Notes one occurrence of field `number` whose tag starts at `tagStart` and whose value is `value` (the
    /// payload of a length-delimited record, the value bytes otherwise). Occurrences must come in wire order.
    @inline(__always) mutating func record(_ number: UInt32, _ wireType: WireType, tagStart: Int, value: Range<Int>) {
        guard number >= 1, number <= Self.maxField else { return }
        guard value.upperBound <= Int(UInt32.max) else {
            isExact = false
            return
        }
        let wire = wireType.rawValue
        // A homogeneous tuple is laid out as contiguous elements; `number` is within 1...15 (the guard above).
        withUnsafeMutablePointer(to: &slots) { tuple in
            tuple.withMemoryRebound(to: Slot.self, capacity: 16) { slots in
                let index = Int(number)
                var slot = slots[index]
                if slot.count == 0 {
                    slot.firstTag = UInt32(truncatingIfNeeded: tagStart)
                    slot.wireType = wire
                } else if slot.wireType != wire {
                    slot.wireType = Slot.mixed
                }
                slot.start = UInt32(truncatingIfNeeded: value.lowerBound)
                slot.end = UInt32(truncatingIfNeeded: value.upperBound)
                // Bounded: the guard keeps it below UInt16.max.
                if slot.count < UInt16.max { slot.count &+= 1 }
                slots[index] = slot
            }
        }
    }

    /// The slot of field `number` (an empty slot outside 1...15).
    @inline(__always) subscript(number: UInt32) -> Slot {
        guard number >= 1, number <= Self.maxField else { return Slot() }
        return withUnsafePointer(to: slots) { tuple in
            tuple.withMemoryRebound(to: Slot.self, capacity: 16) { $0[Int(number)] }
        }
    }

    /// True when reads of field `number` can come from the index: it is numbered 1...15, every offset fit, and
    /// all its occurrences had one wire type.
    @inline(__always) func covers(_ number: UInt32) -> Bool {
        isExact && number >= 1 && number <= Self.maxField && self[number].wireType != Slot.mixed
    }
}
