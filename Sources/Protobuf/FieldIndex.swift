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

    /// Lane `n` of each vector describes field `n` (lane 0 unused): inline storage, no heap. SIMD vectors
    /// because they index with one load: in Swift 6.3 an `InlineArray` or tuple read at a dynamic index copied
    /// or loaded the whole 256-byte table (seen in the assembly and as memmove in the benchmark's profile).
    private var starts = SIMD16<UInt32>()
    private var ends = SIMD16<UInt32>()
    private var firstTags = SIMD16<UInt32>()
    private var counts = SIMD16<UInt16>()
    private var wireTypes = SIMD16<UInt8>()

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
        let lane = Int(number)
        let count = counts[lane]
        if count == 0 {
            Self.set(&firstTags, lane, UInt32(truncatingIfNeeded: tagStart))
            Self.set(&wireTypes, lane, wire)
        } else if wireTypes[lane] != wire {
            Self.set(&wireTypes, lane, Slot.mixed)
        }
        Self.set(&starts, lane, UInt32(truncatingIfNeeded: value.lowerBound))
        Self.set(&ends, lane, UInt32(truncatingIfNeeded: value.upperBound))
        // Saturating: a message may repeat a field more than 65,535 times.
        if count < UInt16.max { Self.set(&counts, lane, count &+ 1) }
    }

    /// Stores `value` in lane `lane` (0...15) of `vector` with one store: the SIMD subscript setter reloaded and
    /// rewrote the whole vector through the stack (over half of the validating pass's time, in its profile).
    @inline(__always) private static func set<Vector: SIMD>(_ vector: inout Vector, _ lane: Int, _ value: Vector.Scalar) {
        withUnsafeMutableBytes(of: &vector) { bytes in
            bytes.storeBytes(of: value, toByteOffset: (lane & 15) &* MemoryLayout<Vector.Scalar>.stride,
                             as: Vector.Scalar.self)
        }
    }

    /// The slot of field `number` (an empty slot outside 1...15).
    @inline(__always) subscript(number: UInt32) -> Slot {
        guard number >= 1, number <= Self.maxField else { return Slot() }
        let lane = Int(number)
        return Slot(start: starts[lane], end: ends[lane], firstTag: firstTags[lane], count: counts[lane],
                    wireType: wireTypes[lane])
    }

    /// The value range of field `number`'s last occurrence when it occurred with wire type `wire` (nil otherwise),
    /// read lane by lane: building a whole `Slot` made the optimiser load every vector.
    @inline(__always) func lastValue(_ number: UInt32, wire: UInt8) -> Range<Int>? {
        guard number >= 1, number <= Self.maxField else { return nil }
        let lane = Int(number)
        guard wireTypes[lane] == wire, counts[lane] > 0 else { return nil }
        let start = Int(starts[lane])
        let end = Int(ends[lane])
        guard start <= end else { return nil }
        return start..<end
    }

    /// Tag position of field `number`'s first occurrence and where its last value starts (zeros outside 1...15).
    @inline(__always) func positions(of number: UInt32) -> (firstTag: Int, lastStart: UInt32) {
        guard number >= 1, number <= Self.maxField else { return (0, 0) }
        return (Int(firstTags[Int(number)]), starts[Int(number)])
    }

    /// How many times field `number` occurred (0 outside 1...15).
    @inline(__always) func count(of number: UInt32) -> UInt16 {
        guard number >= 1, number <= Self.maxField else { return 0 }
        return counts[Int(number)]
    }

    /// The wire type of field `number`'s occurrences (`Slot.mixed` for two; 0 when absent or outside 1...15).
    @inline(__always) func wireType(of number: UInt32) -> UInt8 {
        guard number >= 1, number <= Self.maxField else { return 0 }
        return wireTypes[Int(number)]
    }

    /// True when reads of field `number` can come from the index: it is numbered 1...15, every offset fit, and
    /// all its occurrences had one wire type.
    @inline(__always) func covers(_ number: UInt32) -> Bool {
        isExact && number >= 1 && number <= Self.maxField && wireType(of: number) != Slot.mixed
    }
}
