/// Media type handling for response checks (RFC 9110 §8.3.1).
public enum MediaType {
    /// The `type/subtype` of a `Content-Type` value, lower-cased, without parameters or surrounding
    /// whitespace; nil when the value has no `/`.
    public static func essence(of value: String) -> String? {
        let head = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = head.trimmingCharacters(in: " \t")
        guard trimmed.contains("/") else { return nil }
        return trimmed.lowercased()
    }

    /// Whether `contentType` (a header value or nil when absent) is one of `accepted`; nil `accepted` takes any.
    public static func contentType(_ contentType: String?, isIn accepted: [String]?) -> Bool {
        guard let accepted else { return true }
        guard let contentType, let essence = essence(of: contentType) else { return false }
        return accepted.contains(essence)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}
