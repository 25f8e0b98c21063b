/// eisy/IoX XML event decoder on a small safe XML tokenizer, sans-I/O.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum ISYXMLModule {}
