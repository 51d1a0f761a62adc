import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

/// Compares a screen with the text file Tests/WardCaseAppTests/Snapshots/<name>.txt.
/// UPDATE_SNAPSHOTS=1 writes the files anew; review the diff like code.
func assertScreen(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("No snapshot \(name).txt; run with UPDATE_SNAPSHOTS=1 to record it. Screen was:\n\(actual)", file: file, line: line)
        return
    }
    if expected != actual + "\n" {
        XCTFail("Screen differs from \(name).txt\n--- expected\n\(expected)--- actual\n\(actual)\n", file: file, line: line)
    }
}

/// An app on an in-memory database, driven through the in-memory backend like a person at a terminal.
final class Harness {
    let backend: MemoryBackend
    let app: App
    let store: WardStore

    init(language: Language = .vi, demo: Bool = true, width: Int = 80, height: Int = 24, store: WardStore? = nil) throws {
        let resources = try ResourceLocator.directory()
        self.store = try store ?? WardStore.inMemory()
        if demo { try DemoWard.seedIfEmpty(self.store, resources: resources) }
        backend = MemoryBackend(width: width, height: height)
        app = App(context: try AppContext(store: self.store, localizer: Localizer.load(language, resources: resources)),
                  backend: backend)
        app.drain()
    }

    var screen: String { backend.screenText }

    @discardableResult
    func press(_ keys: Key...) -> String {
        backend.enqueue(keys: keys)
        app.drain()
        return screen
    }

    @discardableResult
    func type(_ text: String) -> String {
        backend.type(text)
        app.drain()
        return screen
    }

    @discardableResult
    func send(_ event: Event) -> String {
        backend.enqueue([event])
        app.drain()
        return screen
    }
}
