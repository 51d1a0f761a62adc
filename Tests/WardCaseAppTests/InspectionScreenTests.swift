import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseExport

/// The Kiểm tra section driven like a person at the terminal, on the demo ward at a fixed date.
final class InspectionScreenTests: XCTestCase {
    /// F2 in the demo: canbo, canboxh, demo, doitruong, lanhdao, quantri, vanthu.
    private func switchTo(_ h: Harness, index: Int) {
        h.press(.function(2), .home)
        for _ in 0..<index { h.press(.down) }
        h.press(.enter)
    }

    func testTheSectionOpensOnTheVisitListWithCoverageAndTheLeadersViews() throws {
        let h = try Harness(width: 110, height: 30)
        h.press(.char("2"))
        let cov = try h.store.coverage(year: h.store.today.year)
        XCTAssertTrue(h.screen.contains("đã kiểm tra \(cov.inspected)/\(cov.managed) cơ sở đang quản lý (\(cov.percent)%), mục tiêu 80%"), h.screen)
        assertScreen(h, "visits-vi-110x30")
        // v steps through the views; the one shown is in brackets.
        h.press(.char("v"))
        XCTAssertTrue(h.screen.contains("[Chờ tôi duyệt"), h.screen)
        h.press(.char("v"))
        XCTAssertTrue(h.screen.contains("[Trả lại "), "returned records have a view of their own: \(h.screen)")
        h.press(.char("v"), .char("v"), .char("v"), .char("v"))
        XCTAssertTrue(h.screen.contains("[Tất cả "), h.screen)
        // g: the same figure per residential group, weakest first.
        h.press(.char("g"))
        XCTAssertTrue(h.screen.contains("theo tổ dân phố (thấp nhất trước)"), h.screen)
        let firstGroup = try XCTUnwrap(cov.groups.first)
        XCTAssertTrue(h.screen.contains(firstGroup.name), h.screen)
        // Enter on the weakest group: its establishments still to be inspected this year.
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("\(firstGroup.managed - firstGroup.inspected) / "), h.screen)
        XCTAssertTrue(h.screen.contains(firstGroup.name) && h.screen.contains("chưa kiểm tra"), h.screen)
    }

    /// x on the visit list: the list's own title, then a workbook written as the rows are read,
    /// whose printed pages are headed by the ward and the list; nothing else is left beside it.
    func testTheVisitListExportsAsAWorkbookHeadedByTheWard() throws {
        let h = try Harness(width: 100, height: 30)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-visits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kiem-tra.xlsx").path
        h.press(.char("2"), .char("x"))
        XCTAssertTrue(h.screen.contains("Xuất danh sách: Lần kiểm tra"), h.screen)
        h.press(.tab, .ctrl("u"))
        h.type(path)
        h.press(.ctrl("s"))
        let count = try h.store.countVisits(VisitQuery(today: h.store.today))
        XCTAssertTrue(h.screen.contains("Đã xuất \(count) dòng ra \(path)"), h.screen)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["kiem-tra.xlsx"])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(try XLSX.read(data).rows.count, count + 1)
        let sheet = String(decoding: try XCTUnwrap(ZipReader(data).read("xl/worksheets/sheet1.xml")), as: UTF8.self)
        XCTAssertTrue(sheet.contains("Phường Đống Đa · Lần kiểm tra</oddHeader>"), sheet.suffix(600).description)
    }

    func testSharesAreRoundedHalfUp() {
        XCTAssertEqual(Formats.percent(4, of: 6), 67)
        XCTAssertEqual(Formats.percent(1, of: 3), 33)
        XCTAssertEqual(Formats.percent(1, of: 2), 50)
        XCTAssertEqual(Formats.percent(1, of: 200), 1, "0.5% rounds up")
        XCTAssertNil(Formats.percent(3, of: 0))
    }

    func testAnOfficerLogsAVisitAndCannotApproveIt() throws {
        let h = try Harness(width: 100, height: 40)
        switchTo(h, index: 0)                       // canbo
        h.press(.char("2"), .char("n"))
        XCTAssertTrue(h.screen.contains("Chọn cơ sở"), h.screen)
        h.type("anh duong")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Ghi lần kiểm tra: Karaoke Ánh Dương"), h.screen)
        h.fill(VisitField.members.rawValue, "Nguyễn Văn An - Công an phường")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu biên bản kiểm tra."), h.screen)
        XCTAssertTrue(h.screen.contains("Bản nháp · người lập: canbo"), h.screen)
        // A violation without a deadline cannot be submitted: the message says what is missing.
        h.perform(.addViolation)
        h.type("Không niêm yết giá phòng hát")
        h.perform(.save)
        XCTAssertTrue(h.screen.contains("Đã thêm vi phạm."), h.screen)
        // A violation is corrected by its line, from the footer, and removed the same way.
        h.perform(.addViolation)
        h.type("Vi phạm ghi nhầm")
        h.perform(.save)
        h.perform(.violations)
        XCTAssertTrue(h.screen.contains("Các vi phạm của biên bản"), h.screen)
        h.press(.home)
        h.perform(.open)
        XCTAssertTrue(h.screen.contains("Sửa vi phạm"), h.screen)
        h.fill(VisitField.violationDescription.rawValue, "Không niêm yết giá phòng hát tại quầy")
        h.perform(.save)
        XCTAssertTrue(h.screen.contains("Không niêm yết giá phòng hát tại quầy"), h.screen)
        h.press(.down)
        h.perform(.removeViolation)
        h.press(.char("c"))
        XCTAssertFalse(h.screen.contains("Vi phạm ghi nhầm"), h.screen)
        var mine = VisitQuery(today: h.store.today)
        mine.filter = "anh duong"
        mine.from = h.store.today
        XCTAssertEqual(try h.store.visits(mine, offset: 0, limit: 5).first { $0.visit.status == .draft }?.violations, 1)
        h.perform(.back)
        h.perform(.submit)
        XCTAssertTrue(h.screen.contains("ghi hạn khắc phục hoặc hạn hậu kiểm tra"), h.screen)
        h.perform(.editRecord)
        h.fill(VisitField.remedyDeadline.rawValue, h.store.today.adding(days: 7).vietnamese)
        h.perform(.save)
        h.perform(.submit)
        // Sending asks first, with what is sent; Enter goes on.
        XCTAssertTrue(h.screen.contains("Gửi đội trưởng duyệt biên bản Karaoke Ánh Dương"), h.screen)
        XCTAssertTrue(h.screen.contains("1 vi phạm, tiền phạt 0 đồng?"), h.screen)
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Đã gửi đội trưởng duyệt."), h.screen)
        h.perform(.approve)
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Đội trưởng."), h.screen)
    }

    func testANewVisitStartsFromTheOfficersLastTeamWhereverItIsBegun() throws {
        let h = try Harness(width: 100, height: 40)
        let officer = try XCTUnwrap(h.store.account(login: "canbo"))
        let place = try XCTUnwrap(h.store.establishments(EstablishmentQuery(filter: "anh duong", language: .vi), offset: 0, limit: 1).first?.establishment)
        var v = Visit(establishmentId: place.id, date: h.store.today, kind: .unannounced)
        v.team = "Tổ công tác số 3"
        _ = try h.store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "Lê Thị Hoa", agency: "Hội Phụ nữ")]),
                                  original: nil, by: officer)
        switchTo(h, index: 0)                       // canbo
        func formValue(_ f: VisitField) -> String? { (h.app.current as? FormScreen)?.form[f.rawValue] }
        // From the visit list...
        h.press(.char("2"), .char("n"))
        h.type("anh duong")
        h.press(.enter)
        XCTAssertEqual(formValue(.team), "Tổ công tác số 3")
        XCTAssertEqual(formValue(.members), "Lê Thị Hoa - Hội Phụ nữ")
        h.press(.escape)
        // ...and from the establishment's page: the same team and members.
        h.press(.char("1"), .char("/"))
        h.type("anh duong")
        h.press(.enter, .enter)
        h.perform(.logVisitHere)
        XCTAssertEqual(formValue(.team), "Tổ công tác số 3")
        XCTAssertEqual(formValue(.members), "Lê Thị Hoa - Hội Phụ nữ")
    }

    /// On an approved record, d lists its fines with their decisions; a fine still waiting for one
    /// says so, and its decision and payment are recorded from there.
    func testTheLeaderRecordsTheDecisionThatImposedAFine() throws {
        let h = try Harness(width: 110, height: 45)
        var q = VisitQuery(today: h.store.today)
        q.status = .approved
        let row = try XCTUnwrap(h.store.visits(q, offset: 0, limit: 500).first { $0.fines > 0 })
        switchTo(h, index: 3)                       // doitruong
        h.press(.char("2"), .char("/"))
        h.type(VietText.fold(row.placeName))
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("chưa ghi quyết định xử phạt (phím d)"), "the newest fine waits for its decision: \(h.screen)")
        h.perform(.sanctions)
        XCTAssertTrue(h.screen.contains("Xử phạt") && h.screen.contains("chưa ghi quyết định xử phạt"), h.screen)
        h.perform(.open)
        h.type("45/QĐ-XPHC")
        h.fill("signer", "Nguyễn Văn Bình, Chủ tịch UBND phường")
        h.fill("paid", h.store.today.vietnamese)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã ghi quyết định xử phạt."), h.screen)
        XCTAssertTrue(h.screen.contains("QĐ xử phạt số 45/QĐ-XPHC"), h.screen)
        h.perform(.back)
        XCTAssertTrue(h.screen.contains("QĐ xử phạt số 45/QĐ-XPHC ngày \(h.store.today.vietnamese), người ký: Nguyễn Văn Bình"), h.screen)
    }

    /// The leader keeps the standing team on its own page (o); an officer's visit takes the members
    /// serving that day with Ctrl-T, and sending one without police warns before it goes.
    func testTheStandingTeamIsKeptAndAVisitTakesItsMembers() throws {
        let h = try Harness(width: 110, height: 45)
        switchTo(h, index: 3)                       // doitruong
        h.press(.char("2"))
        h.perform(.roster)
        XCTAssertTrue(h.screen.contains("QĐ thành lập số 02/QĐ-UBND ngày 02/01/2024 · Đoàn phải có: Công an"), h.screen)
        XCTAssertTrue(h.screen.contains("Trần Quốc Hưng") && h.screen.contains("Đội trưởng"), h.screen)
        h.perform(.newRecord)
        h.type("Hoàng Văn Mới")
        h.fill("agency", "Trạm Y tế")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu thành viên Hoàng Văn Mới."), h.screen)
        XCTAssertTrue(h.screen.contains("Hoàng Văn Mới"), h.screen)
        // An officer's visit: Ctrl-T adds the serving members to the lines already there.
        switchTo(h, index: 0)                       // canbo
        h.press(.char("2"), .char("n"))
        h.type("anh duong")
        h.press(.enter)
        // Members brought in are a change like any typed: leaving asks first.
        XCTAssertEqual((h.app.current as? FormScreen)?.hasUnsavedChanges, false)
        h.perform(.rosterMembers)
        XCTAssertEqual((h.app.current as? FormScreen)?.hasUnsavedChanges, true)
        h.fill(VisitField.members.rawValue, "Khách Mời - Hội Phụ nữ")
        h.perform(.rosterMembers)
        let members = (h.app.current as? FormScreen)?.form[VisitField.members.rawValue] ?? ""
        XCTAssertTrue(members.contains("Khách Mời - Hội Phụ nữ") && members.contains("Trần Quốc Hưng - Công an phường"), members)
        XCTAssertTrue(members.contains("Hoàng Văn Mới - Trạm Y tế") && !members.contains("Ngô Đức Anh"), "only those serving today: \(members)")
        // Without police, sending asks with a warning.
        h.focus(VisitField.members.rawValue)
        for _ in 0..<20 { h.press(.ctrl("u")) }     // one line at a time
        h.type("Phạm Thu Hằng - Văn hóa - Xã hội")
        h.press(.ctrl("s"))
        h.perform(.submit)
        XCTAssertTrue(h.screen.contains("⚠ Đoàn chưa có thành viên của: Công an."), h.screen)
    }

    func testTheLeaderReturnsARecordWithACommentAndTheAuthorSeesIt() throws {
        let h = try Harness(width: 100, height: 40)
        let officer = try XCTUnwrap(h.store.account(login: "canbo"))
        let karaoke = try XCTUnwrap(h.store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        let place = try h.store.addEstablishment(Establishment(name: "Karaoke Trả Lại", typeId: karaoke), by: officer)
        var v = Visit(establishmentId: place.id, date: h.store.today, kind: .unannounced)
        v.team = "Đội kiểm tra liên ngành phường"
        let r = try h.store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "An", agency: "Công an")]), original: nil, by: officer)
        try h.store.submitVisit(id: try XCTUnwrap(r.visit.id), by: officer)
        h.app.tick()
        switchTo(h, index: 3)                       // doitruong
        h.press(.char("2"), .char("/"))
        h.type("tra lai")
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("Chờ duyệt · người lập: canbo"), h.screen)
        h.perform(.returnRecord)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Cần điền ô này."), "a return needs its reason: \(h.screen)")
        h.type("Ghi rõ số người lao động có mặt")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã trả lại cho người lập."), h.screen)
        XCTAssertTrue(h.screen.contains("Ghi rõ số người lao động có mặt"), h.screen)
        XCTAssertEqual(try h.store.visit(id: try XCTUnwrap(r.visit.id))?.visit.status, .returned)
        XCTAssertTrue(h.screen.contains("trả lại: doitruong"), "a return says so in the header: \(h.screen)")
        // n: the next record waiting for this leader, without going back to the list.
        h.perform(.nextAwaiting)
        XCTAssertTrue(h.screen.contains("Chờ duyệt · người lập:"), h.screen)
        XCTAssertFalse(h.screen.contains("Karaoke Trả Lại"), h.screen)
    }

    func testOverdueTipOffsStandOutWithAMarkNotOnlyColour() throws {
        let h = try Harness(width: 110, height: 30)
        let officer = try XCTUnwrap(h.store.account(login: "canbo"))
        var tip = try h.store.newTip(received: h.store.today.adding(days: -40))
        tip.content = "Tin báo thử: có dấu hiệu môi giới tại quán"
        try h.store.saveTip(tip, original: nil, by: officer)
        h.app.tick()
        h.press(.char("2"), .char("t"))
        XCTAssertTrue(h.screen.contains("Tin báo, tố giác, khiếu nại"), h.screen)
        h.press(.char("/"))
        h.type("tin bao thu")
        h.press(.enter)
        let row = try XCTUnwrap(h.screen.split(separator: "\n").first { $0.contains("Tin báo thử") })
        XCTAssertTrue(row.contains("⚠ " + tip.verifyDue.vietnamese), String(row))
        XCTAssertTrue(row.contains("Chờ xác minh"), String(row))
        // Opening it shows each step's deadline; verifying moves it on.
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Hạn: xác minh \(tip.verifyDue.vietnamese)"), h.screen)
    }

    func testALeaderPlansNextMonthFromTheSuggestions() throws {
        let h = try Harness(width: 110, height: 30)
        switchTo(h, index: 3)                       // doitruong
        h.press(.char("2"), .char("p"))
        XCTAssertTrue(h.screen.contains("Kế hoạch kiểm tra"), h.screen)
        let plansBefore = try h.store.plans().count
        h.press(.char("n"))
        XCTAssertTrue(h.screen.contains("Lập kế hoạch kiểm tra"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("chọn cơ sở"), h.screen)
        XCTAssertTrue(h.screen.contains("chưa kiểm tra năm nay") || h.screen.contains("nguy cơ cao"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Chọn ít nhất một cơ sở"), h.screen)
        h.press(.char(" "), .char(" "))
        XCTAssertTrue(h.screen.contains("Đã chọn 2 /"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("với 2 lần kiểm tra"), h.screen)
        XCTAssertEqual(try h.store.plans().count, plansBefore + 1)
    }

    func testEnglishInspectionScreens() throws {
        let h = try Harness(language: .en, width: 110, height: 30)
        h.press(.char("2"))
        XCTAssertTrue(h.screen.contains("Awaiting my approval"), h.screen)
        h.press(.char("t"))
        XCTAssertTrue(h.screen.contains("Tip-offs, denunciations, complaints"), h.screen)
        h.press(.char("q"), .char("h"))
        XCTAssertTrue(h.screen.contains("Hotspots"), h.screen)
        XCTAssertFalse(h.screen.contains("Đang hoạt động"), h.screen)
    }

    func testFiltersByPeriodAndKindAndEscClearsThem() throws {
        let h = try Harness(width: 110, height: 30)
        h.press(.char("2"), .char("f"))
        XCTAssertTrue(h.screen.contains("Lọc danh sách kiểm tra"), h.screen)
        let from = h.store.today.adding(days: -60), to = h.store.today
        h.type(from.vietnamese)
        h.press(.tab)
        h.type(to.vietnamese)
        h.press(.tab, .right, .right)               // Tất cả → Theo kế hoạch → Đột xuất
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Lọc nhanh: \(from.vietnamese) – \(to.vietnamese) · Đột xuất"), h.screen)
        var q = VisitQuery(today: h.store.today)
        q.from = from
        q.to = to
        q.kind = .unannounced
        let expected = try h.store.countVisits(q)
        XCTAssertTrue(h.screen.contains("[Tất cả \(expected)]"), h.screen)
        h.press(.escape)
        XCTAssertFalse(h.screen.contains("Lọc nhanh"), h.screen)
        XCTAssertTrue(h.screen.contains("[Tất cả \(try h.store.countVisits(VisitQuery(today: h.store.today)))]"), h.screen)
    }
}
