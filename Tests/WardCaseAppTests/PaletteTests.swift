import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

/// The command palette: find an action by name in either language, accents optional.
final class PaletteTests: XCTestCase {
    func testTypingWithoutAccentsFindsAndRunsAnAction() throws {
        let h = try Harness(width: 100, height: 30)
        h.press(.char(":"))
        XCTAssertTrue(h.screen.contains("Tìm lệnh"), h.screen)
        h.type("loc nhanh")
        XCTAssertTrue(h.screen.contains("f  Lọc nhanh"), h.screen)
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Lọc nhanh danh sách cơ sở"), h.screen)
    }

    func testEnglishWordsWorkAndActionsNotAllowedSayWhy() throws {
        let h = try Harness(width: 100, height: 30)
        h.press(.function(2), .home, .enter)         // canbo, an officer
        h.press(.ctrl("p"))
        h.type("accounts")
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Quản trị."), h.screen)
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Quản trị."), "running it says why not: \(h.screen)")
        XCTAssertFalse(h.screen.contains("Tài khoản người dùng"), h.screen)
        h.press(.char(":"))
        h.type("khong co viec nay")
        XCTAssertTrue(h.screen.contains("Không có việc nào khớp."), h.screen)
        h.press(.escape)
        XCTAssertFalse(h.screen.contains("Tìm lệnh"), h.screen)
    }
}
