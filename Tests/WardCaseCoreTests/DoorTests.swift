import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// Attacks on the core's one door, each told as a story: what the attacker does, step by step,
/// and what must not happen. The door reads the signed-in account again inside every
/// transaction, so what a terminal still holds in memory counts for nothing once the admin has
/// acted; and the locks in the schema hold whatever writes to the file.
final class DoorTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("ward.sqlite").path }
    var clock: TestClock!
    var store: WardStore!
    var admin: Account!
    /// "lan", an officer: registers establishments and logs visits, nothing more.
    var officer: Account!
    /// "thu", a clerk: drafts and sends reports.
    var clerk: Account!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-doors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        clock = TestClock()
        // On disk, so that backups, restores and several connections are real.
        store = try WardStore.open(path: path, clock: clock.closure)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"))
        admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "matkhau123")
        officer = try store.createAccount(login: "lan", displayName: "Nguyễn Thị Lan", roles: [.officer], password: "matkhau123", by: admin)
        clerk = try store.createAccount(login: "thu", displayName: "Đỗ Thị Thu", roles: [.clerk], password: "matkhau123", by: admin)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    // MARK: Helpers

    /// Every row of every table but the audit trail, as text: what a refused call must leave as it was.
    func everythingButTheAudit() throws -> String {
        try store.testConnection.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            return try tables.map { table in
                table + ": " + (try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
                    .map(\.description).joined(separator: "\n"))
            }.joined(separator: "\n")
        }
    }

    func lastAuditId() throws -> Int64 {
        try store.testConnection.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit") ?? 0 }
    }

    /// The audit rows written after `id`, oldest first, read beside the door (the test is not a user).
    func auditRows(after id: Int64) throws -> [AuditEntry] {
        try store.testConnection.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE id > ? ORDER BY id", arguments: [id]).map(Audit.entry)
        }
    }

    /// `attempt`, made by `who`, is refused with `error`; every table is as it was, and exactly
    /// one new audit row names `who`, what they tried and why it was refused.
    func assertRefused(_ who: Account, _ error: WardError, what: String, reason: String,
                       file: StaticString = #filePath, line: UInt = #line, _ attempt: () throws -> Void) throws {
        let before = try everythingButTheAudit()
        let last = try lastAuditId()
        XCTAssertThrowsError(try attempt(), "\(what) was let through", file: file, line: line) {
            XCTAssertEqual($0 as? WardError, error, what, file: file, line: line)
        }
        XCTAssertEqual(try everythingButTheAudit(), before, "\(what) wrote something", file: file, line: line)
        let rows = try auditRows(after: last)
        XCTAssertEqual(rows.map(\.action), [.denied], what, file: file, line: line)
        guard let row = rows.first else { return }
        XCTAssertEqual(row.actor, who.login, what, file: file, line: line)
        XCTAssertEqual(row.accountId, who.id, what, file: file, line: line)
        XCTAssertEqual(row.recordType, "account", what, file: file, line: line)
        XCTAssertEqual(row.recordId, who.id, what, file: file, line: line)
        XCTAssertEqual(row.after, ["what": what, "reason": reason], file: file, line: line)
    }

    func signedIn(_ login: String, _ password: String = "matkhau123") throws -> Account {
        let result = try store.signIn(login: login, password: password)
        guard case .success(let account) = result else {
            XCTFail("\(login) could not sign in: \(result)")
            throw WardError.notSignedIn
        }
        return account
    }

    /// Someone at another terminal guesses `login`'s password five times: the account is locked
    /// until the returned time.
    @discardableResult
    func lockOut(_ login: String) throws -> Date {
        for guess in 1...4 { XCTAssertEqual(try store.signIn(login: login, password: "doan-mo-\(guess)"), .refused) }
        let until = clock.now.addingTimeInterval(Double(AccountRules.lockoutMinutes * 60))
        XCTAssertEqual(try store.signIn(login: login, password: "doan-mo-5"), .locked(until: until))
        return until
    }

    var karaoke: Establishment { Establishment(name: "Karaoke Đêm Trắng", typeId: 4, street: "12 Láng Hạ") }

    func establishmentCount() throws -> Int {
        try store.countEstablishments(EstablishmentQuery(language: .vi, includeArchived: true))
    }

    // MARK: A session that outlives the account's rights

    /// Lan signs in at the office terminal in the morning. At noon the admin, at another
    /// terminal, disables her account (she has left the ward). Her terminal still holds the
    /// Account it signed in with, active in memory, and she tries to add an establishment.
    /// Nothing may be written, and the refusal must be in the audit trail under her name.
    /// An officer who somehow holds the ward key in memory (a shared terminal, a key left open)
    /// tries to search the cases by name: the door checks the role, not the key, and nothing is
    /// opened. A case worker's search is one audit row.
    func testSearchingCasesByNameNeedsTheCaseWorkersRoleNotJustTheKey() throws {
        let worker = try store.createAccount(login: "xh", displayName: "Cán bộ xã hội", roles: [.caseWorker], password: "matkhau123", by: admin)
        let key = try store.createWardKey(passphrase: "mot cum mat khau dai", by: worker).key
        _ = try store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .local, source: .outreach, firstContact: store.today),
                              identity: Identity(fullName: "Hoàng Yến"), key: key, by: worker)
        XCTAssertThrowsError(try store.identitySearch(key: key, by: officer)) { error in
            XCTAssertEqual(error as? WardError, .permissionDenied(.viewIdentities))
        }
        let search = try store.identitySearch(key: key, by: worker)
        XCTAssertEqual(search.matching("hoang yen").count, 1)
        XCTAssertEqual(search.matching("HOÀNG").count, 1)
        XCTAssertEqual(search.matching("yen hoang").count, 1, "words in any order")
        XCTAssertEqual(search.matching("lan").count, 0)
        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 20, by: admin)
        XCTAssertEqual(trail.filter { $0.action == .searchIdentities }.map(\.actor), ["xh"])
        XCTAssertTrue(trail.contains { $0.action == .denied && $0.actor == "lan" })
    }

    func testAnAccountDisabledMeanwhileIsRefusedOnItsNextAction() throws {
        let lan = try signedIn("lan")
        try store.modifyAccount(login: "lan", by: admin) { $0.active = false }
        XCTAssertTrue(lan.active, "her terminal's copy knows nothing of it")
        try assertRefused(lan, .accountDisabled, what: "addEstablishment", reason: "disabled") {
            try store.addEstablishment(karaoke, by: lan)
        }
        XCTAssertEqual(try establishmentCount(), 0)
        XCTAssertNil(try store.current(lan), "the terminal can learn that the session is over")
    }

    /// Lan is signed in as an officer. The admin moves her to the leadership role, which registers
    /// nothing. Her terminal, still holding her officer's roles, tries to add an establishment.
    func testARoleRemovedMeanwhileIsRefusedOnTheNextAction() throws {
        let lan = try signedIn("lan")
        try store.modifyAccount(login: "lan", by: admin) { $0.roles = [.leadership] }
        XCTAssertTrue(lan.can(.registerEstablishments), "her terminal's copy still says officer")
        try assertRefused(lan, .permissionDenied(.registerEstablishments), what: "addEstablishment", reason: "needs registerEstablishments") {
            try store.addEstablishment(karaoke, by: lan)
        }
        XCTAssertEqual(try establishmentCount(), 0)
        XCTAssertEqual(try store.current(lan)?.roles, [.leadership], "the terminal can follow the new roles")
    }

    /// Lan is signed in. Someone at another terminal guesses her password five times and locks
    /// her account. Her open session must not go on writing as if nothing happened: the lockout
    /// counts at once, everywhere.
    func testALockoutMeanwhileStopsTheOpenSessionToo() throws {
        let lan = try signedIn("lan")
        let until = try lockOut("lan")
        try assertRefused(lan, .accountLocked(until: until), what: "addEstablishment", reason: "locked") {
            try store.addEstablishment(karaoke, by: lan)
        }
        XCTAssertEqual(try establishmentCount(), 0)
        XCTAssertNil(try store.current(lan))
        // Once the lockout has run out, her session works again.
        clock.advance(Double(AccountRules.lockoutMinutes * 60) + 1)
        XCTAssertNoThrow(try store.addEstablishment(karaoke, by: lan))
    }

    // MARK: Sign-in

    /// A guesser opens five terminals on the same database file and tries five wrong passwords
    /// for lan at the same moment, hoping that each terminal reads "four failures so far" before
    /// any of them writes. The count must not be lost: the account ends locked with exactly five
    /// failures, and the right password tried next is refused as locked.
    func testFiveWrongPasswordsAtOnceFromFiveTerminalsLockTheAccount() throws {
        let terminals = try (0..<5).map { _ in try WardStore.open(path: path, clock: clock.closure) }
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var all: [Result<SignInResult, Error>] = []
        }
        let answers = Answers()
        DispatchQueue.concurrentPerform(iterations: terminals.count) { i in
            let answer = Result { try terminals[i].signIn(login: "lan", password: "doan-sai-\(i)") }
            answers.lock.withLock { answers.all.append(answer) }
        }
        let results = try answers.all.map { try $0.get() }
        let until = clock.now.addingTimeInterval(Double(AccountRules.lockoutMinutes * 60))
        XCTAssertEqual(results.filter { $0 == .refused }.count, 4, "\(results)")
        XCTAssertEqual(results.filter { $0 == .locked(until: until) }.count, 1, "\(results)")

        let row = try XCTUnwrap(try store.testConnection.read { db in
            try Row.fetchOne(db, sql: "SELECT failed_attempts, locked_until FROM account WHERE login = 'lan'")
        })
        XCTAssertEqual(row["failed_attempts"] as Int, 5)
        XCTAssertEqual(row["locked_until"] as String?, Timestamp.string(until))

        XCTAssertEqual(try store.signIn(login: "lan", password: "matkhau123"), .locked(until: until), "the sixth try waits")
        XCTAssertEqual(try store.account(login: "lan")?.failedAttempts, 5, "and does not count past five")
        let trail = try auditRows(after: 0).filter { $0.accountId == officer.id }
        XCTAssertEqual(trail.filter { $0.action == .signInFailed }.count, 6)
        XCTAssertEqual(trail.filter { $0.action == .locked }.count, 1)
    }

    /// A guesser probes which logins exist: one that does not ("nobody") and one that does,
    /// with a wrong password. Both must get the very same answer, so the answer says nothing.
    /// (The work is the same too, a decoy hash checked; that is not timed here.)
    func testAnUnknownLoginGetsTheSameAnswerAsAWrongPassword() throws {
        let unknown = try store.signIn(login: "nobody", password: "doan-mo-123")
        let wrong = try store.signIn(login: "lan", password: "doan-mo-123")
        XCTAssertEqual(unknown, .refused)
        XCTAssertEqual(unknown, wrong)
        try store.modifyAccount(login: "thu", by: admin) { $0.active = false }
        XCTAssertEqual(try store.signIn(login: "thu", password: "doan-mo-123"), unknown, "nor does a disabled account show through")
    }

    /// A guesser tries a disabled account. Only someone who knows the password may learn that the
    /// account is disabled; with a wrong one it is an ordinary refusal.
    func testADisabledAccountIsToldDisabledOnlyWithTheRightPassword() throws {
        try store.modifyAccount(login: "lan", by: admin) { $0.active = false }
        XCTAssertEqual(try store.signIn(login: "lan", password: "doan-mo-123"), .refused)
        XCTAssertEqual(try store.signIn(login: "lan", password: "matkhau123"), .disabled)
    }

    /// Hoa's OS user is mapped to her account, so `wardcase` signs her in without a password.
    /// The mapping must not outlive what the admin decided or what a lockout says.
    func testSigningInByOSUserHonoursDisabledAndLocked() throws {
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "matkhau123", osUser: "hoa", by: admin)
        XCTAssertEqual(try store.signInAutomatically(osUser: "hoa")?.login, "hoa")
        try store.modifyAccount(login: "hoa", by: admin) { $0.active = false }
        XCTAssertNil(try store.signInAutomatically(osUser: "hoa"), "disabled")
        try store.modifyAccount(login: "hoa", by: admin) { $0.active = true }
        XCTAssertEqual(try store.signInAutomatically(osUser: "hoa")?.login, "hoa")
        try lockOut("hoa")
        XCTAssertNil(try store.signInAutomatically(osUser: "hoa"), "locked out")
        clock.advance(Double(AccountRules.lockoutMinutes * 60) + 1)
        XCTAssertEqual(try store.signInAutomatically(osUser: "hoa")?.login, "hoa", "once the lockout has run out")
    }

    // MARK: Every door

    /// Lan, an officer, tries every admin's door from her own session: making herself an
    /// account (or an admin), lifting a colleague's lockout with a new password, turning the
    /// idle lock off, restoring an old backup over the ward's data, copying the whole database
    /// out, renaming the ward, editing the clerk's report and reading the audit trail or the
    /// account list. Each is refused for want of its permission, writes nothing, and leaves a
    /// `denied` row naming her. (The clerk, who registers nothing, tries the import.)
    func testAnOfficerIsRefusedAtEveryAdminsDoor() throws {
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "matkhau123", by: admin)
        let until = try lockOut("hoa")
        let good = folder.appendingPathComponent("good.sqlite").path
        try store.backup(to: good, by: admin)
        let report = try store.draftReport(try XCTUnwrap(ReportPeriod.month(2026, 10)), by: clerk)
        let reportId = try XCTUnwrap(report.id)
        let lan = try signedIn("lan")

        try assertRefused(lan, .permissionDenied(.manageAccounts), what: "createAccount", reason: "needs manageAccounts") {
            try store.createAccount(login: "kegian", displayName: "Kẻ gian", roles: [.admin], password: "matkhau123", by: lan)
        }
        try assertRefused(lan, .permissionDenied(.manageAccounts), what: "updateAccount", reason: "needs manageAccounts") {
            try store.modifyAccount(login: "lan", by: lan) { $0.roles.insert(.admin) }
        }
        try assertRefused(lan, .permissionDenied(.manageAccounts), what: "setPassword", reason: "needs manageAccounts") {
            try store.setPassword(login: "hoa", password: "mat-khau-moi", by: lan)
        }
        XCTAssertEqual(try store.signIn(login: "hoa", password: "mat-khau-moi"), .locked(until: until), "hoa's lockout still stands")
        try assertRefused(lan, .permissionDenied(.manageSettings), what: "setSetting", reason: "needs manageSettings") {
            try store.setSetting(.idleLockSeconds, to: 0, by: lan)
        }
        XCTAssertEqual(try store.setting(.idleLockSeconds), 600)
        try assertRefused(lan, .permissionDenied(.manageSettings), what: "restore", reason: "needs manageSettings") {
            try store.restore(from: good, by: lan)
        }
        let backups = (try? FileManager.default.contentsOfDirectory(atPath: try XCTUnwrap(store.backupFolder))) ?? []
        XCTAssertFalse(backups.contains { $0.contains("before-restore") }, "not even the safety copy was made: \(backups)")
        let copy = folder.appendingPathComponent("stolen.sqlite").path
        try assertRefused(lan, .permissionDenied(.manageSettings), what: "backup", reason: "needs manageSettings") {
            try store.backup(to: copy, by: lan)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy))
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.hasPrefix("stolen") })
        // The check changes nothing and any signed-in account may run it (a ward that has lost its
        // last admin must be able to find out): it is let through, and writes nothing.
        let beforeCheck = try everythingButTheAudit(), lastBeforeCheck = try lastAuditId()
        XCTAssertEqual(try store.check(by: lan), [])
        XCTAssertEqual(try everythingButTheAudit(), beforeCheck)
        XCTAssertEqual(try auditRows(after: lastBeforeCheck), [])
        try assertRefused(lan, .permissionDenied(.manageSettings), what: "setWard", reason: "needs manageSettings") {
            try store.setWard(WardIdentity(name: "Phường Giả", province: "Hà Nội", receivingAgency: "Không ai"), original: try store.ward(), by: lan)
        }
        try assertRefused(lan, .permissionDenied(.draftReports), what: "saveNarrative", reason: "needs draftReports") {
            try store.saveNarrative(reportId: reportId, part: .results, text: "Không có vi phạm nào", by: lan)
        }
        try assertRefused(lan, .permissionDenied(.viewAudit), what: "auditEntries", reason: "needs viewAudit") {
            _ = try store.auditEntries(AuditFilter(), offset: 0, limit: 50, by: lan)
        }
        try assertRefused(lan, .permissionDenied(.viewAudit), what: "countAudit", reason: "needs viewAudit") {
            _ = try store.countAudit(AuditFilter(), by: lan)
        }
        try assertRefused(lan, .permissionDenied(.manageAccounts), what: "accounts", reason: "needs manageAccounts") {
            _ = try store.accounts(by: lan)
        }

        // An officer may import establishments; the clerk may not, however the file is made.
        let plan = try EstablishmentImport.plan([["Tên cơ sở", "Loại hình", "Địa chỉ"], ["Karaoke Mới", "Karaoke", "1 Phố Huế"]],
                                                store: store, l: l)
        try assertRefused(clerk, .permissionDenied(.registerEstablishments), what: "apply", reason: "needs registerEstablishments") {
            try store.apply(plan, strict: false, by: clerk)
        }
        XCTAssertEqual(try establishmentCount(), 0)
    }

    /// With the database already in use, someone runs the first-start steps again, hoping to make
    /// themselves the "first" admin or to rename the ward with nobody signed in. Both are refused.
    func testTheFirstStartStepsCannotBeRunAgain() throws {
        let accounts = try store.accountCount()
        let lastRow = try auditRows(after: 0).last?.id ?? 0
        XCTAssertThrowsError(try store.createFirstAccount(login: "kegian", displayName: "Kẻ gian", password: "matkhau123")) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.manageAccounts))
        }
        XCTAssertEqual(try store.accountCount(), accounts)
        XCTAssertNil(try store.account(login: "kegian"))
        let ward = try store.ward()
        XCTAssertThrowsError(try store.initialiseWard(WardIdentity(name: "Phường Giả", province: "Hà Nội", receivingAgency: "Không ai"))) {
            XCTAssertEqual($0 as? WardError, .wardAlreadySet)
        }
        XCTAssertEqual(try store.ward(), ward)
        // Both tries are kept, by the only name there is: the first run's.
        XCTAssertEqual(try auditRows(after: lastRow).map { "\($0.action.rawValue) \($0.actor) \($0.after["what"] ?? "")" },
                       ["denied first-run createFirstAccount", "denied first-run initialiseWard"])
    }

    // MARK: Locks in the schema

    /// Someone with the sqlite3 shell wants a violation to count in an approved inspection
    /// without the leader seeing it: they move a row from a draft visit into the approved one
    /// (the old locks only looked at where a row came from). The move must be refused for a
    /// violation, a team member and a checklist result alike.
    func testRowsCannotBeMovedIntoAnApprovedVisitBySQL() throws {
        let leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: admin)
        let a = try XCTUnwrap(store.addEstablishment(karaoke, by: officer).id)
        let b = try XCTUnwrap(store.addEstablishment(Establishment(name: "Nhà nghỉ Hoa Mai", typeId: 2, street: "3 Láng Hạ"), by: officer).id)
        let item = try XCTUnwrap(store.checklistItems().first?.id)
        func visit(_ place: Int64, checks: [Int64: CheckResult] = [:], violations: [Violation] = []) throws -> Int64 {
            var v = Visit(establishmentId: place, date: store.today.adding(days: -3), kind: .unannounced)
            v.team = "Đội kiểm tra liên ngành phường"
            v.remedyDeadline = violations.isEmpty ? nil : store.today.adding(days: 10)
            let r = VisitRecord(visit: v, members: [TeamMember(name: "Nguyễn Văn An", agency: "Công an phường")],
                                checks: checks, violations: violations)
            return try XCTUnwrap(store.saveVisit(r, original: nil, by: officer).visit.id)
        }
        let draft = try visit(a, checks: [item: .notOk],
                              violations: [Violation(description: "Không có sổ theo dõi người lao động", handling: .fine, fine: 2_000_000)])
        let approved = try visit(b)
        try store.submitVisit(id: approved, by: officer)
        try store.approveVisit(id: approved, by: leader)
        let before = try XCTUnwrap(store.visit(id: approved))

        for table in ["violation", "visit_member", "visit_check"] {
            XCTAssertThrowsError(try store.testConnection.write { db in
                try db.execute(sql: "UPDATE \(table) SET visit_id = ? WHERE visit_id = ?", arguments: [approved, draft])
            }, "a \(table) row moved into an approved visit")
        }
        XCTAssertEqual(try store.visit(id: approved), before)
        let left = try XCTUnwrap(store.visit(id: draft))
        XCTAssertEqual([left.violations.count, left.members.count, left.checks.count], [1, 1, 1])
        // The draft's own rows can still be corrected: the lock is on the approved visit only.
        XCTAssertNoThrow(try store.testConnection.write { db in
            try db.execute(sql: "UPDATE violation SET legal_basis = 'Điều 25 NĐ 144/2021' WHERE visit_id = ?", arguments: [draft])
        })
    }

    /// The clerk has finalised October's report (its figures frozen) and sent it. Someone with the
    /// sqlite3 shell sets it back to draft so that its words can be changed through the app, or
    /// changes who finalised it and when, or takes a sent report back to final. All refused.
    func testAFinalisedReportCannotBeReopenedBySQL() throws {
        let draft = try store.draftReport(try XCTUnwrap(ReportPeriod.month(2026, 10)), by: clerk)
        let id = try XCTUnwrap(draft.id)
        try store.saveNarrative(reportId: id, part: .results, text: "Đã kiểm tra 12 cơ sở", by: clerk)
        let final = try store.finaliseReport(reportId: id, by: clerk)
        func refused(_ sql: String, _ why: String, line: UInt = #line) {
            XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: sql, arguments: [id]) }, why, line: line)
        }
        refused("UPDATE report SET status = 'draft' WHERE id = ?", "back to draft")
        refused("UPDATE report SET status = 'draft', narrative = '{}' WHERE id = ?", "back to draft with new words")
        XCTAssertThrowsError(try store.saveNarrative(reportId: id, part: .results, text: "Không có vi phạm nào", by: clerk)) {
            XCTAssertEqual($0 as? WardError, .reportLocked)
        }
        refused("UPDATE report SET finalised_by = 'kegian' WHERE id = ?", "who finalised it")
        refused("UPDATE report SET finalised_at = '2020-01-01T00:00:00Z' WHERE id = ?", "when it was finalised")
        refused("UPDATE report SET finalised_at = NULL, finalised_by = NULL WHERE id = ?", "never finalised")
        XCTAssertEqual(try store.report(id: id), final)

        try store.markReportSent(reportId: id, by: clerk)
        refused("UPDATE report SET status = 'final' WHERE id = ?", "sent back to final")
        refused("UPDATE report SET status = 'draft' WHERE id = ?", "sent back to draft")
        let sent = try XCTUnwrap(store.report(id: id))
        XCTAssertEqual(sent.status, .sent)
        XCTAssertEqual(sent.narrative[.results], "Đã kiểm tra 12 cơ sở")
        XCTAssertEqual(sent.figures, final.figures)
    }

    /// A fresh database has every lock and the check says nothing. Then someone drops the locks
    /// one by one with the sqlite3 shell; after each, the check names every lock that is gone.
    func testTheCheckNamesEveryLockThatIsDropped() throws {
        XCTAssertEqual(try store.check(by: admin), [])
        var dropped: [String] = []
        for lock in WardStore.locks.sorted() {
            try store.testConnection.write { db in try db.execute(sql: "DROP TRIGGER \(lock.quotedDatabaseIdentifier)") }
            dropped.append(lock)
            XCTAssertEqual(try store.check(by: admin), dropped.map(CheckProblem.lockMissing), lock)
        }
    }

    // MARK: Narrative edits in the audit trail

    /// The clerk types October's situation, and the screen saves it ten times in a minute as she
    /// types. The audit trail must say once that she edited that part, never what she typed;
    /// another part, or another person, is another row.
    func testTenSavesOfOnePartAreOneAuditRowWithoutTheText() throws {
        let draft = try store.draftReport(try XCTUnwrap(ReportPeriod.month(2026, 10)), by: clerk)
        let id = try XCTUnwrap(draft.id)
        func edits() throws -> [AuditEntry] {
            try store.auditEntries(AuditFilter(record: "report#\(id)"), offset: 0, limit: 100, by: admin)
                .filter { $0.action == .editNarrative }.reversed()
        }
        for n in 1...10 {
            try store.saveNarrative(reportId: id, part: .situation, text: "Tình hình bí mật bản nháp \(n)", by: clerk)
            clock.advance(6)
        }
        XCTAssertEqual(try edits().map(\.actor), ["thu"])
        XCTAssertEqual(try edits().first?.after, ["part": "situation"])
        XCTAssertEqual(try store.report(id: id)?.narrative[.situation], "Tình hình bí mật bản nháp 10", "every save was kept")

        try store.saveNarrative(reportId: id, part: .results, text: "Kết quả bí mật", by: clerk)
        XCTAssertEqual(try edits().map { "\($0.actor) \($0.after["part"] ?? "")" }, ["thu situation", "thu results"])

        let second = try store.createAccount(login: "thu2", displayName: "Trần Thu", roles: [.clerk], password: "matkhau123", by: admin)
        try store.saveNarrative(reportId: id, part: .results, text: "Kết quả bí mật, sửa", by: second)
        XCTAssertEqual(try edits().map { "\($0.actor) \($0.after["part"] ?? "")" }, ["thu situation", "thu results", "thu2 results"])

        let trail = try auditRows(after: 0).map { "\($0)" }.joined(separator: "\n")
        XCTAssertFalse(trail.contains("bí mật"), "the words typed are not in the audit trail")
    }
}
