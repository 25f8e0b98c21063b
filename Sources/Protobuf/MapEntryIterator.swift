/// The entries of a map field as key and value message, each entry read in one scan; the non-generic core of
/// `MapEntriesView`. An entry holding a field other than `key = 1` and `value = 2` (both length-delimited) is
/// skipped: upb keeps it as an unknown field of the parent. The last key wins; several values merge.
@usableFromInline struct MapEntryIterator {
    var entries: RepeatedFieldView.Iterator

    @usableFromInline init(message: MessageView, field: UInt32) {
        entries = RepeatedFieldView(message: message, field: field).makeIterator()
    }

    @usableFromInline mutating func next() -> (key: ProtobufString, value: MessageView?, start: Int)? {
        while let bytes = entries.next() {
            var key: Range<Int>?
            var value: Range<Int>?
            var values = 0
            var unknown = false
            MessageView(bytes).scan { number, wireType, reader in
                guard wireType == .lengthDelimited, number == 1 || number == 2 else {
                    unknown = true
                    return false
                }
                guard let payload = try? reader.readLengthDelimited() else { return false }
                if number == 1 {
                    key = payload
                } else {
                    value = payload
                    values &+= 1
                }
                return true
            }
            guard !unknown else { continue }
            let storage = bytes.storage
            let keyText = key.map { ProtobufString(utf8: ProtobufBytes(storage: storage, range: $0)) } ?? .empty
            // Several value fields: their merge, which `MessageView.message` builds.
            let valueMessage = values > 1 ? MessageView(bytes).message(2)
                : value.map { MessageView(ProtobufBytes(storage: storage, range: $0)) }
            return (keyText, valueMessage, bytes.range.lowerBound)
        }
        return nil
    }
}
