import XCTest

/// The module graph the README draws is the one the sources import: a module that starts
/// importing another (the core the terminal layer, the reports the app) fails here until the
/// README says so, and the README cannot promise what the code does not keep.
final class ArchitectureTests: XCTestCase {
    func testTheReadmeGraphIsTheImportGraph() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let fm = FileManager.default
        let modules = try fm.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }.sorted()

        var imported: [String: Set<String>] = [:]
        for module in modules {
            var found = Set<String>()
            let folder = sources.appendingPathComponent(module)
            for case let file as String in fm.enumerator(atPath: folder.path) ?? FileManager.DirectoryEnumerator() where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    guard let i = words.firstIndex(of: "import"), words[..<i].allSatisfy({ $0.hasPrefix("@") }), i + 1 < words.count else { continue }
                    if modules.contains(words[i + 1]) { found.insert(words[i + 1]) }
                }
            }
            imported[module] = found
        }

        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var drawn: [String: Set<String>] = [:]
        for line in readme.split(separator: "\n") where line.contains(" -> ") {
            let parts = line.components(separatedBy: " -> ")
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard modules.contains(name) else { continue }
            drawn[name] = Set(parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter(modules.contains))
        }

        for module in modules where !module.hasPrefix("C") {
            XCTAssertEqual(drawn[module], imported[module], "\(module): the README's graph and the imports differ")
        }
        XCTAssertFalse(imported["WardCaseCore", default: []].contains("TerminalKit"))
        XCTAssertFalse(imported["WardCaseReports", default: []].contains("TerminalKit"))
    }
}
