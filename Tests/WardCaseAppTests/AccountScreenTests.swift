import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

final class SignInTests: XCTestCase {
    /// A demo ward where the OS user is mapped to nobody: a shared computer login.
    func sharedLogin() throws -> Harness {
        let store = try WardStore.inMemoryCopy(of: Harness.demoTemplate())
        return try Harness(store: store, osUser: "phuong")
    }

    func testASharedLoginShowsTheSignInScreen() throws {
        let h = try sharedLogin()
        assertScreen(h, "sign-in-vi")
        h.type("canbo")
        h.press(.tab)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Đã đăng nhập: Nguyễn Thị Hoa (canbo)."), h.screen)
        XCTAssertTrue(h.screen.contains("canbo · wardcase"))
        XCTAssertFalse(h.screen.contains("demo2026"), "a password is never shown")
    }

    func testFiveWrongPasswordsLockTheAccount() throws {
        let h = try sharedLogin()
        h.type("vanthu")
        h.press(.tab)
        // The answer never says how many tries are left: that would tell who has an account.
        for _ in 1...4 {
            h.type("sai-mat-khau")
            h.press(.enter)
            XCTAssertTrue(h.screen.contains("Sai tên đăng nhập hoặc mật khẩu."), h.screen)
            XCTAssertFalse(h.screen.contains("lần thử"), h.screen)
        }
        h.type("sai-mat-khau")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Tài khoản bị khóa đến"), h.screen)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Tài khoản bị khóa đến"), "even the right password waits 15 minutes")
        XCTAssertNil(h.app.ctx.session)
    }

    func testIdleLockKeepsWhatWasBeingTyped() throws {
        let h = try Harness()
        h.press(.char("u"), .char("n"))
        h.type("nguyenvana")
        h.wait(seconds: 599)
        XCTAssertFalse(h.screen.contains("Màn hình đã khóa"))
        h.wait(seconds: 2)
        XCTAssertTrue(h.screen.contains("Màn hình đã khóa"), h.screen)
        XCTAssertFalse(h.screen.contains("nguyenvana"), "nothing of the work shows while locked")
        h.type("sai")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Sai tên đăng nhập hoặc mật khẩu."), h.screen)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("nguyenvana"), "the unsaved form is still there: \(h.screen)")
        XCTAssertTrue(h.screen.contains("Tài khoản mới"))
    }

    func testDemoSwitchesAccountWithOneKeyAndRolesChangeWhatIsOffered() throws {
        let h = try Harness()
        h.press(.function(2))
        XCTAssertTrue(h.screen.contains("Chọn tài khoản mẫu"), h.screen)
        assertScreen(h, "demo-switch-vi")
        h.press(.up, .up, .enter)   // from "demo" (third by login) up to "canbo", an officer
        XCTAssertTrue(h.screen.contains("canbo · wardcase"), h.screen)
        XCTAssertTrue(h.screen.contains("Đã đăng nhập: Nguyễn Thị Hoa (canbo)."))
        XCTAssertTrue(h.screen.contains("việc của tôi"), "an officer's overview is their own work: \(h.screen)")
        h.press(.char("1"))
        XCTAssertTrue(h.screen.contains("40 cơ sở"))
        h.press(.char("u"))
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Quản trị."), h.screen)
        h.press(.char("a"))
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Quản trị, Đội trưởng."), h.screen)
    }
}

final class AccountsScreenTests: XCTestCase {
    func testAdminCreatesAnAccountAndItIsAudited() throws {
        let h = try Harness()
        h.press(.char("u"))
        assertScreen(h, "accounts-vi")
        h.press(.char("n"))
        h.type("nguyenvana")
        h.press(.tab)
        h.type("Nguyễn Văn A")
        h.press(.tab)
        h.type("matkhau-moi")
        h.press(.tab)
        h.type("matkhau-moi")
        h.focus("role.teamLeader")          // officer is already yes; make them a team leader too
        h.press(.char("c"))
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu tài khoản nguyenvana."), h.screen)
        XCTAssertTrue(h.screen.contains("Nguyễn Văn A"))
        let a = try XCTUnwrap(h.store.account(login: "nguyenvana"))
        XCTAssertEqual(a.roles, [.teamLeader, .officer])
        h.press(.char("q"), .char("a"))
        XCTAssertTrue(h.screen.contains("Nhật ký thay đổi"), h.screen)
        XCTAssertTrue(h.screen.contains("account#\(a.id!)"), h.screen)
        h.press(.char("f"))
        h.type("demo")
        h.press(.tab)
        h.type("account#\(a.id!)")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("1 dòng nhật ký"), h.screen)
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Nhật ký #"), h.screen)
        XCTAssertTrue(h.screen.contains("Nguyễn Văn A"))
    }

    func testSavingOverSomeoneElsesChangeAsksFirst() throws {
        let h = try Harness()
        h.press(.char("u"))
        // "canbo" comes first (sorted by login): open it.
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Sửa tài khoản canbo"), h.screen)
        // Meanwhile, another terminal gives canbo a second role.
        try h.store.modifyAccount(login: "canbo", by: h.store.demoAccount()) { $0.roles = [.officer, .clerk] }
        h.press(.ctrl("u"))
        h.type("Nguyễn Thị Hoa B")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Bản ghi đã bị người khác sửa"), h.screen)
        XCTAssertTrue(h.screen.contains("roles: officer → officer,clerk"), h.screen)
        h.press(.escape)
        XCTAssertEqual(try h.store.account(login: "canbo")?.displayName, "Nguyễn Thị Hoa", "not overwritten")
        h.press(.ctrl("s"), .char("c"))
        XCTAssertEqual(try h.store.account(login: "canbo")?.displayName, "Nguyễn Thị Hoa B")
    }

    func testAListRefreshesWhenAnotherTerminalChangesTheData() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-refresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ward.sqlite").path
        let mine = try WardStore.open(path: path)
        try Harness.demoTemplate().testConnection.backup(to: mine.testConnection)
        let h = try Harness(store: mine, osUser: "tester")
        h.type("demo")
        h.press(.tab)
        h.type("demo2026")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Tổng quan năm"), "signing in opens the overview: \(h.screen)")
        h.press(.char("1"))
        XCTAssertTrue(h.screen.contains("40 cơ sở"), h.screen)
        let other = try WardStore.open(path: path)
        try other.addEstablishment(Establishment(name: "Karaoke Mới Mở", typeId: 4), by: other.demoAccount())
        h.wait(seconds: 0.5)
        XCTAssertTrue(h.screen.contains("41 cơ sở"), h.screen)
    }

    func testAdminChangesTheWardAndTheIdleLockInSettings() throws {
        let h = try Harness()
        h.press(.char("c"))
        XCTAssertTrue(h.screen.contains("Cài đặt"), h.screen)
        h.fill("province", "Thủ đô Hà Nội")
        h.fill("idle", "5")
        h.focus("signerTitle")
        for _ in 0..<10 { h.press(.ctrl("u")) }             // one line at a time
        h.type("CHỦ TỊCH")
        h.fill("signerName", "Nguyễn Văn Bình")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu cài đặt."), h.screen)
        XCTAssertEqual(try h.store.reportSigner(), ReportSigner(titleLines: ["CHỦ TỊCH"], name: "Nguyễn Văn Bình"))
        XCTAssertTrue(h.screen.contains("Phường Đống Đa · Thủ đô Hà Nội"), h.screen)
        XCTAssertEqual(try h.store.idleLockSeconds(), 300)
        h.wait(seconds: 301)
        XCTAssertTrue(h.screen.contains("Màn hình đã khóa"), h.screen)
    }

    /// The admin reaches the reporting regime from the settings (F6); its deadlines live there only.
    func testAdminSetsTheReportingRegimeFromSettings() throws {
        let h = try Harness()
        h.press(.char("c"))
        XCTAssertFalse(h.screen.contains("Hạn báo cáo năm"), "the deadlines are the regime's\n\(h.screen)")
        h.press(.function(6))
        XCTAssertTrue(h.screen.contains("Chế độ báo cáo của phường"), h.screen)
        h.fill("dueSoon", "10")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu chế độ báo cáo."), h.screen)
        XCTAssertEqual(try h.store.reportRegime().dueSoonDays, 10)
    }
}
