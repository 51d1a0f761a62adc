import Foundation
import XCTest

/// The four users' working days on the demo ward, at 80×24 in Vietnamese, through the installed
/// binary: each asserts the facts a person relies on, and prints the command keys it took (typed
/// text not counted), to compare with the count before (~60, ~20, ~75 and ~25).
final class WorkingDayTests: XCTestCase {
    /// The demo ward at 80×24, on its overview.
    private func demoAt80x24() throws -> TmuxSession {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 80, height: 24)
        t.waitFor(text: "Tổng quan năm")
        return t
    }

    private func signIn(_ t: TmuxSession, _ keys: String..., typing: String = "", as login: String) throws {
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        if !typing.isEmpty { try t.type(typing) }
        for k in keys { try t.press(k) }
        t.waitFor(text: "\(login) · wardcase")
    }

    private func report(_ day: String, _ t: TmuxSession) {
        print("working day: \(day) took \(t.commandKeys) command keys at 80×24")
        assertNothingCutWithoutEllipsis(t.screen)
    }

    /// Every word on screen is whole or ends in "…": a cut word shows as the screen's last column
    /// filled by a letter with no ellipsis, which the 80-column frame must never have.
    private func assertNothingCutWithoutEllipsis(_ screen: String, file: StaticString = #filePath, line: UInt = #line) {
        for row in screen.split(separator: "\n") where row.count >= 80 {
            let last = row[row.index(row.startIndex, offsetBy: 79)]
            XCTAssertTrue(last == " " || last == "…" || last == "─" || !last.isLetter, "cut at the edge: \(row)", file: file, line: line)
        }
    }

    /// The officer finds the visit the leader returned, corrects it and sends it again, then logs
    /// a new one typing the time as people do.
    func testTheOfficersDay() throws {
        let t = try demoAt80x24()
        try signIn(t, "Enter", as: "canbo")                          // the switcher starts on canbo
        t.waitFor(text: "⚠ Biên bản bị trả lại cho tôi: 1")
        try t.press("Enter")                                          // the first thing due: my returned visit
        let list = t.waitFor(text: "[Trả lại 1]")
        XCTAssertTrue(list.contains("Trả lại") && list.contains("canbo"), list)
        try t.press("Enter")
        let record = t.waitFor(text: "Lý do trả lại")
        XCTAssertTrue(record.contains("trả lại: doitruong") && record.contains("còn sơ sài"), record)
        try t.press("e", "BTab", "BTab", "BTab", "End")               // back round to the findings
        t.waitFor(text: "Sửa biên bản kiểm tra")
        try t.press("Enter")
        try t.type("Có 6 người lao động, sổ lưu trú ghi đủ.")
        try t.press("C-s")
        t.waitFor(text: "Đã lưu biên bản kiểm tra.")
        try t.press("s")
        t.waitFor(text: "Gửi đội trưởng duyệt biên bản")
        try t.press("Enter")
        t.waitFor(text: "Đã gửi đội trưởng duyệt.")
        // A new visit from the visit list, with its time typed as "930".
        try t.press("q", "n")
        t.waitFor(text: "Chọn cơ sở")
        try t.type("anh duong")
        try t.press("Enter")
        t.waitFor(text: "Ghi lần kiểm tra: Karaoke Ánh Dương")
        try t.press("Tab")
        try t.type("930")
        try t.press("Tab")
        t.waitFor(text: "09:30")
        try t.press("C-s")
        let saved = t.waitFor(text: "Đã lưu biên bản kiểm tra.")
        XCTAssertTrue(saved.contains("09:30") && saved.contains("Bản nháp"), saved)
        report("officer", t)
        try t.press("q", "q", "q")
        t.waitFor(text: "EXIT=0")
    }

    /// The leader approves a visit, returns the next with a reason, then opens the weakest
    /// residential group's establishments not yet inspected this year.
    func testTheLeadersDay() throws {
        let t = try demoAt80x24()
        try signIn(t, "Enter", typing: "do", as: "doitruong")       // typing jumps to the login
        t.waitFor(text: "Biên bản chờ tôi duyệt")
        try t.press("End", "Enter", "Enter")
        t.waitFor(text: "Chờ duyệt · người lập")
        try t.press("p")
        t.waitFor(text: "Duyệt biên bản kiểm tra")
        try t.press("Enter")                                          // the default is the action asked for
        t.waitFor(text: "Đã duyệt. Biên bản đã khóa.")
        try t.press("n")                                              // the next one waiting
        t.waitFor(text: "Chờ duyệt · người lập")
        try t.press("t")
        t.waitFor(text: "Trả lại biên bản cho người lập")
        try t.type("Ghi rõ số người lao động có mặt.")
        try t.press("C-s")
        let returned = t.waitFor(text: "Đã trả lại cho người lập.")
        XCTAssertTrue(returned.contains("trả lại: doitruong"), returned)
        try t.press("2", "g")
        t.waitFor(text: "theo tổ dân phố (thấp nhất trước)")
        try t.press("Enter")
        let register = t.waitFor(text: "Lọc nhanh: Tổ dân phố số")
        XCTAssertTrue(register.contains("chưa kiểm tra năm") && register.contains("Chưa kiểm tra năm nay"), register)
        report("leader", t)
        try t.press("q", "q", "q", "q")
        t.waitFor(text: "EXIT=0")
    }

    /// The case worker opens the key, finds a person by name and records in one save that the
    /// referred service was used.
    func testTheCaseWorkersDay() throws {
        let t = try demoAt80x24()
        try signIn(t, "Down", "Enter", as: "canboxh")
        try t.press("3", "m")
        t.waitFor(text: "Cụm mật khẩu")
        try t.type("demo-hotro-2026")
        try t.press("C-s")
        t.waitFor(text: "Đã mở khóa nhân thân cho phiên này.", seconds: 30)
        try t.press("/")
        try t.type("giang thi ngoc")
        let found = t.waitFor(text: "1 hồ sơ")
        XCTAssertTrue(found.contains("HT-"), found)
        try t.press("Enter", "Enter")
        let page = t.waitFor(text: "Giang Thị Ngọc")
        XCTAssertTrue(page.contains("Tỷ lệ tiếp cận"), page)
        try t.press("t", "Enter")
        t.waitFor(text: "đang ở bước")
        try t.type("su")                                              // jumps to "Đã sử dụng dịch vụ"
        t.waitFor(text: "Đã sử dụng dịch vụ")
        try t.press("C-s")
        let referrals = t.waitFor(text: "Đã cập nhật chuyển gửi.")
        XCTAssertTrue(referrals.contains("Đã sử dụng"), referrals)
        report("case worker", t)
        try t.press("q", "q", "q", "Left", "Enter")                   // the key is open: q asks first (staying is the default)
        t.waitFor(text: "EXIT=0")
    }

    /// The clerk opens the report that is due from the overview, is told which sections are still
    /// empty before finalising, and exports it under one dated name.
    func testTheClerksDay() throws {
        let t = try demoAt80x24()
        try signIn(t, "Enter", typing: "v", as: "vanthu")
        t.waitFor(text: "Báo cáo đến hạn, quá hạn: 1")
        try t.press("Enter", "Enter")                                 // the list opens on the report due
        let calendar = Calendar(identifier: .gregorian)
        let lastMonth = calendar.date(byAdding: .month, value: -1, to: Date())!
        let (m, y) = (calendar.component(.month, from: lastMonth), calendar.component(.year, from: lastMonth))
        t.waitFor(text: "Báo cáo tháng \(m) năm \(y) · v1 · Bản nháp")
        // Beside the visit figures, a page or two down: only approved visits are counted.
        for _ in 0..<3 where !t.screen.contains("(chỉ tính biên bản đã duyệt") {
            try t.press("PageDown")
            Thread.sleep(forTimeInterval: 0.3)
        }
        t.waitFor(text: "(chỉ tính biên bản đã duyệt")
        try t.press("f")
        let ask = t.waitFor(text: "Các phần còn trống:")
        XCTAssertTrue(ask.contains("Tình hình"), ask)
        try t.press("Escape", "x")
        t.waitFor(text: String(format: "bao-cao-%04d-%02d.docx", y, m))
        report("clerk", t)
        try t.press("Escape", "q", "q", "q")
        t.waitFor(text: "EXIT=0")
    }
}
