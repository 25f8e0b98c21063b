@testable import EventStreamer
import Testing

/// Floats print as Python's `repr` (expected strings from CPython 3 `repr(x)`).
@Suite struct PythonFloatFormatTests {
    @Test(arguments: [
        (1.5, "1.5"), (1e16, "1e+16"), (1e-7, "1e-07"), (0.0001, "0.0001"),
        (1234567890123456.0, "1234567890123456.0"), (12345678901234567.0, "1.2345678901234568e+16"),
        (0.30000000000000004, "0.30000000000000004"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-2.5e-05, "-2.5e-05"), (100.0, "100.0"),
        (1e15, "1000000000000000.0"), (123.456, "123.456"), (9007199254740992.0, "9007199254740992.0"),
        (1.5e-323, "1.5e-323"), (1e22, "1e+22"), (1e21, "1e+21"), (0.0, "0.0"), (-0.0, "-0.0"),
    ])
    func doublesPrintAsPythonRepr(value: Double, expected: String) {
        #expect(PythonFloatFormat.repr(value) == expected)
    }
}
