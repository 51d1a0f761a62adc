import XCTest
import GRDB
@testable import WardCaseCore

/// Long work counts what it has done and stops cleanly, having written nothing, when cancelled.
final class ProgressTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("ward.sqlite").path }
    let l = try! Localizer.load(.vi, resources: ResourceLocator.directory())

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A ward with `n` establishments, on disk.
    func ward(_ n: Int) throws -> WardStore {
        let store = try WardStore.open(path: path)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        _ = try store.everyRole()
        try store.write { db in
            for i in 0..<n { _ = try WardStore.insert(db, Establishment(name: "Nhà nghỉ số \(i)", typeId: 2, street: "\(i) Láng Hạ"), at: Date(), by: .system) }
        }
        return store
    }

    func count(_ store: WardStore) throws -> Int { try store.countEstablishments(EstablishmentQuery(language: .vi)) }

    /// Cancels once `after` states have been heard; keeps every state it heard.
    final class Canceller {
        var heard: [WorkProgress.State] = []
        let after: Int
        init(after: Int) { self.after = after }
        var progress: WorkProgress {
            WorkProgress(every: 0) { [self] state in heard.append(state); return heard.count < after }
        }
    }

    func testTheCountAndTimeLeftReadAsAPersonSaysThem() {
        XCTAssertEqual(WorkProgress.State(done: 1234, total: 20000, elapsed: 0.1).describe(l), "1.234/20.000")
        XCTAssertEqual(WorkProgress.State(done: 5000, total: 20000, elapsed: 1).describe(l), "5.000/20.000 · còn khoảng 3 giây")
        XCTAssertEqual(WorkProgress.State(done: 1, total: 100, elapsed: 10).describe(l), "1/100 · còn khoảng 17 phút")
        XCTAssertEqual(WorkProgress.State(done: 7_667_712, total: 26_338_847, elapsed: 0.1, unit: .bytes).describe(l), "7.488/25.721 KB",
                       "a streamed import counts its file's bytes, in KB")
        XCTAssertEqual(WorkProgress.State(done: 0, total: 0, elapsed: 3).fraction, 0, "no work known yet is 0%, not a division by zero")
        XCTAssertNil(WorkProgress.State(done: 0, total: 10, elapsed: 3).remaining, "no pace yet: no guess")
    }

    func testTheObserverHearsAtMostEveryFiftyMillisecondsAndCanStopTheWork() throws {
        var heard = 0
        let p = WorkProgress(total: 1_000_000) { _ in heard += 1; return heard < 3 }
        for _ in 0..<1000 { try p.advance() }
        XCTAssertEqual(heard, 1, "a thousand quick steps are one redraw, not a thousand")
        try p.tell()
        XCTAssertThrowsError(try p.tell()) { XCTAssertEqual($0 as? WardError, .cancelled) }
        XCTAssertEqual(WardError.cancelled.message(l), "Đã hủy; không có gì thay đổi.")
    }

    func testACancelledImportAddsNothing() throws {
        let store = try ward(0)
        var rows = [["Tên cơ sở", "Loại hình", "Địa chỉ"]]
        for i in 0..<300 { rows.append(["Karaoke \(i)", "Karaoke", "\(i) Phố Huế"]) }
        let plan = try EstablishmentImport.plan(rows, store: store, l: l)
        let tester = try store.everyRole()
        let c = Canceller(after: 1)
        XCTAssertThrowsError(try store.apply(plan, strict: false, by: tester, progress: c.progress)) {
            XCTAssertEqual($0 as? WardError, .cancelled)
        }
        XCTAssertEqual(try count(store), 0, "the rows written before Esc were rolled back")
        let counted = WorkProgress(observer: { _ in true })
        try store.apply(plan, strict: false, by: tester, progress: counted)
        XCTAssertEqual(counted.done, 300)
        XCTAssertEqual(counted.total, 300)
        XCTAssertEqual(try count(store), 300)
    }

    func testACancelledBackupLeavesNoFileAndACancelledRestoreChangesNothing() throws {
        let store = try ward(3000)   // many pages, so that the copy takes several steps
        let tester = try store.everyRole()
        let target = folder.appendingPathComponent("copy.sqlite").path
        XCTAssertThrowsError(try store.backup(to: target, by: tester, progress: Canceller(after: 1).progress)) {
            XCTAssertEqual($0 as? WardError, .cancelled)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("copy") }
        XCTAssertEqual(left, [], "neither the copy nor its partial file is left behind")

        let steps = Canceller(after: .max)
        let whole = steps.progress
        try store.backup(to: target, by: tester, progress: whole)
        XCTAssertGreaterThan(whole.total, 1)
        XCTAssertEqual(whole.done, whole.total, "every page was counted")

        // The backup has 3000; the ward goes on to 3001. A restore cancelled half-way keeps 3001.
        try store.addEstablishment(Establishment(name: "Karaoke Mới", typeId: 4), by: tester)
        // Esc while the backup is being copied beside the database to be checked: nothing changes,
        // and the staged copy is gone.
        let c = Canceller(after: 3)
        XCTAssertThrowsError(try store.restore(from: target, by: tester, progress: c.progress)) {
            XCTAssertEqual($0 as? WardError, .cancelled)
        }
        XCTAssertEqual(try count(store), 3001)
        XCTAssertEqual(try store.check(by: tester), [])
        let folder = (try XCTUnwrap(store.path) as NSString).deletingLastPathComponent
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".restoring-") }, [])
        try store.restore(from: target, by: tester)
        XCTAssertEqual(try count(store), 3000)
    }

    func testTheCheckCountsPagesTablesAndRows() throws {
        let store = try ward(50)
        let p = WorkProgress(observer: { _ in true })
        XCTAssertEqual(try store.check(by: store.everyRole(), progress: p), [])
        XCTAssertEqual(p.done, p.total)
        XCTAssertGreaterThan(p.total, 50)
    }
}
