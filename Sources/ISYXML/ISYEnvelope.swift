import Codecs

extension ISYFrameDecoder {
    /// The `/api/events/subscribe` envelope `{"type":…,"data":…}`, read with the shared strict JSON reader.
    /// As pyisyox (Python `json`): the last of duplicate keys wins, other members are ignored; a `type` other than
    /// `event` is ignored; an `event` needs a string `data`, which is decoded as the XML document (error offsets
    /// then count from the start of the unescaped `data`).
    func decodeEnvelope<R>(_ message: UnsafeRawBufferPointer, _ body: (ISYFrame) -> R) throws(ISYEventError) -> R {
        var type: JSONString?
        var data: JSONString?
        var typeIsString = false
        var dataIsString = false
        var isObject = false
        do throws(JSONReaderError) {
            var reader = try JSONReader(message)
            if try reader.peek() == .object {
                isObject = true
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    if key.equals("type") {
                        typeIsString = try reader.peek() == .string
                        if typeIsString { type = try reader.readString() } else { try reader.skipValue() }
                    } else if key.equals("data") {
                        dataIsString = try reader.peek() == .string
                        if dataIsString { data = try reader.readString() } else { try reader.skipValue() }
                    } else {
                        try reader.skipValue()
                    }
                }
            } else {
                try reader.skipValue()
            }
            try reader.finish()
        } catch {
            throw ISYEventError(.envelopeJSON(code: error.code, message: error.message), offset: error.offset)
        }
        guard isObject, typeIsString, let type else { throw ISYEventError(.envelopeMalformed, offset: 0) }
        guard type.equals("event") else {
            return type.withUTF8 { body(.ignored($0)) }
        }
        guard dataIsString, let data else { throw ISYEventError(.envelopeMissingData, offset: 0) }
        if !data.hasEscapes {
            return try decoder.decode(data.rawBytes) { body(.event($0)) }
        }
        var decoded = data.string
        let result: Result<R, ISYEventError> = decoded.withUTF8 { utf8 in
            do throws(ISYEventError) {
                return .success(try decoder.decode(UnsafeRawBufferPointer(utf8)) { body(.event($0)) })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
