import Foundation

/// `bench [--filter CODEC] [--case TEXT] [--json PATH] [--seconds S] [--wall]`: runs every suite (or those whose
/// codec matches the filter, and only cases whose name contains TEXT), prints a side-by-side table, and writes
/// JSON when asked.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "serve-sse-body" {
    HTTPStreamingBenchmarks.serve()
}

var filter: String?
var caseFilter: String?
var jsonPath: String?
var runner = Runner()
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--filter": filter = arguments.next()
    case "--case": caseFilter = arguments.next()
    case "--json": jsonPath = arguments.next()
    case "--wall": runner.wallClock = true
    case "--seconds": runner.minimumSeconds = Double(arguments.next() ?? "") ?? runner.minimumSeconds
    default:
        let usage = "usage: bench [--filter CODEC] [--case TEXT] [--json PATH] [--seconds S] [--wall]\n"
        FileHandle.standardError.write(Data(usage.utf8))
        exit(64)
    }
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

var results: [[String: Any]] = []
print("codec          case                                   ours MB/s  items/s     allocs/item | peer                          MB/s  items/s     allocs/item | speedup")
for suite in allSuites where filter == nil || suite.codec == filter {
    for benchmark in suite.makeCases() where caseFilter.map({ benchmark.name.contains($0) }) ?? true {
        guard let ours = runner.measure(benchmark.ours, benchmark: benchmark) else { continue }
        let peer = benchmark.peer.flatMap { runner.measure($0, benchmark: benchmark) }
        let speedup = peer.map { ours.itemsPerSecond / $0.itemsPerSecond }
        var line = benchmark.codec.padding(toLength: 14, withPad: " ", startingAt: 0) + " "
        line += benchmark.name.padding(toLength: 38, withPad: " ", startingAt: 0) + " "
        line += format(ours.megabytesPerSecond).leftPad(9) + "  " + format(ours.itemsPerSecond, 0).leftPad(10)
        line += "  " + format(ours.allocationsPerItem, 2).leftPad(8) + " | "
        if let peer {
            line += peer.name.padding(toLength: 26, withPad: " ", startingAt: 0)
            line += format(peer.megabytesPerSecond).leftPad(8) + "  " + format(peer.itemsPerSecond, 0).leftPad(10)
            line += "  " + format(peer.allocationsPerItem, 2).leftPad(8) + " | " + format(speedup ?? 0, 2) + "x"
        } else {
            line += "(no peer)"
        }
        print(line)
        var entry: [String: Any] = [
            "codec": benchmark.codec, "case": benchmark.name, "bytes": benchmark.bytes, "items": benchmark.items,
            "ours": ["mb_per_s": ours.megabytesPerSecond, "items_per_s": ours.itemsPerSecond,
                     "allocs_per_item": ours.allocationsPerItem],
        ]
        if let peer, let speedup {
            entry["peer"] = ["name": peer.name, "mb_per_s": peer.megabytesPerSecond, "items_per_s": peer.itemsPerSecond,
                             "allocs_per_item": peer.allocationsPerItem]
            entry["speedup"] = speedup
        }
        results.append(entry)
    }
}
if let jsonPath {
    let data = try JSONSerialization.data(withJSONObject: ["results": results], options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: jsonPath))
    print("wrote \(jsonPath)")
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
