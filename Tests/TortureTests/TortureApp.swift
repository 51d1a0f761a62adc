import Foundation
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo

/// The app on an in-memory demo ward, driven through the in-memory backend (a small copy of
/// Tests/WardCaseAppTests/Support.swift's Harness).
final class AppDriver {
    let store: WardStore
    let backend: MemoryBackend
    let app: App
    let l: Localizer

    /// The demo ward, seeded once per process: hashing its passwords is the slow part.
    nonisolated(unsafe) private static var template: WardStore?

    static func demoCopy() throws -> WardStore {
        if template == nil {
            let t = try WardStore.inMemory()
            try DemoWard.seedIfEmpty(t, resources: ResourceLocator.directory())
            template = t
        }
        return try WardStore.inMemoryCopy(of: template!)
    }

    /// Signed in (the demo account is mapped to this OS user, as `wardcase --demo` does) and on
    /// the establishment list.
    init(width: Int, height: Int, language: Language = .vi) throws {
        store = try Self.demoCopy()
        try DemoWard.mapOSUser("tester", in: store)
        l = try Localizer.load(language, resources: ResourceLocator.directory())
        backend = MemoryBackend(width: width, height: height)
        app = App(context: try AppContext(store: store, localizer: l, osUser: "tester", isDemo: true), backend: backend)
        app.drain()
        press(.char("1"))
    }

    @discardableResult
    func press(_ keys: Key...) -> String {
        backend.enqueue(keys: keys)
        app.drain()
        return backend.screenText
    }

    @discardableResult
    func send(_ events: [Event]) -> String {
        backend.enqueue(events)
        app.drain()
        return backend.screenText
    }

    var screen: String { backend.screenText }
    var frame: Buffer? { backend.lastFrame }
}
