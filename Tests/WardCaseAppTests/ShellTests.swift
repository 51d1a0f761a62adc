import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo

final class ShellTests: XCTestCase {
    func testDemoWardOpensOnTheEstablishmentListInVietnamese() throws {
        let h = try Harness()
        assertScreen(h, "establishments-vi-80x24")
    }

    func testEnglishIsComplete() throws {
        let h = try Harness(language: .en)
        assertScreen(h, "establishments-en-80x24")
        h.press(.char("2"))
        XCTAssertTrue(h.screen.contains("establishments under management inspected"), h.screen)
        XCTAssertTrue(h.screen.contains("Awaiting my approval"), h.screen)
    }

    func testOfficerFiltersByTypingWithoutAccents() throws {
        let h = try Harness()
        h.press(.char("/"))
        h.type("dong da")
        XCTAssertTrue(h.screen.contains("3 / 40 cơ sở khớp “dong da”"), h.screen)
        XCTAssertTrue(h.screen.contains("Karaoke Gò Đống Đa"))
        XCTAssertTrue(h.screen.contains("Nhà nghỉ Đống Đa"))
        XCTAssertFalse(h.screen.contains("Karaoke Nice"))
        // Ctrl-U clears the typed filter at once, as it clears a form's line.
        h.press(.ctrl("u"))
        XCTAssertTrue(h.screen.contains("Karaoke Nice"), h.screen)
        h.type("dong da")
        // While filtering, digits and q are text, not section keys.
        h.type("q1")
        XCTAssertTrue(h.screen.contains("Lọc: dong daq1"))
        h.press(.backspace, .backspace, .enter)
        assertScreen(h, "establishments-filtered-vi")
        h.press(.escape)
        XCTAssertTrue(h.screen.contains(" 40 cơ sở"))
    }

    func testSectionsSwitchWithDigitsTabAndShiftTab() throws {
        let h = try Harness()
        XCTAssertTrue(h.press(.char("2")).contains("Chờ tôi duyệt"))
        XCTAssertTrue(h.press(.tab).contains("Nhân thân đang khóa"))
        XCTAssertTrue(h.press(.tab).contains("Báo cáo ·"))
        XCTAssertTrue(h.press(.tab).contains("Tổng quan năm"))
        XCTAssertTrue(h.press(.tab).contains("40 cơ sở"))
        XCTAssertTrue(h.press(.backTab).contains("Tổng quan năm"))
        XCTAssertTrue(h.press(.backTab).contains("Báo cáo ·"))
        assertScreen(h, "reports-vi")
        XCTAssertTrue(h.press(.char("1")).contains("40 cơ sở"))
    }

    func testHelpListsEveryKeyOfTheScreenAndScrolls() throws {
        let h = try Harness()
        h.press(.char("?"))
        assertScreen(h, "help-establishments-vi")
        h.press(.pageDown, .pageDown)
        XCTAssertTrue(h.screen.contains("Ctrl-C"), h.screen)
        h.press(.escape)
        XCTAssertFalse(h.screen.contains("Trợ giúp:"))
        h.press(.function(1))
        XCTAssertTrue(h.screen.contains("Trợ giúp:"))
    }

    func testEnterOpensTheRecordAndQGoesBackThenQuits() throws {
        let h = try Harness()
        h.press(.down, .down, .enter)
        XCTAssertTrue(h.screen.contains("Chủ / người quản lý"), h.screen)
        XCTAssertTrue(h.screen.contains("Cơ sở gội đầu thư giãn Bảo Anh"))
        h.press(.char("q"))
        XCTAssertTrue(h.screen.contains("40 cơ sở"))
        XCTAssertFalse(h.app.finished)
        h.press(.char("q"))
        XCTAssertTrue(h.app.finished)
    }

    func testMovingAndSortingTheList() throws {
        let h = try Harness()
        h.press(.end)
        XCTAssertTrue(h.screen.contains("24-40/40"), h.screen)
        h.press(.home, .pageDown)
        XCTAssertTrue(h.screen.contains("2-18/40"), h.screen)
        h.press(.char("s"))
        XCTAssertTrue(h.screen.contains("Loại hình ▲"))
        h.press(.char("s"), .char("s"))
        XCTAssertTrue(h.screen.contains("Nguy cơ ▲"))
        h.press(.char("r"))
        XCTAssertTrue(h.screen.contains("Nguy cơ ▼"))
        let firstRow = h.screen.split(separator: "\n")[4]
        XCTAssertTrue(firstRow.contains("Cao"), String(firstRow))
    }

    func testMouseSelectsTabsAndRowsAndTheWheelScrolls() throws {
        let h = try Harness()
        // Tabs: " 0 Tổng quan " at 1-13, " 1 Cơ sở " at 15-23, " 2 Kiểm tra " from 25.
        h.send(.mouse(MouseEvent(kind: .click, x: 28, y: 1)))
        XCTAssertTrue(h.screen.contains("Chờ tôi duyệt"), h.screen)
        h.send(.mouse(MouseEvent(kind: .click, x: 3, y: 1)))
        XCTAssertTrue(h.screen.contains("Tổng quan năm"), h.screen)
        h.send(.mouse(MouseEvent(kind: .click, x: 17, y: 1)))
        h.send(.mouse(MouseEvent(kind: .wheelDown, x: 10, y: 10)))
        XCTAssertTrue(h.screen.contains("4-20/40"), h.screen)
        h.send(.mouse(MouseEvent(kind: .click, x: 10, y: 6)))
        h.send(.mouse(MouseEvent(kind: .click, x: 10, y: 6)))
        XCTAssertTrue(h.screen.contains("Chủ / người quản lý"), "a second click opens the row")
        h.press(.escape)
        h.send(.mouse(MouseEvent(kind: .click, x: 45, y: 4)))
        XCTAssertTrue(h.screen.contains("Nguy cơ ▲"), "clicking a header sorts by it")
    }

    func testTooSmallWindowAsksForMoreRoomAndResizeRedraws() throws {
        let h = try Harness()
        h.send(.resize(Size(width: 70, height: 20)))
        XCTAssertTrue(h.screen.contains("Cửa sổ quá nhỏ: cần ít nhất 80×24, hiện là 70×20."), h.screen)
        h.send(.resize(Size(width: 120, height: 40)))
        XCTAssertTrue(h.screen.contains("40 cơ sở"))
        XCTAssertEqual(h.backend.lastFrame?.size, Size(width: 120, height: 40))
    }

    func testStoredControlCharactersAreShownHarmlessly() throws {
        let h = try Harness(demo: false, store: {
            let s = try WardStore.inMemory()
            try s.initialiseWard(WardIdentity(name: "Phường \u{1B}]0;pwned\u{07}X", province: "Hà Nội", receivingAgency: "Sở Y tế"))
            let admin = try s.createFirstAccount(login: "quantri", displayName: "Quản trị", roles: [.admin, .officer], password: "matkhau123")
            try s.addEstablishment(Establishment(name: "Quán\u{1B}[2J bar", typeId: 6), by: admin)
            try s.createAccount(login: "canbo", displayName: "Cán bộ", roles: [.officer], password: "matkhau123", osUser: "tester", by: admin)
            return s
        }())
        XCTAssertTrue(h.screen.contains("Phường �]0;pwned�X"))
        XCTAssertTrue(h.screen.contains("Quán�[2J bar"))
        XCTAssertFalse(h.screen.contains("\u{1B}"))
    }
}

final class SetupTests: XCTestCase {
    func testFirstStartAsksForTheWardAndSavesIt() throws {
        let h = try Harness(demo: false)
        assertScreen(h, "setup-vi")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("⚠ Cần điền ô này."))
        h.fill("ward", "Phường Láng")
        h.fill("province", "Thành phố Hà Nội")
        h.fill("login", "lan")
        h.fill("name", "Nguyễn Thị Lan")
        h.fill("password", "matkhau123")
        h.fill("password2", "matkhau124")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("⚠ Hai lần nhập mật khẩu không giống nhau."), h.screen)
        XCTAssertNil(try h.store.ward(), "nothing is saved until everything is right")
        h.press(.tab, .backspace)
        h.type("3")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Phường Láng · Thành phố Hà Nội"), h.screen)
        XCTAssertTrue(h.screen.contains("lan · wardcase"), "the new admin is signed in")
        XCTAssertTrue(h.screen.contains("Đã lưu thông tin phường."))
        XCTAssertTrue(h.screen.contains("Tổng quan năm"), "the overview comes first, even on an empty ward: \(h.screen)")
        h.press(.char("1"))
        XCTAssertTrue(h.screen.contains("Chưa có cơ sở nào trong sổ."))
        XCTAssertEqual(try h.store.ward(), WardIdentity(name: "Phường Láng", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"))
        XCTAssertEqual(try h.store.account(login: "lan")?.roles, [.admin])
    }

    func testCtrlCAsksBeforeLosingTypedInput() throws {
        let h = try Harness(demo: false)
        h.type("Phường Kim Liên")
        h.press(.ctrl("c"))
        XCTAssertTrue(h.screen.contains("Còn dữ liệu chưa lưu. Thoát mà không lưu?"), h.screen)
        h.press(.char("k"))
        XCTAssertFalse(h.app.finished)
        XCTAssertTrue(h.screen.contains("Phường Kim Liên"), "the typed text is still there")
        h.press(.ctrl("c"), .char("c"))
        XCTAssertTrue(h.app.finished)
        XCTAssertNil(try h.store.ward(), "nothing half-written")
    }

    func testCtrlCQuitsAtOnceWhenNothingIsUnsaved() throws {
        let h = try Harness()
        h.press(.ctrl("c"))
        XCTAssertTrue(h.app.finished)
    }
}

final class FieldRuleTests: XCTestCase {
    func testRulesComeFromTheCoreWithMessagesInTheUsersLanguage() throws {
        let rules = FieldRules(l: try Localizer.load(.vi, resources: ResourceLocator.directory()))
        XCTAssertEqual(rules.date("5/1/2026"), .ok("05/01/2026"))
        XCTAssertEqual(rules.date("31/2/2026"), .invalid("Ngày không hợp lệ: viết theo dạng dd/mm/yyyy (ví dụ 05/12/2026), hoặc dd/mm cho năm nay."))
        XCTAssertEqual(rules.date("5/1"), .ok("05/01/\(Formats.Day.today().year)"))
        XCTAssertEqual(rules.time("9h30"), .ok("09:30"))
        XCTAssertEqual(rules.time("25h"), .invalid("Giờ không hợp lệ: viết như 08:30, 8h30, 0830 hoặc 8h."))
        XCTAssertEqual(rules.money("1500000"), .ok("1.500.000"))
        XCTAssertEqual(rules.number("12"), .ok("12"))
        XCTAssertEqual(rules.number("-3"), .invalid("Cần một số nguyên, ví dụ 12."))
    }
}
