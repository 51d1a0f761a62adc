import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseDemo

final class BackupTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("ward.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func seeded(clock: TestClock = TestClock()) throws -> WardStore {
        let store = try WardStore.open(path: path, clock: clock.closure)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        _ = try store.everyRole()
        return store
    }

    func count(_ store: WardStore) throws -> Int { try store.countEstablishments(EstablishmentQuery(language: .vi)) }

    func testBackupIsConsistentWhileAnotherConnectionWrites() throws {
        let a = try seeded()
        let b = try WardStore.open(path: path)   // a second terminal on the same file
        let tester = try a.everyRole()
        let writing = DispatchGroup()
        writing.enter()
        DispatchQueue.global().async {
            for i in 0..<200 { _ = try? b.addEstablishment(Establishment(name: "Nhà nghỉ \(i)", typeId: 2), by: tester) }
            writing.leave()
        }
        let target = folder.appendingPathComponent("copy.sqlite").path
        try a.backup(to: target, by: tester)
        writing.wait()
        try WardStore.verifyBackup(target)
        let copy = try WardStore.open(path: target)
        XCTAssertLessThanOrEqual(try count(copy), 200)
        XCTAssertEqual(try count(a), 200, "no write was lost or refused as 'database is locked'")
        let mode = (try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }

    func testRestoreRefusesAnythingButASoundBackupAndChangesNothing() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: tester)
        let garbage = folder.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        XCTAssertThrowsError(try store.restore(from: garbage, by: tester)) { error in
            guard case .notABackup = error as? WardError else { return XCTFail("\(error)") }
        }
        // Why, in the user's language.
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let missing = folder.appendingPathComponent("none.sqlite").path
        XCTAssertThrowsError(try store.restore(from: missing, by: tester)) { error in
            XCTAssertEqual((error as? WardError)?.message(l), "Tệp \(missing) không phải bản sao lưu dùng được (không có tệp này); chưa thay đổi gì.")
        }
        let plain = folder.appendingPathComponent("plain.sqlite").path
        try DatabaseQueue(path: plain).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        XCTAssertThrowsError(try store.restore(from: plain, by: tester)) { error in
            XCTAssertEqual((error as? WardError)?.message(l), "Tệp \(plain) không phải bản sao lưu dùng được (đây không phải cơ sở dữ liệu của wardcase); chưa thay đổi gì.")
        }
        // A real backup with damaged pages.
        let good = folder.appendingPathComponent("good.sqlite").path
        try store.backup(to: good, by: tester)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        for i in stride(from: 4096, to: min(bytes.count, 12_288), by: 7) { bytes[i] ^= 0x5A }
        let damaged = folder.appendingPathComponent("damaged.sqlite").path
        try bytes.write(to: URL(fileURLWithPath: damaged))
        XCTAssertThrowsError(try store.restore(from: damaged, by: tester))
        XCTAssertThrowsError(try store.restore(from: folder.appendingPathComponent("missing.sqlite").path, by: tester))
        XCTAssertEqual(try count(store), 1)
        XCTAssertEqual(try store.check(by: tester), [])
    }

    func testRestoreBringsBackABackupAfterSavingTheCurrentState() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: tester)
        let backup = folder.appendingPathComponent("b.sqlite").path
        try store.backup(to: backup, by: tester)
        try store.addEstablishment(Establishment(name: "Quán bar 1900", typeId: 6), by: tester)
        let safety = try store.restore(from: backup, by: tester)
        XCTAssertEqual(try count(store), 1)
        XCTAssertEqual(try count(WardStore.open(path: safety)), 2, "the state before the restore was kept")
        XCTAssertEqual(try store.auditEntries(AuditFilter(), offset: 0, limit: 1, by: try store.everyRole()).first?.action, .restore)
    }

    /// Restoring an older backup must not lose the trail of what happened since: those rows are
    /// carried into the restored trail, marked, and the chain still checks.
    func testRestoreKeepsEveryAuditRowWrittenSinceTheBackup() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: tester)
        let backup = folder.appendingPathComponent("b.sqlite").path
        let lastInBackup = try XCTUnwrap(try store.auditEntries(AuditFilter(), offset: 0, limit: 1, by: tester).first?.id)
        try store.backup(to: backup, by: tester)
        try store.addEstablishment(Establishment(name: "Quán bar 1900", typeId: 6), by: tester)
        let since = try store.auditEntries(AuditFilter(), offset: 0, limit: 50, by: tester).filter { $0.id > lastInBackup }
        XCTAssertGreaterThanOrEqual(since.count, 2)
        try store.restore(from: backup, by: tester)
        XCTAssertEqual(try count(store), 1)
        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 500, by: tester)
        XCTAssertEqual(trail.first?.action, .restore, "the restore is the last row")
        let carried = trail.filter { $0.after["carried_over_at_restore"] != nil }
        XCTAssertTrue(carried.contains { $0.after["name"] == "Quán bar 1900" }, "\(carried)")
        for row in since {
            XCTAssertTrue(carried.contains { $0.after["carried_over_at_restore"] == String(row.id) && $0.action == row.action }, "\(row)")
        }
        XCTAssertTrue(try store.check(by: tester).isEmpty)
    }

    /// A backup of another ward is refused unless asked for on purpose; a file whose audit
    /// trigger was dropped (so that its trail could be rewritten) is refused by the check.
    func testRestoreRefusesAnotherWardsFileAndOneWithoutItsLocks() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        let other = try WardStore.open(path: folder.appendingPathComponent("other.sqlite").path)
        try other.initialiseWard(WardIdentity(name: "Phường Khác", province: "Tỉnh Lạng Sơn", receivingAgency: "Sở Y tế"))
        let otherAdmin = try other.everyRole()
        let otherBackup = folder.appendingPathComponent("other-backup.sqlite").path
        try other.backup(to: otherBackup, by: otherAdmin)
        XCTAssertThrowsError(try store.restore(from: otherBackup, by: tester)) {
            XCTAssertEqual($0 as? WardError, .restoreOtherWard(path: otherBackup, ward: "Phường Khác, Tỉnh Lạng Sơn"))
        }
        XCTAssertEqual(try store.ward()?.name, "Phường Láng")

        let mine = folder.appendingPathComponent("mine.sqlite").path
        try store.backup(to: mine, by: tester)
        let q = try DatabaseQueue(path: mine)
        try q.write { db in try db.execute(sql: "DROP TRIGGER audit_no_update") }
        try q.close()
        XCTAssertThrowsError(try store.restore(from: mine, by: tester)) {
            guard case .restoreRefused(_, let problems)? = $0 as? WardError else { return XCTFail("\($0)") }
            XCTAssertTrue(problems.contains(.auditUnprotected), "\(problems)")
        }
        XCTAssertNoThrow(try store.restore(from: otherBackup, otherWard: true, by: tester))
        XCTAssertEqual(try store.ward()?.name, "Phường Khác")
    }

    func testDailyBackupOncePerDayKeepingFourteen() throws {
        let clock = TestClock()
        let store = try seeded(clock: clock)
        let backups = store.backupFolder!
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        for day in 1...16 {
            FileManager.default.createFile(atPath: backups + String(format: "/ward-2025-01-%02d.sqlite", day), contents: Data())
        }
        let made = try XCTUnwrap(store.dailyBackupIfNeeded())
        XCTAssertNil(try store.dailyBackupIfNeeded(), "once a day")
        let files = try FileManager.default.contentsOfDirectory(atPath: backups).sorted()
        XCTAssertEqual(files.count, 14)
        XCTAssertEqual(files.last, URL(fileURLWithPath: made).lastPathComponent)
        XCTAssertFalse(files.contains("ward-2025-01-03.sqlite"))
        try WardStore.verifyBackup(made)
    }

    func testTwoTerminalsEditingOneRecordTheSecondIsToldWhatChanged() throws {
        let a = try seeded()
        let b = try WardStore.open(path: path)
        let tester = try a.everyRole()
        try a.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: tester)
        let openedInA = try XCTUnwrap(a.account(login: "hoa"))
        let openedInB = try XCTUnwrap(b.account(login: "hoa"))
        var mine = openedInB
        mine.roles = [.officer, .clerk]
        try b.updateAccount(mine, original: openedInB, by: tester)
        var theirs = openedInA
        theirs.displayName = "Nguyễn Thị Hoa"
        XCTAssertThrowsError(try a.updateAccount(theirs, original: openedInA, by: tester)) { error in
            XCTAssertEqual(error as? WardError, .conflict(Conflict(changes: [.init(field: "roles", was: "officer", now: "officer,clerk")])))
        }
        XCTAssertEqual(try a.account(login: "hoa")?.displayName, "Hoa", "nothing overwritten")
    }

    func testAChangeInAnotherTerminalMovesTheChangeToken() throws {
        let a = try seeded()
        let b = try WardStore.open(path: path)
        let tester = try b.everyRole()
        let before = a.changeToken()
        XCTAssertEqual(a.changeToken(), before)
        try b.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: tester)
        XCTAssertNotEqual(a.changeToken(), before)
    }

    func testDiskFullAndReadOnlyAreSaidPlainlyAndLoseNothing() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.testConnection.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let big = Establishment(name: "Nhà nghỉ", typeId: 2, notes: String(repeating: "Ghi chú rất dài. ", count: 2000))
        XCTAssertThrowsError(try store.addEstablishment(big, by: tester)) { XCTAssertEqual($0 as? WardError, .diskFull(path: self.path)) }
        XCTAssertEqual(try count(store), 0)
        XCTAssertEqual(try store.check(by: tester), [])

        var config = Configuration()
        config.readonly = true
        let readOnly = try DatabaseQueue(path: path, configuration: config)
        do {
            try readOnly.write { db in try db.execute(sql: "DELETE FROM establishment") }
            XCTFail("a read-only connection wrote")
        } catch {
            XCTAssertEqual(WardError.from(error, path: path) as? WardError, .databaseReadOnly(path: path))
        }
    }

    func testCheckFindsBrokenInvariants() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: tester)
        try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: tester)
        try store.testConnection.writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE establishment SET search_fold = 'x'")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE establishment SET type_id = 999")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "UPDATE account SET roles = '' WHERE login = 'hoa'")
        }
        XCTAssertEqual(try store.check(by: tester), [.brokenLinks(table: "establishment", count: 1),
                                                     .accountWithoutRoles("hoa"), .staleSearchText(count: 1)])
    }

    /// Someone with the sqlite3 shell takes the admin role from every account. The ward can no
    /// longer manage accounts or settings, and `check`, run by anyone still signed in, must say so.
    func testCheckCanSayTheWardHasLostItsLastAdmin() throws {
        let store = try seeded()
        let tester = try store.everyRole()
        try store.testConnection.write { db in try db.execute(sql: "UPDATE account SET roles = 'officer'") }
        XCTAssertEqual(try store.check(by: tester), [.noActiveAdmin])
    }

    func testTwoTerminalsStartingTheDemoAtOnceSeedItOnce() throws {
        let resources = try ResourceLocator.directory()
        let a = try WardStore.open(path: path), b = try WardStore.open(path: path)
        final class Results: @unchecked Sendable { var seeded: [Bool] = []; let lock = NSLock() }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let seeded = (try? DemoWard.seedIfEmpty(i == 0 ? a : b, resources: resources)) ?? false
            results.lock.withLock { results.seeded.append(seeded) }
        }
        XCTAssertEqual(results.seeded.sorted { !$0 && $1 }, [false, true])
        XCTAssertEqual(try count(a), 40)
        XCTAssertEqual(try a.accountCount(), 7)
        // And two daily backups at once leave one good file.
        DispatchQueue.concurrentPerform(iterations: 2) { i in _ = try? (i == 0 ? a : b).dailyBackupIfNeeded() }
        let files = try FileManager.default.contentsOfDirectory(atPath: a.backupFolder!)
        XCTAssertEqual(files.filter { $0.hasSuffix(".sqlite") }.count, 1, "\(files)")
        XCTAssertFalse(files.contains { $0.hasSuffix(".partial") })
    }
}
