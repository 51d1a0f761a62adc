import Foundation
import XCTest

/// The support section through the installed binary: a case worker opens a case with the
/// person's identity, records consent and a referral; an officer then sees only the code, and
/// the database file holds no name or phone.
final class SupportEndToEndTests: XCTestCase {
    func testACaseWorkerOpensACaseAndAnOfficerSeesOnlyTheCode() throws {
        let bin = try wardcaseBinary()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-support-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 110, height: 34, extraEnvironment: ["XDG_DATA_HOME=\(home.path)"])
        t.waitFor(text: "Tổng quan năm")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Down", "Enter")                          // canboxh, the case worker
        t.waitFor(text: "canboxh · wardcase")
        try t.press("3")
        t.waitFor(text: "Nhân thân đang khóa")
        try t.press("m")
        t.waitFor(text: "Cụm mật khẩu")
        try t.type("sai mat khau roi")
        try t.press("C-s")
        t.waitFor(text: "Cụm mật khẩu không đúng.")
        try t.press("C-u")
        try t.type("demo-hotro-2026")
        try t.press("C-s")
        t.waitFor(text: "Đã mở khóa nhân thân cho phiên này.")

        try t.press("n")
        t.waitFor(text: "Hồ sơ hỗ trợ mới")
        try t.press("Tab", "Tab", "Tab", "Tab", "Tab")                // past the facts,
        try t.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")         // and the six target groups, to the full name
        try t.type("Trần Thị Thử Nghiệm")
        try t.press("Tab", "Tab", "Tab", "Tab")                       // to the phone
        try t.type("0987000111")
        try t.press("C-s")
        let saved = t.waitFor(text: "Đã lưu hồ sơ HT-")
        let code = try XCTUnwrap(saved.range(of: #"HT-\d{4}-\d{4}"#, options: .regularExpression).map { String(saved[$0]) })
        t.waitFor(text: "Trần Thị Thử Nghiệm")

        // No consent yet: a referral is refused with the reason.
        try t.press("r")
        t.waitFor(text: "Chuyển gửi")
        try t.press("C-s")
        t.waitFor(text: "chưa đồng ý cho ghi nhận thông tin")
        try t.press("Escape")
        try t.press("c")
        t.waitFor(text: "Sự đồng ý của người được hỗ trợ")
        try t.press("Tab", "Tab", "Right")                            // Khám, chữa bệnh: Có
        try t.press("C-s")
        t.waitFor(text: "Đã ghi sự đồng ý.")
        try t.press("r")
        t.waitFor(text: "Dịch vụ")
        try t.press("C-s")
        t.waitFor(text: "Đã đề xuất chuyển gửi: Khám, chữa bệnh.")

        // An officer finds the case by its code and sees no identity.
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Enter")                                  // canbo, the officer
        t.waitFor(text: "canbo · wardcase")
        try t.press("3")
        t.waitFor(text: "Nhân thân chỉ cán bộ xã hội được xem")
        try t.press("/")
        try t.type(String(code.suffix(4)))
        try t.press("Enter", "Enter")
        let page = t.waitFor(text: "Hồ sơ \(code)")
        t.waitFor(text: "Chỉ cán bộ xã hội được xem nhân thân.")
        XCTAssertFalse(page.contains("Trần Thị Thử Nghiệm"), page)
        XCTAssertFalse(page.contains("0987000111"), page)
        try t.press("q", "q")
        t.waitFor(text: "EXIT=0")

        // Nor does the file, its WAL or the day's backup.
        let folder = home.appendingPathComponent("wardcase")
        var files = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { folder.appendingPathComponent($0) }
        let backups = folder.appendingPathComponent("backups")
        files += ((try? FileManager.default.contentsOfDirectory(atPath: backups.path)) ?? []).map { backups.appendingPathComponent($0) }
        XCTAssertTrue(files.contains { $0.lastPathComponent.hasSuffix(".sqlite") })
        for file in files where !file.hasDirectoryPath {
            guard let bytes = try? Data(contentsOf: file) else { continue }
            XCTAssertNil(bytes.range(of: Data("Thử Nghiệm".utf8)), file.path)
            XCTAssertNil(bytes.range(of: Data("0987000111".utf8)), file.path)
        }
    }
}
