/// A random source that yields chosen unit values in turn (cycling), so a test can state exactly which `U`
/// each jitter draws: `next()` returns `u·2⁶⁴`, whose top 53 bits are `u` for the dyadic values used here.
struct FixedUnits: RandomNumberGenerator, Sendable {
    var units: [Double]
    var index = 0

    init(_ units: [Double]) { self.units = units }

    mutating func next() -> UInt64 {
        let unit = units[index % units.count]
        index += 1
        return UInt64(unit * 0x1p64)
    }
}
