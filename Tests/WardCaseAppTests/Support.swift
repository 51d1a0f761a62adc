import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo

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

/// Compares a screen's text and, below it, its styles (`Buffer.styleKey`) with the snapshot `name`.
func assertScreen(_ h: Harness, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    assertScreen(h.screen + "\n--- styles: " + Buffer.styleKey + "\n" + h.backend.screenStyles, name, file: file, line: line)
}

extension WardStore {
    /// A demo account by login ("demo" holds every role), for the other terminal a test plays.
    func demoAccount(_ login: String = DemoWard.everyRoleLogin) throws -> Account {
        try XCTUnwrap(account(login: login))
    }
}

/// An app on an in-memory database, driven through the in-memory backend like a person at a terminal.
final class Harness {
    let backend: MemoryBackend
    let app: App
    let store: WardStore

    /// The clock the app reads for the idle lock; tests move it forward.
    var now = Date(timeIntervalSince1970: 1_795_000_000)

    /// `demo`: the demo ward, signed in automatically as the every-role demo account, as `wardcase --demo` is.
    /// The app opens on the overview; `section` is the tab key a test starts from once signed in
    /// (the register by default, nil to stay on the overview).
    init(language: Language = .vi, demo: Bool = true, width: Int = 80, height: Int = 24, store: WardStore? = nil,
         osUser: String = "tester", section: Character? = "1") throws {
        let resources = try ResourceLocator.directory()
        if let store {
            self.store = store
        } else if demo {
            self.store = try WardStore.inMemoryCopy(of: Harness.demoTemplate())
            try DemoWard.mapOSUser(osUser, in: self.store)
        } else {
            self.store = try WardStore.inMemory()
        }
        backend = MemoryBackend(width: width, height: height)
        var clockBox: () -> Date = { Date() }
        let context = try AppContext(store: self.store, localizer: Localizer.load(language, resources: resources), osUser: osUser,
                                     isDemo: self.store.isDemo)
        app = App(context: context, backend: backend, clock: { clockBox() })
        clockBox = { [unowned self] in self.now }
        app.drain()
        if let section, !app.atGate { press(.char(section)) }
    }

    /// The demo ward, seeded once per test run: hashing its passwords is the slow part.
    nonisolated(unsafe) private static var template: WardStore?
    static func demoTemplate() throws -> WardStore {
        if let template { return template }
        // A fixed date, so that demo dates (made relative to "today") and screens never change with the calendar.
        let t = try WardStore.inMemory(clock: { Date(timeIntervalSince1970: 1_795_000_000) })
        try DemoWard.seedIfEmpty(t, resources: ResourceLocator.directory())
        template = t
        return t
    }

    /// Lets time pass without input, then lets the app notice (as its loop does every half second).
    func wait(seconds: Double) {
        now = now.addingTimeInterval(seconds)
        app.tick()
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

    /// Does what a person does to run `id` on the screen in front of them: presses its first key,
    /// as the screen declares it. A test names the action, not the key, so a key that moves
    /// does not leave tests pressing the old one.
    @discardableResult
    func perform(_ id: ActionID, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let key = app.actionsHere.first(where: { $0.id == id })?.keys.first else {
            XCTFail("no action \(id) on this screen:\n\(screen)", file: file, line: line)
            return screen
        }
        return press(key)
    }

    /// Moves to the form field `id` with Tab, as a person would.
    @discardableResult
    func focus(_ id: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        func form() -> FormState? { (app.current as? FormScreen)?.form }
        guard let fields = form()?.fields, let target = fields.firstIndex(where: { $0.id == id }) else {
            XCTFail("no field \(id) on this screen:\n\(screen)", file: file, line: line)
            return screen
        }
        for _ in fields.indices where form()?.focus != target { press(.tab) }
        XCTAssertEqual(form()?.focus, target, "Tab never reached \(id)", file: file, line: line)
        return screen
    }

    /// Moves to the form field `id`, clears it and types `text`: no counting Tabs.
    @discardableResult
    func fill(_ id: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        focus(id, file: file, line: line)
        press(.ctrl("u"))
        return type(text)
    }

    @discardableResult
    func send(_ event: Event) -> String {
        backend.enqueue([event])
        app.drain()
        return screen
    }
}
