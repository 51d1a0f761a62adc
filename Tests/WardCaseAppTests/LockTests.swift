import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo

/// A case worker with the passphrase typed, on the page of a new case whose person is `named`.
func caseOpenByItsCaseWorker(named name: String) throws -> (Harness, SupportCase) {
    let h = try Harness(width: 110, height: 40)
    let worker = try h.store.demoAccount("canboxh")
    let key = try h.store.unlockWardKey(passphrase: DemoWard.passphrase, by: worker)
    let c = try h.store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .policeList,
                                            firstContact: h.store.today),
                                identity: Identity(fullName: name), notes: "Ghi chú riêng", key: key, by: worker)
    // F2 in the demo: canbo, canboxh, ... ; then the passphrase, typed as she would (m).
    h.press(.function(2), .home, .down, .enter)
    XCTAssertEqual(h.app.ctx.session?.login, "canboxh")
    h.press(.char("3"), .char("m"))
    h.type(DemoWard.passphrase)
    h.press(.ctrl("s"))
    XCTAssertNotNil(h.app.ctx.wardKey)
    h.press(.char("/"))
    h.type(String(c.code.suffix(4)))
    h.press(.enter, .enter)
    XCTAssertTrue(h.screen.contains(name), h.screen)
    return (h, c)
}

/// The idle lock is a wall, told as the attacks that used to get through it: someone walks up to
/// a terminal left open and tries every way past the lock screen without the password.
final class LockTests: XCTestCase {
    private let locked = "Màn hình đã khóa"
    private let idle = 601.0

    /// The officer opens a new establishment, types a name, presses Esc: "discard changes?" asks.
    private func formWithDiscardDialog() throws -> Harness {
        let h = try Harness()
        h.press(.char("n"))
        h.type("Karaoke Bí Mật")
        h.press(.escape)
        XCTAssertTrue(h.screen.contains("Bỏ thay đổi"), "the discard dialog is open: \(h.screen)")
        return h
    }

    func testTheDiscardDialogLeftOpenDoesNotOpenTheLock() throws {
        let h = try formWithDiscardDialog()
        // The officer walks away; the screen locks.
        h.wait(seconds: idle)
        XCTAssertTrue(h.screen.contains(locked), h.screen)
        XCTAssertFalse(h.screen.contains("Bỏ thay đổi"), "locking clears the dialog: \(h.screen)")
        XCTAssertFalse(h.screen.contains("Karaoke Bí Mật"), "nothing of the record shows: \(h.screen)")
        // The attacker presses Left and Enter, as if the dialog's "Discard" were still there.
        h.press(.left, .enter)
        XCTAssertTrue(h.screen.contains(locked), "Left, Enter must not pass the lock: \(h.screen)")
        h.press(.escape, .char("q"), .enter)
        XCTAssertTrue(h.screen.contains(locked), "nor Esc, q or Enter: \(h.screen)")
        XCTAssertFalse(h.app.finished)
        // The officer comes back and types the password: the form is as it was left.
        h.type("demo2026")
        h.press(.enter)
        XCTAssertFalse(h.screen.contains(locked), h.screen)
        XCTAssertTrue(h.screen.contains("Karaoke Bí Mật"), "the unsaved input is kept: \(h.screen)")
    }

    func testThePaletteLeftOpenOffersNoWayPastTheLock() throws {
        let h = try Harness()
        h.press(.char(":"))
        h.type("doi nguoi")
        h.wait(seconds: idle)
        XCTAssertTrue(h.screen.contains(locked), h.screen)
        // Enter would have run "switch user" from the palette; Esc would then have gone back to the session.
        h.press(.enter)
        h.press(.escape)
        XCTAssertTrue(h.screen.contains(locked), "the palette is gone with the lock: \(h.screen)")
        XCTAssertNotNil(h.app.ctx.session)
    }

    func testASwitchUserScreenLeftOpenLocksToo() throws {
        let h = try Harness()
        // In the demo F2 opens the account chooser; Esc there goes back to the session.
        h.press(.function(2))
        XCTAssertTrue(h.screen.contains("Chọn tài khoản mẫu"), h.screen)
        h.wait(seconds: idle)
        XCTAssertTrue(h.screen.contains(locked), "a chooser left open is no way around the lock: \(h.screen)")
        h.press(.escape)
        XCTAssertTrue(h.screen.contains(locked), h.screen)
    }

    func testFromTheLockOnlyAFullSignInOfSomeoneElseGetsIn() throws {
        let h = try Harness()
        h.wait(seconds: idle)
        // F2 on the lock asks for a login and a password, even in the demo (no one-key chooser).
        h.press(.function(2))
        XCTAssertTrue(h.screen.contains("Đăng nhập"), h.screen)
        XCTAssertFalse(h.screen.contains("Chọn tài khoản mẫu"), h.screen)
        // Giving up goes back to the lock, not to the session behind it.
        h.press(.escape)
        XCTAssertTrue(h.screen.contains(locked), h.screen)
        // Someone else signs in fully: a fresh session of their own.
        h.press(.function(2))
        h.type("vanthu")
        h.press(.tab)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Đã đăng nhập: Đỗ Thị Lan (vanthu)."), h.screen)
        XCTAssertEqual(h.app.ctx.session?.login, "vanthu")
        XCTAssertNil(h.app.ctx.wardKey)
    }

    func testTheLockDropsTheWardKeyAndWhatWasDecrypted() throws {
        let (h, c) = try caseOpenByItsCaseWorker(named: "Lò Thị Bí Mật")
        h.wait(seconds: idle)
        XCTAssertNil(h.app.ctx.wardKey, "the ward key is dropped from memory when the screen locks")
        XCTAssertFalse(h.screen.contains("Lò Thị Bí Mật"), h.screen)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertFalse(h.screen.contains("Lò Thị Bí Mật"), "after the lock the passphrase is asked again: \(h.screen)")
        XCTAssertTrue(h.screen.contains("Hồ sơ \(c.code)"), h.screen)
    }
}

/// The audit trail records each showing of a person, not each refresh of the page.
final class ViewLoggingTests: XCTestCase {
    func testACasePageOpenForTenSecondsLogsOneShowing() throws {
        let (h, c) = try caseOpenByItsCaseWorker(named: "Vi Thị Một Lần")
        let caseId = try XCTUnwrap(c.id)
        func showings() throws -> Int {
            try h.store.auditEntries(AuditFilter(record: "support_case#\(caseId)"), offset: 0, limit: 500, by: h.store.demoAccount())
                .filter { $0.action == .viewIdentity || $0.action == .viewNotes }.count
        }
        XCTAssertEqual(try showings(), 1)
        // Ten seconds of the app's loop: twenty refreshes at the half second it polls.
        for _ in 0..<20 { h.wait(seconds: 0.5) }
        XCTAssertEqual(try showings(), 1, "a page left open does not write to the audit trail")
        XCTAssertTrue(h.screen.contains("Vi Thị Một Lần"), h.screen)
        // A change elsewhere that is not this case keeps what is shown, and logs nothing.
        try h.store.addEstablishment(Establishment(name: "Nhà nghỉ Bên Cạnh", typeId: 2), by: h.store.demoAccount())
        h.wait(seconds: 0.5)
        XCTAssertEqual(try showings(), 1)
        // Reopening the case is a new showing.
        h.press(.char("q"), .enter)
        XCTAssertEqual(try showings(), 2)
    }
}

/// What an admin does in one terminal holds at once in every other.
final class SessionFollowsTheAccountTests: XCTestCase {
    func testADisabledAccountIsRefusedOnItsNextActionAndSignedOut() throws {
        let h = try Harness()
        let hoa = try h.store.demoAccount("canbo")
        h.app.ctx.session = hoa
        let everything = EstablishmentQuery(language: .vi, includeArchived: true)
        let before = try h.store.countEstablishments(everything)
        // Another terminal: the admin disables canbo while her terminal is signed in.
        let admin = try h.store.demoAccount("quantri")
        try h.store.modifyAccount(login: "canbo", by: admin) { $0.active = false }
        // Her very next write is refused by the core, whatever the screen thought of her.
        XCTAssertThrowsError(try h.store.addEstablishment(Establishment(name: "Karaoke Sau Khi Khóa", typeId: 4), by: hoa)) {
            XCTAssertEqual($0 as? WardError, .accountDisabled)
        }
        // And the terminal notices within its next refresh: back to the sign-in screen.
        h.wait(seconds: 0.5)
        XCTAssertNil(h.app.ctx.session)
        XCTAssertTrue(h.screen.contains("vừa bị vô hiệu hóa"), h.screen)
        XCTAssertTrue(h.screen.contains("Đăng nhập"), h.screen)
        XCTAssertEqual(try h.store.countEstablishments(everything), before, "nothing was written")
    }
}
