/// A strict RFC 8259 JSON pull reader over borrowed bytes: the caller pulls the fields it needs and skips the
/// rest, without building a tree; `readValue()` materialises a `JSONValue` where a part is dynamic.
///
/// ## API
/// ```swift
/// var reader = try JSONReader(bytes)              // checks size and UTF-8 of the whole document up front
/// try reader.beginObject()                        // `{`; also beginArray() / nextElement() -> Bool for `[...]`
/// while let key = try reader.nextKey() {          // nil once `}` is consumed
///     if key.equals("type") { kind = try reader.readString().string }        // JSONString: zero-copy view
///     else if key.equals("id") { id = try reader.readInt64() }                // exact, or json-integer-out-of-range
///     else if key.equals("data") { data = try reader.readValue() }            // materialised JSONValue
///     else { try reader.skipValue() }                                         // validated, not built
/// }
/// try reader.finish()                             // only whitespace may follow the top-level value
/// ```
/// Scalars: `readString()`, `readNumber()` (literal text: exact big integers), `readInt64()`, `readUInt64()`,
/// `readDouble()`, `readBool()`, `readNull()`, `readNullIfPresent()`; `peek()` tells the next value's kind.
/// `JSONValue.parse(bytes)` reads a whole document in one call.
///
/// Strictness: UTF-8 is validated (no BOM, no overlongs, no encoded surrogates); numbers match the §6 grammar;
/// strings allow exactly the §7 escapes, `\u` surrogates only as high+low pairs, no raw control characters;
/// any value may be the top-level value; NaN/Infinity, comments and trailing commas are errors.
/// Limits (`JSONLimits`): document size, nesting depth, entries per container (for `readValue`/`skipValue`), and
/// number length. Duplicate keys: the pull API reports every member; `readValue` keeps the last value at the
/// first key's position (Python `json`/pydantic's rule). Errors are `JSONReaderError` at a byte offset.
///
/// The reader trusts its caller for the order of pulls (`nextKey()` before a member's value, and so on); with that
/// order kept, it accepts exactly the documents RFC 8259 accepts. Views it returns are valid while `bytes` is.
public struct JSONReader {
    /// The whole document.
    public let bytes: UnsafeRawBufferPointer
    /// Bounds enforced while reading.
    public let limits: JSONLimits
    /// Offset of `bytes[0]` in the enclosing stream, added to error offsets.
    public let baseOffset: Int
    /// Index of the next byte to read.
    public internal(set) var position: Int = 0
    /// Containers opened and not yet closed.
    public internal(set) var depth: Int = 0
    /// True right after `{` or `[`, when the next member needs no comma before it.
    var justOpened = false

    /// Prepares to read `bytes`, failing early when it is too large or not UTF-8.
    public init(
        _ bytes: UnsafeRawBufferPointer, limits: JSONLimits = JSONLimits(), baseOffset: Int = 0
    ) throws(JSONReaderError) {
        self.bytes = bytes
        self.limits = limits
        self.baseOffset = baseOffset
        guard bytes.count <= limits.maxDocumentSize else {
            throw JSONReaderError(.documentTooLarge(size: bytes.count, limit: limits.maxDocumentSize), offset: baseOffset)
        }
        do throws(UTF8ValidationError) {
            try UTF8Validation.validate(bytes, baseOffset: baseOffset)
        } catch {
            throw JSONReaderError(.invalidUTF8, offset: error.offset ?? baseOffset)
        }
    }

    /// Copies the reader state onto already-validated bytes (see `subReader`).
    init(validated bytes: UnsafeRawBufferPointer, limits: JSONLimits, baseOffset: Int) {
        self.bytes = bytes
        self.limits = limits
        self.baseOffset = baseOffset
    }

    /// A reader over `range` of this document, e.g. a value whose bounds were noted while skipping it, so a
    /// caller can come back to it once it knows how to read it. Same limits; UTF-8 is not checked again.
    public func subReader(_ range: Range<Int>) -> JSONReader {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return JSONReader(
            validated: UnsafeRawBufferPointer(rebasing: bytes[lower..<upper]), limits: limits,
            baseOffset: baseOffset &+ lower)
    }

    // MARK: Structure

    /// The kind of the next value, without consuming it.
    @inline(__always) public mutating func peek() throws(JSONReaderError) -> JSONKind {
        let byte = try nextNonWhitespace()
        guard let kind = Self.kind(startingWith: byte) else { throw error(.unexpectedByte(expected: "a value")) }
        return kind
    }

    /// Consumes the `{` that opens an object.
    @inline(__always) public mutating func beginObject() throws(JSONReaderError) {
        try expectValue(.object)
        try open()
        position &+= 1
    }

    /// Consumes the `[` that opens an array.
    @inline(__always) public mutating func beginArray() throws(JSONReaderError) {
        try expectValue(.array)
        try open()
        position &+= 1
    }

    /// The next member's key (its `:` consumed, the value next), or nil when `}` closed the object.
    @inline(__always) public mutating func nextKey() throws(JSONReaderError) -> JSONString? {
        var byte = try nextNonWhitespace()
        if byte == UInt8(ascii: "}") {
            position &+= 1
            close()
            return nil
        }
        if justOpened {
            justOpened = false
        } else {
            guard byte == UInt8(ascii: ",") else { throw error(.unexpectedByte(expected: "',' or '}'")) }
            position &+= 1
            byte = try nextNonWhitespace()
        }
        guard byte == UInt8(ascii: "\"") else { throw error(.unexpectedByte(expected: "a string key")) }
        let key = try scanString()
        guard try nextNonWhitespace() == UInt8(ascii: ":") else { throw error(.unexpectedByte(expected: "':'")) }
        position &+= 1
        return key
    }

    /// True when another element follows (its value next), false when `]` closed the array.
    @inline(__always) public mutating func nextElement() throws(JSONReaderError) -> Bool {
        let byte = try nextNonWhitespace()
        if byte == UInt8(ascii: "]") {
            position &+= 1
            close()
            return false
        }
        if justOpened {
            justOpened = false
            return true
        }
        guard byte == UInt8(ascii: ",") else { throw error(.unexpectedByte(expected: "',' or ']'")) }
        position &+= 1
        guard try nextNonWhitespace() != UInt8(ascii: "]") else { throw error(.unexpectedByte(expected: "a value")) }
        return true
    }

    /// Checks that only whitespace follows the top-level value.
    public mutating func finish() throws(JSONReaderError) {
        skipWhitespace()
        guard position == bytes.count, depth == 0 else { throw error(.trailingData) }
    }

    // MARK: Scalars

    /// The next value, which must be a string, as a view into the input.
    @inline(__always) public mutating func readString() throws(JSONReaderError) -> JSONString {
        try expectValue(.string)
        return try scanString()
    }

    /// The next value, which must be a number, as its literal text.
    public mutating func readNumber() throws(JSONReaderError) -> JSONNumber {
        let (start, end, isInteger) = try scanNumberValue()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return JSONNumber(validatedText: text, isInteger: isInteger)
    }

    /// The next value as an exact `Int64`: an integer literal in range, else `json-integer-out-of-range`.
    public mutating func readInt64() throws(JSONReaderError) -> Int64 {
        let (start, end, isInteger) = try scanNumberValue()
        guard isInteger, let value = JSONNumber.parseInt64(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
            throw JSONReaderError(.integerOutOfRange, offset: baseOffset &+ start)
        }
        return value
    }

    /// The next value as an exact `UInt64`: a non-negative integer literal in range.
    public mutating func readUInt64() throws(JSONReaderError) -> UInt64 {
        let (start, end, isInteger) = try scanNumberValue()
        guard isInteger, let value = JSONNumber.parseUInt64(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
            throw JSONReaderError(.integerOutOfRange, offset: baseOffset &+ start)
        }
        return value
    }

    /// The next value, a number, as the nearest `Double` (±infinity beyond its range).
    public mutating func readDouble() throws(JSONReaderError) -> Double {
        try readNumber().double
    }

    /// The next value, which must be `true` or `false`.
    public mutating func readBool() throws(JSONReaderError) -> Bool {
        try expectValue(.bool)
        if bytes[position] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// The next value, which must be `null`.
    public mutating func readNull() throws(JSONReaderError) {
        try expectValue(.null)
        try literal("null")
    }

    /// Consumes a `null` and returns true, or returns false (consuming nothing) when another value follows.
    public mutating func readNullIfPresent() throws(JSONReaderError) -> Bool {
        guard try nextNonWhitespace() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    // MARK: Whole values

    /// Validates the next value completely and moves past it, building nothing.
    public mutating func skipValue() throws(JSONReaderError) {
        switch try peek() {
        case .object:
            try open()
            position &+= 1
            var count = 0
            while try nextKey() != nil {
                count &+= 1
                try checkCount(count)
                try skipValue()
            }
        case .array:
            try open()
            position &+= 1
            var count = 0
            while try nextElement() {
                count &+= 1
                try checkCount(count)
                try skipValue()
            }
        case .string: _ = try scanString()
        case .number: _ = try scanNumberValue()
        case .bool: _ = try readBool()
        case .null: try literal("null")
        }
    }

    /// Reads the next value, which must be an object, into its members (as `readValue` would).
    public mutating func readObjectMembers() throws(JSONReaderError) -> [JSONMember] {
        var keys = JSONKeyCache()
        return try readObjectMembers(keyCache: &keys)
    }

    /// Reads the next value, which must be an object, into its members, taking repeated keys' strings from
    /// `keyCache` (pass the same cache for every object of a stream).
    public mutating func readObjectMembers(keyCache: inout JSONKeyCache) throws(JSONReaderError) -> [JSONMember] {
        try beginObject()
        return try readMembers(keyCache: &keyCache)
    }

    /// Fails with `json-container-too-large` at the current position when `count` exceeds
    /// `JSONLimits.maxContainerCount`, for callers that materialise a container through the pull API.
    public func checkContainerCount(_ count: Int) throws(JSONReaderError) {
        try checkCount(count)
    }

    /// Reads the next value into a `JSONValue` (duplicate keys: last value, first position).
    public mutating func readValue() throws(JSONReaderError) -> JSONValue {
        var keys = JSONKeyCache()
        return try readValue(keyCache: &keys)
    }

    /// Reads the next value into a `JSONValue`, taking repeated object keys' strings from `keyCache`.
    public mutating func readValue(keyCache: inout JSONKeyCache) throws(JSONReaderError) -> JSONValue {
        switch try peek() {
        case .object:
            try open()
            position &+= 1
            return .object(try readMembers(keyCache: &keyCache))
        case .array:
            try open()
            position &+= 1
            var elements: [JSONValue] = []
            while try nextElement() {
                try checkCount(elements.count &+ 1)
                elements.append(try readValue(keyCache: &keyCache))
            }
            return .array(elements)
        case .string: return .string(try scanString().string)
        case .number: return .number(try readNumber())
        case .bool: return .bool(try readBool())
        case .null:
            try literal("null")
            return .null
        }
    }

    /// The members of an object whose `{` was consumed, through its `}` (duplicate keys: last value, first
    /// position). Short keys are found again by fingerprint; room for a few members is reserved up front.
    mutating func readMembers(keyCache: inout JSONKeyCache) throws(JSONReaderError) -> [JSONMember] {
        var members: [JSONMember] = []
        var index: [ExactStringKey: Int]? = nil
        // Fingerprints of the first `linearMemberScanLimit` keys (decoded bytes), for duplicate detection.
        var fingerprints = InlineArray<16, JSONKeyFingerprint>(repeating: .unmatchable(length: 0))
        while let key = try nextKey() {
            try checkCount(members.count &+ 1)
            let (name, fingerprint) = keyCache.entry(for: key)
            let value = try readValue(keyCache: &keyCache)
            let existing: Int?
            if members.count < Self.linearMemberScanLimit {
                if let fingerprint {
                    var found: Int? = nil
                    var position = 0
                    while position < members.count {
                        if fingerprints[position] == fingerprint {
                            found = position
                            break
                        }
                        position &+= 1
                    }
                    existing = found
                } else {
                    existing = Self.memberIndex(of: name, in: members, index: &index)
                }
            } else {
                existing = Self.memberIndex(of: name, in: members, index: &index)
            }
            if let existing {
                members[existing].value = value
            } else {
                if members.isEmpty { members.reserveCapacity(Self.initialMemberCapacity) }
                if members.count < Self.linearMemberScanLimit {
                    fingerprints[members.count] = fingerprint ?? .unmatchable(length: name.utf8.count)
                }
                index?[ExactStringKey(name)] = members.count
                members.append(JSONMember(name, value))
            }
        }
        return members
    }

    /// Members reserved when an object gets its first one (typical event payloads have about eight).
    static let initialMemberCapacity = 8

    /// Whether two keys are the same code points; lengths first, so most pairs differ without a byte loop.
    @inline(__always) static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// Objects up to this many members find duplicates by linear scan; larger ones build a key index.
    static let linearMemberScanLimit = 16

    /// Keys compare by code points (`ExactStringKey`), as Python's dict does, not by canonical equivalence.
    static func memberIndex(of name: String, in members: [JSONMember], index: inout [ExactStringKey: Int]?) -> Int? {
        if let index { return index[ExactStringKey(name)] }
        if members.count < linearMemberScanLimit {
            return members.firstIndex(where: { sameKey($0.key, name) })
        }
        var built: [ExactStringKey: Int] = [:]
        for (position, member) in members.enumerated() { built[ExactStringKey(member.key)] = position }
        index = built
        return built[ExactStringKey(name)]
    }
}
