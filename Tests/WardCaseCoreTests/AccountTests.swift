import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Date(timeIntervalSince1970: 1_795_000_000)
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: Double) { lock.withLock { value = value.addingTimeInterval(seconds) } }
    var closure: @Sendable () -> Date { { [self] in now } }
}

final class PermissionTests: XCTestCase {
    /// The whole table, role by role: a change to who may do what must change this test too.
    func testEveryRoleAndPermission() {
        let expected: [Role: Set<Permission>] = [
            .admin: [.manageAccounts, .manageSettings, .viewRegister, .viewAudit],
            .teamLeader: [.viewRegister, .planInspections, .approveVisits, .logVisits, .logTipOffs, .viewAudit, .viewSupport],
            .officer: [.viewRegister, .registerEstablishments, .logVisits, .logTipOffs, .viewSupport],
            .caseWorker: [.viewRegister, .viewSupport, .viewIdentities, .manageCases],
            .clerk: [.viewRegister, .viewSupport, .draftReports, .exportReports],
            .leadership: [.viewRegister, .viewSupport],
        ]
        for role in Role.allCases {
            for p in Permission.allCases {
                XCTAssertEqual(Permissions.allows([role], p), expected[role]!.contains(p), "\(role) \(p)")
            }
        }
    }

    func testOnlyCaseWorkersSeeIdentitiesAndRolesAdd() {
        XCTAssertEqual(Permissions.roles(granting: .viewIdentities), [.caseWorker])
        XCTAssertTrue(Permissions.allows([.officer, .clerk], .exportReports))
        XCTAssertFalse(Permissions.allows([.leadership], .registerEstablishments))
        XCTAssertFalse(Permissions.allows([], .viewRegister))
    }

    func testRolesAreReadInEitherLanguage() {
        XCTAssertEqual(Role.parse("team-leader"), .teamLeader)
        XCTAssertEqual(Role.parse("Đội trưởng"), .teamLeader)
        XCTAssertEqual(Role.parse("can bo xa hoi"), .caseWorker)
        XCTAssertNil(Role.parse("boss"))
    }
}

final class AccountTests: XCTestCase {
    func testPasswordsAreSaltedScryptAndNormalised() throws {
        let a = try PasswordHasher.hash("mật khẩu 2026")
        let b = try PasswordHasher.hash("mật khẩu 2026")
        XCTAssertNotEqual(a, b, "salted")
        XCTAssertTrue(a.hasPrefix("scrypt$\(PasswordHasher.rounds)$8$1$"))
        // The installed program hashes at OWASP's floor (the end-to-end tests check its hashes).
        XCTAssertEqual(PasswordHasher.releaseRounds, 1 << 17)
        XCTAssertTrue(PasswordHasher.verify("mật khẩu 2026", against: a))
        XCTAssertTrue(PasswordHasher.verify("ma\u{0323}\u{0302}t khâ\u{0309}u 2026", against: a), "combining marks match precomposed")
        XCTAssertFalse(PasswordHasher.verify("mat khau 2026", against: a))
        XCTAssertFalse(PasswordHasher.verify("x", against: "garbage"))
    }

    func testAccountRules() throws {
        let store = try WardStore.inMemory()
        let admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "12345678")
        XCTAssertThrowsError(try store.createAccount(login: "Nguyễn", displayName: "A", roles: [.officer], password: "12345678", by: admin)) {
            XCTAssertEqual($0 as? WardError, .invalidLogin)
        }
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "short", by: admin)) {
            XCTAssertEqual($0 as? WardError, .passwordTooShort(8))
        }
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Hoa", roles: [], password: "12345678", by: admin)) {
            XCTAssertEqual($0 as? WardError, .noRoles)
        }
        try store.createAccount(login: "Hoa", displayName: "Nguyễn Thị Hoa", roles: [.officer], password: "12345678", by: admin)
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Khác", roles: [.clerk], password: "12345678", by: admin)) {
            XCTAssertEqual($0 as? WardError, .loginTaken("hoa"))
        }
        XCTAssertEqual(try store.accounts(by: admin).map(\.login), ["admin", "hoa"])
    }

    func testTheFirstAccountIsAnAdminAndThereIsOnlyOneFirst() throws {
        let store = try WardStore.inMemory()
        XCTAssertThrowsError(try store.createFirstAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678")) {
            XCTAssertEqual($0 as? WardError, .firstAccountAdmin)
        }
        XCTAssertEqual(try store.accountCount(), 0)
        let admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "12345678")
        XCTAssertEqual(admin.roles, [.admin])
    }

    func testFiveWrongPasswordsLockFor15Minutes() throws {
        let clock = TestClock()
        let store = try WardStore.inMemory(clock: clock.closure)
        let admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "12345678")
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "dung-mat-khau", by: admin)
        // No count of the attempts left: that would tell a guesser how close they are.
        for _ in 1...4 {
            XCTAssertEqual(try store.signIn(login: "hoa", password: "sai"), .refused)
        }
        let until = clock.now.addingTimeInterval(15 * 60)
        XCTAssertEqual(try store.signIn(login: "hoa", password: "sai"), .locked(until: until))
        XCTAssertEqual(try store.account(login: "hoa")?.failedAttempts, 5, "the count stays at five while locked")
        XCTAssertEqual(try store.signIn(login: "hoa", password: "dung-mat-khau"), .locked(until: until), "even the right password waits")
        clock.advance(15 * 60 + 1)
        guard case .success(let a) = try store.signIn(login: "hoa", password: "dung-mat-khau") else { return XCTFail() }
        XCTAssertEqual(a.failedAttempts, 0)
        XCTAssertEqual(try store.account(login: "hoa")?.failedAttempts, 0)
        XCTAssertEqual(try store.signIn(login: "nobody", password: "x"), .refused)
        let trail = try store.auditEntries(AuditFilter(record: "account"), offset: 0, limit: 50, by: admin)
        let actions = trail.map(\.action)
        // Five wrong passwords, the attempt made while locked out, and the unknown login.
        XCTAssertEqual(actions.filter { $0 == .signInFailed }.count, 7)
        XCTAssertEqual(actions.filter { $0 == .locked }.count, 1)
        XCTAssertEqual(actions.prefix(2), [.signInFailed, .signIn])
        XCTAssertEqual(trail.first?.after, ["reason": "unknown_login"], "never what was typed")
    }

    func testDisabledAccountsCannotSignInAndTheLastAdminStays() throws {
        let store = try WardStore.inMemory()
        let admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "12345678")
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: admin)
        try store.modifyAccount(login: "hoa", by: admin) { $0.active = false }
        XCTAssertEqual(try store.signIn(login: "hoa", password: "12345678"), .disabled)
        XCTAssertThrowsError(try store.modifyAccount(login: "admin", by: admin) { $0.roles = [.clerk] }) {
            XCTAssertEqual($0 as? WardError, .lastAdmin)
        }
        XCTAssertThrowsError(try store.modifyAccount(login: "admin", by: admin) { $0.active = false })
    }

    func testOSUserMapsToOneAccount() throws {
        let store = try WardStore.inMemory()
        let admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "12345678")
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", osUser: "hoa", by: admin)
        XCTAssertEqual(try store.signInAutomatically(osUser: "hoa")?.login, "hoa")
        // Mapping the OS user to another account moves it: one OS user, one account.
        try store.createAccount(login: "lan", displayName: "Lan", roles: [.clerk], password: "12345678", osUser: "hoa", by: admin)
        XCTAssertEqual(try store.signInAutomatically(osUser: "hoa")?.login, "lan")
        XCTAssertNil(try store.account(login: "hoa")?.osUser)
        XCTAssertNil(try store.signInAutomatically(osUser: "phuong"))
        let signIns = try store.auditEntries(AuditFilter(record: "account"), offset: 0, limit: 50, by: admin).filter { $0.action == .signIn }
        XCTAssertEqual(signIns.map(\.actor), ["lan", "hoa"], "each sign-in without a password is in the audit trail")
    }
}

final class AuditTests: XCTestCase {
    func testEveryKindOfChangeIsAudited() throws {
        let clock = TestClock()
        let store = try WardStore.inMemory(clock: clock.closure)
        // An admin who also registers establishments.
        let by = try store.createFirstAccount(login: "admin", displayName: "Quản trị", roles: [.admin, .officer], password: "12345678")
        try store.setWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"), by: by)
        try store.setWard(WardIdentity(name: "Phường Láng", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"),
                          original: try store.ward(), by: by)
        let e = try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: by)
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: by)
        try store.modifyAccount(login: "hoa", by: by) { $0.roles = [.officer, .clerk] }
        try store.modifyAccount(login: "hoa", by: by) { $0.active = false }
        try store.setPassword(login: "hoa", password: "87654321", by: by)
        try store.recordListExport("establishment", rows: 1, format: "csv", by: by)

        let rows = try store.auditEntries(AuditFilter(actor: "admin"), offset: 0, limit: 100, by: by).reversed()
        let summary = rows.map { "\($0.action.rawValue) \($0.recordType)#\($0.recordId.map(String.init) ?? "-") \($0.changeSummary)" }
        XCTAssertEqual(summary, [
            "create ward#1 name: Phường Láng; province: Hà Nội; receiving_agency: Sở Y tế",
            "update ward#1 province: Hà Nội → Thành phố Hà Nội",
            "create establishment#\(e.id!) archived: 0; commitment_signed: 0; name: Karaoke Nice; risk_level: unclassified; security_certificate: 0; status: active; type: 4; workers: 0; workers_health_checked: 0; workers_reached: 0",
            "create account#2 active: 1; display_name: Hoa; login: hoa; roles: officer",
            "update account#2 roles: officer → officer,clerk",
            "status account#2 active: 1 → 0",
            "update account#2 password: ••• → ••• (mới)",
            "export_list establishment#- format: csv; rows: 1",
        ])
        XCTAssertEqual(try store.countAudit(AuditFilter(record: "account#2"), by: by), 4)
        XCTAssertEqual(try store.countAudit(AuditFilter(actor: "nobody"), by: by), 0)
        let today = Formats.Day.today(clock.now)
        // The first account (made with nobody signed in) and the admin's eight changes.
        XCTAssertEqual(try store.countAudit(AuditFilter(from: today, to: today), by: by), 9)
        clock.advance(86_400)
        let tomorrow = Formats.Day.today(clock.now)
        XCTAssertEqual(try store.countAudit(AuditFilter(from: tomorrow), by: by), 0)
    }

    func testTheAuditTrailIsAppendOnly() throws {
        let store = try WardStore.inMemory()
        let admin = try store.createFirstAccount(login: "admin", displayName: "A", password: "12345678")
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "UPDATE audit SET actor = 'x'") })
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "DELETE FROM audit") })
        XCTAssertEqual(try store.countAudit(AuditFilter(), by: admin), 1)
        XCTAssertEqual(try store.check(by: admin), [.wardMissing])
    }
}
