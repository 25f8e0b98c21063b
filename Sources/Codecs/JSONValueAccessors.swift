/// Typed reads of a `JSONValue` for code that walks documents it did not model (fixture manifests, scenario
/// files, recordings): each is nil when the value has another type.
extension JSONValue {
    /// The members when this is an object.
    public var objectMembers: [JSONMember]? {
        guard case let .object(members) = self else { return nil }
        return members
    }

    /// The text when this is a string.
    public var stringValue: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    /// The flag when this is `true` or `false`.
    public var boolValue: Bool? {
        guard case let .bool(flag) = self else { return nil }
        return flag
    }

    /// The value when this is an integer literal that fits `Int`.
    public var intValue: Int? {
        guard case let .number(number) = self, number.isInteger, let wide = number.int64 else { return nil }
        return Int(exactly: wide)
    }

    /// The value of any number literal as a binary64.
    public var doubleValue: Double? {
        guard case let .number(number) = self else { return nil }
        return number.double
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        guard case let .array(elements) = self else { return nil }
        return elements
    }
}
