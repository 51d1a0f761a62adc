import Foundation
import XCTest

/// The clerk's month through the installed binary: draft October's report, write a paragraph,
/// finalise it and export it to DOCX.
final class ReportEndToEndTests: XCTestCase {
    func testTheClerkDraftsOctobersReportFinalisesAndExportsIt() throws {
        let bin = try wardcaseBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-report-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 110, height: 40)
        t.waitFor(text: "Tổng quan năm")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "End", "Enter")                           // vanthu, the clerk
        t.waitFor(text: "vanthu · wardcase")
        try t.press("4")
        t.waitFor(text: "Báo cáo ·")
        // The demo is made today: last month's report is the one waiting.
        let f = DateFormatter()
        f.dateFormat = "M"
        let now = Date()
        var parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: now)
        parts.day = 1
        let lastMonth = Calendar(identifier: .gregorian).date(byAdding: .month, value: -1, to: Calendar(identifier: .gregorian).date(from: parts)!)!
        let m = Int(f.string(from: lastMonth))!
        f.dateFormat = "yyyy"
        let y = Int(f.string(from: lastMonth))!
        try t.press("Enter")                                          // the list opens on the report due
        t.waitFor(text: "Báo cáo tháng \(m) năm \(y) · v1 · Bản nháp")
        try t.press("End", "Up", "Up", "Up", "Enter")
        t.waitFor(text: "Viết phần: Tình hình")
        try t.type("Tình hình tệ nạn mại dâm trên địa bàn cơ bản được kiểm soát.")
        t.waitFor(text: "được kiểm soát.")
        try t.press("Escape")
        t.waitFor(text: "14 từ")
        try t.press("f")
        t.waitFor(text: "Các phần còn trống:")                       // three sections are still empty: named first
        try t.press("y")
        t.waitFor(text: "Đã hoàn thành báo cáo; số liệu đã được chốt.")
        t.waitFor(text: "v1 · Đã hoàn thành")
        try t.press("x")
        t.waitFor(text: "Xuất báo cáo")
        let path = folder.appendingPathComponent("bao-cao.docx").path
        try t.press("Tab", "C-u")
        try t.type(path)
        try t.press("C-s")
        t.waitFor(text: "Đã ghi tệp")
        try t.press("q", "q")
        t.waitFor(text: "EXIT=0")
        let docx = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(docx.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip container")
        XCTAssertGreaterThan(docx.count, 4000)
    }
}
