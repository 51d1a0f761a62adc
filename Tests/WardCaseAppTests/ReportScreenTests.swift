import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseReports

/// The Báo cáo section at the terminal, on the demo ward at a fixed date (18/11/2026).
final class ReportScreenTests: XCTestCase {
    func testThePeriodsShowTheirDeadlinesAndState() throws {
        let h = try Harness(width: 110, height: 34)
        h.press(.char("4"))
        XCTAssertTrue(h.screen.contains("tháng 10 năm 2026"), h.screen)
        // October's report is due before 13/11 and nobody has drafted it: overdue, marked.
        let october = try XCTUnwrap(h.screen.split(separator: "\n").first { $0.contains("tháng 10 năm 2026") })
        XCTAssertTrue(october.contains("⚠ 13/11/2026") && october.contains("Quá hạn"), String(october))
        let september = try XCTUnwrap(h.screen.split(separator: "\n").first { $0.contains("tháng 9 năm 2026") })
        XCTAssertTrue(september.contains("Đã gửi"), String(september))
    }

    /// The clerk sets the ward's regime with one key (plan 004), sees only what it owes, keeps the
    /// year's plan, and records a report sent with its day, number and recipients.
    func testAClerkSetsTheRegimeThePlanAndSendsAReport() throws {
        let h = try Harness(width: 110, height: 40)
        h.press(.function(2), .home, .end, .enter)              // vanthu, the clerk
        h.press(.char("4"))
        XCTAssertTrue(h.screen.contains("tháng 10 năm 2026"), "the demo ward keeps plan 001's regime\n\(h.screen)")
        XCTAssertFalse(h.screen.contains("6 tháng đầu năm"), h.screen)
        h.press(.char("o"))
        XCTAssertTrue(h.screen.contains("Chế độ báo cáo của phường"), h.screen)
        XCTAssertTrue(h.screen.contains("UBND quận | Phòng Lao động – Thương binh và Xã hội"), h.screen)
        h.perform(.presetPlan004)
        XCTAssertTrue(h.screen.contains("Đã điền theo Kế hoạch 004"), h.screen)
        XCTAssertTrue(h.screen.contains("UBND thành phố | Sở Y tế"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu chế độ báo cáo."), h.screen)
        XCTAssertFalse(h.screen.contains("tháng 10 năm 2026"), "no monthly report is owed now\n\(h.screen)")
        XCTAssertTrue(h.screen.contains("6 tháng đầu năm 2026"), h.screen)
        XCTAssertEqual(try h.store.reportRegime().owed, [.half, .year])

        // The plan: a target typed in stands beside the annual figure.
        h.perform(.annualPlan)
        XCTAssertTrue(h.screen.contains("Kế hoạch năm 2026 và chỉ tiêu"), h.screen)
        h.fill("target.comm.sessions", "30")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu kế hoạch năm 2026."), h.screen)
        XCTAssertEqual(try h.store.annualPlan(year: 2026)?.targets["comm.sessions"], 30)

        // Sending the 2025 annual report (sent in the demo: a corrected version, finalised) records the fact.
        let period = try XCTUnwrap(ReportPeriod.year(2025))
        let clerk = try XCTUnwrap(h.store.account(login: "vanthu"))
        var report = try XCTUnwrap(h.store.reports(period: period).first)
        if report.status == .sent { report = try h.store.draftReport(period, by: clerk) }
        if report.status == .draft { report = try h.store.finaliseReport(reportId: try XCTUnwrap(report.id), by: clerk) }
        h.app.tick()
        h.press(.end, .enter)                                   // the last line: the year 2025
        XCTAssertTrue(h.screen.contains("Số liệu tính từ 01/01/2025 đến 31/12/2025"), h.screen)
        h.perform(.markSent)
        XCTAssertTrue(h.screen.contains("Gửi báo cáo năm 2025"), h.screen)
        h.fill("number", "99/BC-UBND")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã đánh dấu đã gửi."), h.screen)
        let sent = try XCTUnwrap(h.store.report(id: try XCTUnwrap(report.id)))
        XCTAssertEqual(sent.sentNumber, "99/BC-UBND")
        XCTAssertEqual(sent.sentTo, [ReportRecipient(name: "UBND thành phố", via: "Sở Y tế")])
        XCTAssertTrue(h.screen.contains("Báo cáo năm 2025 · v2 · Đã gửi 18/11/2026 · số 99/BC-UBND"), h.screen)
        XCTAssertTrue(h.screen.contains("Nơi nhận: UBND thành phố (qua Sở Y tế)"), h.screen)
    }

    func testAClerkDraftsWritesFinalisesAndTheFiguresStayAsTheyWere() throws {
        let h = try Harness(width: 110, height: 40)
        h.press(.function(2), .home, .end, .enter)              // vanthu, the clerk, is the last login
        XCTAssertTrue(h.screen.contains("vanthu · wardcase"), h.screen)
        h.press(.char("4"), .enter)
        XCTAssertTrue(h.screen.contains("Báo cáo tháng 10 năm 2026 · v1 · Bản nháp"), h.screen)
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        let figures = try h.store.reportFigures(october)
        let visits = try XCTUnwrap(figures.value("visits.total"))
        XCTAssertTrue(h.screen.contains("Lượt kiểm tra"), h.screen)
        var waiting = VisitQuery(today: h.store.today)
        waiting.status = .submitted
        waiting.from = october.start
        waiting.to = october.end
        XCTAssertTrue(h.screen.contains("(chỉ tính biên bản đã duyệt; \(try h.store.countVisits(waiting)) biên bản trong kỳ còn chờ duyệt)"), h.screen)
        // The narrative: typed, undone word by word, saved as typed.
        h.press(.end, .up, .up, .up, .enter)
        XCTAssertTrue(h.screen.contains("Viết phần: Tình hình"), h.screen)
        h.type("Tình hình cơ bản ổn định")
        h.press(.ctrl("z"))
        let report = try XCTUnwrap(h.store.reports(period: october).first)
        XCTAssertEqual(report.narrative[.situation], "Tình hình cơ bản ổn ", "the last word undone")
        h.press(.ctrl("y"), .escape)
        XCTAssertTrue(h.screen.contains("6 từ"), h.screen)
        // Finalise: the figures are fixed; a visit approved later does not change them.
        // Sections left empty are named before the report is locked with them; Enter goes on.
        h.perform(.finalise)
        XCTAssertTrue(h.screen.contains("Các phần còn trống:"), h.screen)
        XCTAssertFalse(h.screen.contains("trống: Tình hình"), "the situation was written: \(h.screen)")
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Đã hoàn thành báo cáo; số liệu đã được chốt."), h.screen)
        let leader = try XCTUnwrap(h.store.account(login: "doitruong"))
        let officer = try XCTUnwrap(h.store.account(login: "canbo"))
        var v = Visit(establishmentId: try h.store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 1).first?.establishment.id,
                      date: Formats.Day(year: 2026, month: 10, day: 20)!, kind: .unannounced)
        v.team = "Đội"
        let r = try h.store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "An", agency: "Công an")]), original: nil, by: officer)
        try h.store.submitVisit(id: try XCTUnwrap(r.visit.id), by: officer)
        try h.store.approveVisit(id: try XCTUnwrap(r.visit.id), by: leader)
        let final = try XCTUnwrap(h.store.reports(period: october).first)
        XCTAssertEqual(try h.store.figures(of: final).value("visits.total"), visits)
        XCTAssertEqual(try h.store.reportFigures(october).value("visits.total"), visits + 1)
        // A correction is a new version; the finalised one is kept.
        h.app.tick()
        h.press(.char("v"))
        XCTAssertTrue(h.screen.contains("Đã lập phiên bản 2 để sửa."), h.screen)
        XCTAssertEqual(try h.store.reports(period: october).map(\.version), [2, 1])
        XCTAssertEqual(try h.store.reports(period: october).first?.narrative[.situation], "Tình hình cơ bản ổn định")
    }

    func testAFigureOpensToTheRecordsBehindIt() throws {
        let h = try Harness(width: 110, height: 40)
        h.press(.char("4"), .enter)
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        let lines = try h.store.recordsBehind("visits.total", period: october)
        XCTAssertEqual(lines.count, Int(try XCTUnwrap(h.store.reportFigures(october).value("visits.total"))))
        // Rows: section title, managed, the types..., then the inspection section title and the visits.
        let rows = h.screen.split(separator: "\n")
        let first = try XCTUnwrap(rows.firstIndex { $0.contains("Cơ sở kinh doanh dịch vụ nhạy cảm đang quản lý") })
        let target = try XCTUnwrap(rows.firstIndex { $0.contains("Lượt kiểm tra") })
        for _ in 0..<(target - first) { h.press(.down) }
        h.press(.enter)
        XCTAssertTrue(h.screen.contains("Lượt kiểm tra: \(lines.count)"), h.screen)
        if let one = lines.first { XCTAssertTrue(h.screen.contains(String(one.prefix(30))), h.screen) }
    }

    func testNotAvailableIsNeverShownAsZero() throws {
        let h = try Harness(width: 110, height: 60)
        h.press(.char("4"), .enter)
        // Nobody handled a tip-off in October of the demo? Then the share handled in time cannot be counted.
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        let f = try h.store.reportFigures(october)
        for figure in f.all where figure.value == nil {
            let row = try XCTUnwrap(h.screen.split(separator: "\n").first { $0.contains(figure.labelText(try Localizer.load(.vi, resources: ResourceLocator.directory()))) })
            XCTAssertTrue(row.contains("chưa có số liệu"), String(row))
        }
    }

    /// The suggested file carries the report's period once, and its extension follows the format
    /// as it is chosen.
    func testTheExportFileIsNamedForThePeriodAndItsFormat() throws {
        let h = try Harness(width: 110, height: 34)
        h.press(.char("4"), .enter)
        h.perform(.export)
        XCTAssertTrue(h.screen.contains("/bao-cao-2026-10.docx"), h.screen)
        h.press(.char(" "))
        XCTAssertTrue(h.screen.contains("/bao-cao-2026-10.xlsx"), h.screen)
        XCTAssertFalse(h.screen.contains("bao-cao-2026-10-2026"), "one date, not two: \(h.screen)")
    }

    /// The activities log: a session by its form and audience, and the programme's staff for the year.
    func testAnActivityIsLoggedByFormAndAudienceAndTheStaffTotalIsSet() throws {
        let h = try Harness(width: 110, height: 45)
        h.press(.char("4"))
        h.perform(.activities)
        h.perform(.newRecord)
        h.focus("channel")
        h.type("loa")
        h.fill("audience", "Loa truyền thanh tổ 8")
        h.fill("reached-residents", "250")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Loa truyền thanh tổ 8") && h.screen.contains("Loa truyền thanh"), h.screen)
        XCTAssertTrue(h.screen.contains("250"), h.screen)
        h.perform(.programmeStaff)
        h.press(.ctrl("u"))
        h.type("18")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Cán bộ làm công tác năm \(h.store.today.year): 18"), h.screen)
    }
}
