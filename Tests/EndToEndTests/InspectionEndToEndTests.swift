import Foundation
import XCTest

/// The inspection team's day through the installed binary: an officer logs a visit with a
/// violation and submits it, the team leader approves it, and the coverage figure moves.
final class InspectionEndToEndTests: XCTestCase {
    /// "Năm 2026: đã kiểm tra 25/37 cơ sở" -> (25, 37)
    private func coverage(_ screen: String) -> (Int, Int)? {
        guard let r = screen.range(of: #"đã kiểm tra (\d+)/(\d+) cơ sở"#, options: .regularExpression) else { return nil }
        let numbers = screen[r].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    private func day(_ offset: Int) -> String {
        let f = DateFormatter()
        f.dateFormat = "dd/MM/yyyy"
        return f.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    func testOfficerLogsAVisitWithAViolationAndTheLeaderApprovesIt() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 110, height: 34)
        t.waitFor(text: "Tổng quan năm")
        // Sign in as the officer (the demo switches accounts without a password).
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Enter")                                // canbo, the first login
        t.waitFor(text: "canbo · wardcase")

        // A new karaoke on the register, so that the figures below move by exactly one.
        try t.press("1", "n")
        t.waitFor(text: "Thêm cơ sở")
        try t.type("Karaoke Thử Nghiệm")
        try t.press("Tab", "Right", "Right", "Right")               // Khách sạn → Karaoke
        try t.press("C-s")
        t.waitFor(text: "Đã lưu cơ sở “Karaoke Thử Nghiệm”.")

        try t.press("2")
        let before = try XCTUnwrap(coverage(t.waitFor(text: "đã kiểm tra")))

        try t.press("n")
        t.waitFor(text: "Chọn cơ sở")
        try t.type("thu nghiem")
        t.waitFor(text: "Karaoke Thử Nghiệm")
        try t.press("Enter")
        t.waitFor(text: "Ghi lần kiểm tra: Karaoke Thử Nghiệm")
        try t.press("Tab", "Tab", "Tab", "Tab")                     // to the members
        try t.type("Nguyễn Văn An - Công an phường")
        try t.press("Enter")
        try t.type("Trần Thị Bình - Văn hóa - Xã hội")
        try t.press("Tab", "Right")                                 // licence shown: Đạt
        for _ in 0..<8 { try t.press("Tab") }                       // to the remedy deadline
        try t.type(day(10))
        try t.press("C-s")
        t.waitFor(text: "Đã lưu biên bản kiểm tra.")
        t.waitFor(text: "Bản nháp")

        try t.press("v")
        t.waitFor(text: "Thêm vi phạm")
        try t.type("Không có sổ theo dõi người lao động")
        try t.press("Tab")
        try t.type("Điểm a khoản 1 Điều 25 Nghị định 144/2021/NĐ-CP")
        try t.press("Tab", "Right", "Right", "Tab")                 // Nhắc nhở → Lập biên bản → Xử phạt
        try t.type("2000000")
        try t.press("C-s")
        t.waitFor(text: "Đã thêm vi phạm.")
        t.waitFor(text: "tổng tiền phạt 2.000.000 đ")

        try t.press("s")
        t.waitFor(text: "1 vi phạm, tiền phạt 2.000.000 đồng?")   // it asks first, saying what is sent
        try t.press("Enter")
        t.waitFor(text: "Đã gửi đội trưởng duyệt.")
        // An officer cannot approve.
        try t.press("p")
        t.waitFor(text: "cần vai trò")

        // The team leader approves it from the list of records awaiting approval.
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Down", "Down", "Down", "Enter")        // doitruong
        t.waitFor(text: "doitruong · wardcase")
        try t.press("2")
        t.waitFor(text: "Chờ tôi duyệt")
        try t.press("/")
        try t.type("thu nghiem")
        try t.press("Enter")
        t.waitFor(text: "Chờ duyệt")
        try t.press("Enter")
        t.waitFor(text: "Biên bản kiểm tra số")
        try t.press("p")
        t.waitFor(text: "Sau khi duyệt, biên bản bị khóa")
        try t.press("y")
        t.waitFor(text: "Đã duyệt. Biên bản đã khóa.")
        // Locked: the editing keys are gone, an amendment is offered instead.
        let locked = t.waitFor(text: "Lập bản sửa đổi")
        XCTAssertFalse(locked.contains("Gửi duyệt"), locked)

        try t.press("q", "Escape")
        let after = try XCTUnwrap(coverage(t.waitFor(text: "đã kiểm tra \(before.0 + 1)/\(before.1)")))
        XCTAssertEqual(after.0, before.0 + 1)
        try t.press("q")
        t.waitFor(text: "EXIT=0")
    }

    func testTheChecklistAndTheDeadlinesAreTheWardsToChange() throws {
        let bin = try wardcaseBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-checklist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
        let db = folder.appendingPathComponent("w.sqlite").path
        XCTAssertEqual(try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội"], environment: env).status, 0)
        try mapTestUser(bin, db: db, env: env)
        var r = try runProgram([bin, "checklist", "set", "fire", "--vi", "Phòng cháy chữa cháy", "--en", "Fire safety", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Đã thêm nội dung kiểm tra fire: Phòng cháy chữa cháy\n", r.err)
        r = try runProgram([bin, "checklist", "set", "signs", "--off", "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        r = try runProgram([bin, "checklist", "list", "--db", db], environment: env)
        XCTAssertTrue(r.out.contains("signs\tDấu hiệu hoạt động mại dâm\tSigns of prostitution\tđã tắt\n"), r.out)
        XCTAssertTrue(r.out.hasSuffix("fire\tPhòng cháy chữa cháy\tFire safety\tđang dùng\n"), r.out)
        r = try runProgram([bin, "checklist", "set", "Sai Mã", "--vi", "x", "--db", db], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Mã nội dung kiểm tra cần 2-30 ký tự: chữ thường không dấu, số hoặc gạch dưới.\n")
        r = try runProgram([bin, "setting", "tip-handle-days", "20", "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        r = try runProgram([bin, "setting", "--db", db], environment: env)
        XCTAssertTrue(r.out.contains("tip-handle-days") && r.out.contains("20"), r.out)
        XCTAssertTrue(r.out.contains("coverage-target-percent") && r.out.contains("80"), r.out)
        r = try runProgram([bin, "setting", "coverage-target-percent", "180", "--db", db], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
    }
}
