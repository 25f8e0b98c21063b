import Codecs
#if canImport(Glibc)
import Glibc
#endif
import ISYXML

/// The XML tokenizer's well-formedness verdict (strict mode, no limits in the way) against libxml2, the parser
/// behind FoundationXML's `XMLParser`, on inputs without a DTD (which we refuse by design) and without an
/// encoding declaration other than UTF-8 (we support UTF-8 only). Both must accept, or both must reject.
///
/// libxml2 is called directly (`xmlReadMemory`, the system `libxml2.so.2` FoundationXML links): `XMLParser` on
/// Linux answers true for documents libxml2 rejects at their end (`<a>`, `<a/><b/>`, `<a/>x`) or with recoverable
/// errors (`<a b=1/>`), and for empty data, so its verdict cannot serve as an oracle.
public enum XMLWellFormednessOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        // Foundation's XMLParser answers true for empty data without calling libxml2; XML requires a root.
        guard !input.isEmpty, input.count <= 4096, !contains(input, "<!DOCTYPE"), !contains(input, "<!ENTITY") else { return }
        var limits = XMLLimits()
        limits.maxDepth = 256
        limits.maxNameLength = 1 << 20
        let ours = verdict(input, options: XMLOptions(limits: limits))
        if ours == "xml-unsupported-encoding" { return }
        // A document declaring another encoding (e.g. ISO-8859-1) can fail our UTF-8 check before the declaration.
        if ours == "xml-invalid-utf8", contains(input, "encoding") { return }
        guard let theirs = libxml2Accepts(input) else { return }
        // libxml2 2.9 stops reading at a NUL after the root element and accepts (`<a/>\0x`); XML forbids NUL
        // everywhere, so there only libxml2's rejections are trusted.
        if theirs, ours != nil, input.contains(0) { return }
        // libxml2 accepts a version it cannot parse fully (`version="1."`: it reads `1.`, only warns); XML 1.0
        // §2.8 needs `VersionNum ::= '1.' [0-9]+`, which we enforce, so there only libxml2's rejections count.
        if theirs, ours == "xml-malformed-declaration", !declaresValidVersion(input) { return }
        // libxml2 parses with Namespaces in XML (a QName has at most one colon and an NCName after it:
        // `<a:b:9/>` fails); the tokenizer checks XML 1.0 names, where a colon is a name character, so for a
        // document with a colon only libxml2's acceptances count.
        if !theirs, ours == nil, contains(input, ":") { return }
        if (ours == nil) != theirs {
            throw FuzzViolation("tokenizer \(ours ?? "accepts"), libxml2 \(theirs ? "accepts" : "rejects")")
        }
    }

    /// Our verdict: nil when well-formed, else the error code.
    public static func verdict(_ input: UnsafeRawBufferPointer, options: XMLOptions) -> String? {
        do throws(XMLError) {
            try XMLTokenizer.withTokenizer(input, options: options) { (tokenizer: inout XMLTokenizer) throws(XMLError) in
                while try tokenizer.next() != .endOfDocument {}
            }
            return nil
        } catch {
            return error.code
        }
    }

    typealias ReadMemory = @convention(c) (UnsafePointer<CChar>?, CInt, UnsafePointer<CChar>?,
                                           UnsafePointer<CChar>?, CInt) -> OpaquePointer?
    typealias FreeDoc = @convention(c) (OpaquePointer?) -> Void

    /// `xmlReadMemory` and `xmlFreeDoc` from the system libxml2, when it can be loaded.
    nonisolated(unsafe) static let libxml2: (ReadMemory, FreeDoc)? = {
        guard let handle = dlopen("libxml2.so.2", RTLD_NOW),
              let read = dlsym(handle, "xmlReadMemory"), let free = dlsym(handle, "xmlFreeDoc") else { return nil }
        return (unsafeBitCast(read, to: ReadMemory.self), unsafeBitCast(free, to: FreeDoc.self))
    }()

    /// Whether libxml2 finds `input` well-formed (no network, no error printing, no recovery).
    public static func libxml2Accepts(_ input: UnsafeRawBufferPointer) -> Bool? {
        guard let (read, free) = libxml2 else { return nil }
        let noError: CInt = 32, noWarning: CInt = 64, noNetwork: CInt = 2048
        let document = input.withMemoryRebound(to: CChar.self) { chars in
            read(chars.baseAddress, CInt(chars.count), nil, nil, noError | noWarning | noNetwork)
        }
        guard let document else { return false }
        free(document)
        return true
    }

    /// Whether a declaration `<?xml S version Eq 'value'` (XML 1.0 §2.8, `Eq ::= S? '=' S?`) has a value that
    /// is `1.` and one or more digits; true when there is no such declaration.
    static func declaresValidVersion(_ input: UnsafeRawBufferPointer) -> Bool {
        let bytes = Array(input)
        func skipSpace(_ index: inout Int) {
            while index < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) { index += 1 }
        }
        func take(_ literal: String, _ index: inout Int) -> Bool {
            let text = Array(literal.utf8)
            guard bytes.count - index >= text.count, bytes[index..<(index + text.count)].elementsEqual(text) else { return false }
            index += text.count
            return true
        }
        var index = 0
        guard take("<?xml", &index) else { return true }
        skipSpace(&index)
        guard take("version", &index) else { return true }
        skipSpace(&index)
        guard take("=", &index) else { return true }
        skipSpace(&index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return true }
        let quote = bytes[index]
        guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return true }
        let value = bytes[(index + 1)..<end]
        return value.count >= 3 && value.first == UInt8(ascii: "1") && value.dropFirst().first == UInt8(ascii: ".")
            && value.dropFirst(2).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func contains(_ input: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard input.count >= count else { return false }
        for start in 0...(input.count - count) {
            var match = true
            for offset in 0..<count where input[start + offset] != needle.utf8Start[offset] {
                match = false
                break
            }
            if match { return true }
        }
        return false
    }
}
