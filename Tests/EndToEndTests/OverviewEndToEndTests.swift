import Foundation
import XCTest

/// A team leader opens the overview, goes to "tip-offs overdue" and lands on that list.
final class OverviewEndToEndTests: XCTestCase {
    func testTheLeaderOpensTipOffsOverdueFromTheOverview() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 110, height: 40)
        t.waitFor(text: "Tổng quan năm")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Down", "Down", "Down", "Enter")        // doitruong
        t.waitFor(text: "doitruong · wardcase")
        // Signing in opens the overview: no key needed.
        let overview = t.waitFor(text: "Tổng quan năm")
        XCTAssertTrue(overview.contains("% / 80%"), overview)
        XCTAssertTrue(overview.contains("Biên bản chờ tôi duyệt"), overview)
        try t.press("Down", "Down", "Down", "Enter")                // reports, follow-ups, remedy, tip-offs
        let list = t.waitFor(text: "[Quá hạn ")
        XCTAssertTrue(list.contains("⚠"), list)
        XCTAssertTrue(list.contains("Tin báo, tố giác, khiếu nại"), list)
        try t.press("q", "q")
        t.waitFor(text: "EXIT=0")
    }
}
