import XCTest
import GRDB
@testable import WardCaseCore

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
        XCTAssertTrue(a.hasPrefix("scrypt$16384$8$1$"))
        XCTAssertTrue(PasswordHasher.verify("mật khẩu 2026", against: a))
        XCTAssertTrue(PasswordHasher.verify("ma\u{0323}\u{0302}t khâ\u{0309}u 2026", against: a), "combining marks match precomposed")
        XCTAssertFalse(PasswordHasher.verify("mat khau 2026", against: a))
        XCTAssertFalse(PasswordHasher.verify("x", against: "garbage"))
    }

    func testAccountRules() throws {
        let store = try WardStore.inMemory()
        XCTAssertThrowsError(try store.createAccount(login: "Nguyễn", displayName: "A", roles: [.officer], password: "12345678", by: .system)) {
            XCTAssertEqual($0 as? WardError, .invalidLogin)
        }
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "short", by: .system)) {
            XCTAssertEqual($0 as? WardError, .passwordTooShort(8))
        }
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Hoa", roles: [], password: "12345678", by: .system)) {
            XCTAssertEqual($0 as? WardError, .noRoles)
        }
        try store.createAccount(login: "Hoa", displayName: "Nguyễn Thị Hoa", roles: [.officer], password: "12345678", by: .system)
        XCTAssertThrowsError(try store.createAccount(login: "hoa", displayName: "Khác", roles: [.clerk], password: "12345678", by: .system)) {
            XCTAssertEqual($0 as? WardError, .loginTaken("hoa"))
        }
        XCTAssertEqual(try store.accounts().map(\.login), ["hoa"])
    }

    func testFiveWrongPasswordsLockFor15Minutes() throws {
        let clock = TestClock()
        let store = try WardStore.inMemory(clock: clock.closure)
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "dung-mat-khau", by: .system)
        for remaining in (1...4).reversed() {
            XCTAssertEqual(try store.signIn(login: "hoa", password: "sai"), .wrongPassword(remaining: remaining))
        }
        let until = clock.now.addingTimeInterval(15 * 60)
        XCTAssertEqual(try store.signIn(login: "hoa", password: "sai"), .locked(until: until))
        XCTAssertEqual(try store.signIn(login: "hoa", password: "dung-mat-khau"), .locked(until: until), "even the right password waits")
        clock.advance(15 * 60 + 1)
        guard case .success(let a) = try store.signIn(login: "hoa", password: "dung-mat-khau") else { return XCTFail() }
        XCTAssertEqual(a.failedAttempts, 0)
        XCTAssertEqual(try store.signIn(login: "nobody", password: "x"), .wrongPassword(remaining: 5))
        let actions = try store.auditEntries(AuditFilter(record: "account"), offset: 0, limit: 50).map(\.action)
        XCTAssertEqual(actions.filter { $0 == .signInFailed }.count, 5)
        XCTAssertEqual(actions.filter { $0 == .locked }.count, 1)
        XCTAssertEqual(actions.first, .signIn)
    }

    func testDisabledAccountsCannotSignInAndTheLastAdminStays() throws {
        let store = try WardStore.inMemory()
        try store.createAccount(login: "admin", displayName: "Quản trị", roles: [.admin], password: "12345678", by: .system)
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: .system)
        try store.modifyAccount(login: "hoa", by: .system) { $0.active = false }
        XCTAssertEqual(try store.signIn(login: "hoa", password: "12345678"), .disabled)
        XCTAssertThrowsError(try store.modifyAccount(login: "admin", by: .system) { $0.roles = [.clerk] }) {
            XCTAssertEqual($0 as? WardError, .lastAdmin)
        }
        XCTAssertThrowsError(try store.modifyAccount(login: "admin", by: .system) { $0.active = false })
    }

    func testOSUserMapsToOneAccount() throws {
        let store = try WardStore.inMemory()
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", osUser: "hoa", by: .system)
        XCTAssertEqual(try store.account(osUser: "hoa")?.login, "hoa")
        // Mapping the OS user to another account moves it: one OS user, one account.
        try store.createAccount(login: "lan", displayName: "Lan", roles: [.clerk], password: "12345678", osUser: "hoa", by: .system)
        XCTAssertEqual(try store.account(osUser: "hoa")?.login, "lan")
        XCTAssertNil(try store.account(login: "hoa")?.osUser)
        XCTAssertNil(try store.account(osUser: "phuong"))
    }
}

final class AuditTests: XCTestCase {
    func testEveryKindOfChangeIsAudited() throws {
        let clock = TestClock()
        let store = try WardStore.inMemory(clock: clock.closure)
        let admin = try store.createAccount(login: "admin", displayName: "Quản trị", roles: [.admin], password: "12345678", by: .system)
        let by = Actor(admin)
        try store.setWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"), by: by)
        try store.setWard(WardIdentity(name: "Phường Láng", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"),
                          original: try store.ward(), by: by)
        let e = try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4), by: by)
        try store.createAccount(login: "hoa", displayName: "Hoa", roles: [.officer], password: "12345678", by: by)
        try store.modifyAccount(login: "hoa", by: by) { $0.roles = [.officer, .clerk] }
        try store.modifyAccount(login: "hoa", by: by) { $0.active = false }
        try store.setPassword(login: "hoa", password: "87654321", by: by)
        try store.recordIdentityView(recordType: "person", recordId: 7, by: by)

        let rows = try store.auditEntries(AuditFilter(actor: "admin"), offset: 0, limit: 100).reversed()
        let summary = rows.map { "\($0.action.rawValue) \($0.recordType)#\($0.recordId.map(String.init) ?? "-") \($0.changeSummary)" }
        XCTAssertEqual(summary, [
            "create ward#1 name: Phường Láng; province: Hà Nội; receiving_agency: Sở Y tế",
            "update ward#1 province: Hà Nội → Thành phố Hà Nội",
            "create establishment#\(e.id!) archived: 0; commitment_signed: 0; name: Karaoke Nice; risk_level: low; security_certificate: 0; status: active; type: 4; workers: 0; workers_health_checked: 0; workers_reached: 0",
            "create account#2 active: 1; display_name: Hoa; login: hoa; roles: officer",
            "update account#2 roles: officer → officer,clerk",
            "status account#2 active: 1 → 0",
            "update account#2 password: ••• → ••• (mới)",
            "view_identity person#7 ",
        ])
        XCTAssertEqual(try store.countAudit(AuditFilter(record: "account#2")), 4)
        XCTAssertEqual(try store.countAudit(AuditFilter(actor: "nobody")), 0)
        let today = Formats.Day.today(clock.now)
        XCTAssertEqual(try store.countAudit(AuditFilter(from: today, to: today)), 9)
        clock.advance(86_400)
        let tomorrow = Formats.Day.today(clock.now)
        XCTAssertEqual(try store.countAudit(AuditFilter(from: tomorrow)), 0)
    }

    func testTheAuditTrailIsAppendOnly() throws {
        let store = try WardStore.inMemory()
        try store.createAccount(login: "admin", displayName: "A", roles: [.admin], password: "12345678", by: .system)
        XCTAssertThrowsError(try store.writer.write { db in try db.execute(sql: "UPDATE audit SET actor = 'x'") })
        XCTAssertThrowsError(try store.writer.write { db in try db.execute(sql: "DELETE FROM audit") })
        XCTAssertEqual(try store.countAudit(AuditFilter()), 1)
        XCTAssertEqual(try store.check(), [.wardMissing])
    }
}
