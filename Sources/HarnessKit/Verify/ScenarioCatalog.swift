import Foundation

/// Finds scenario files (docs/VERIFY.md): every `Scenarios/<service>/<name>.json`, selected by name patterns
/// with `*` and `?`, or files and folders given as paths.
public enum ScenarioCatalog {
    /// The scenarios `patterns` select under `root` (none: all), sorted by name, each loaded or failed; with a
    /// `shard`, only the selected names that belong to it (docs/SHARDING.md).
    public static func select(_ patterns: [String], root: String = "Scenarios", shard: Shard? = nil) -> [Result<Scenario, ScenarioLoadFailure>] {
        var files: [(name: String, path: String)] = []
        let catalogue = all(under: root)
        if patterns.isEmpty { files = catalogue }
        for pattern in patterns {
            var isFolder: ObjCBool = false
            if pattern.hasSuffix(".json"), FileManager.default.fileExists(atPath: pattern) {
                files.append((name: pattern, path: pattern))
            } else if FileManager.default.fileExists(atPath: pattern, isDirectory: &isFolder), isFolder.boolValue {
                files += all(under: pattern)
            } else {
                files += catalogue.filter { matches(pattern, $0.name) }
            }
        }
        var seen = Set<String>()
        let chosen = files.filter { seen.insert($0.path).inserted && (shard?.contains($0.name) ?? true) }
        return chosen.map { file in
            do throws(ScenarioError) {
                return .success(try ScenarioParser.load(path: file.path, name: file.name))
            } catch {
                return .failure(ScenarioLoadFailure(name: file.name, error: error))
            }
        }
    }

    /// `<service>/<name>` for every `.json` two levels under `root`, sorted.
    static func all(under root: String) -> [(name: String, path: String)] {
        let manager = FileManager.default
        var found: [(name: String, path: String)] = []
        for folder in ((try? manager.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            let path = root + "/" + folder
            for file in ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted() where file.hasSuffix(".json") {
                found.append((name: folder + "/" + String(file.dropLast(5)), path: path + "/" + file))
            }
        }
        return found
    }

    /// Glob match of `*` (any run) and `?` (one character).
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var table = [[Bool]](repeating: [Bool](repeating: false, count: n.count + 1), count: p.count + 1)
        table[0][0] = true
        for i in 1...max(1, p.count) where i <= p.count && p[i - 1] == "*" { table[i][0] = table[i - 1][0] }
        for i in stride(from: 1, through: p.count, by: 1) {
            for j in stride(from: 1, through: n.count, by: 1) {
                switch p[i - 1] {
                case "*": table[i][j] = table[i - 1][j] || table[i][j - 1]
                case "?": table[i][j] = table[i - 1][j - 1]
                default: table[i][j] = table[i - 1][j - 1] && p[i - 1] == n[j - 1]
                }
            }
        }
        return table[p.count][n.count]
    }
}
