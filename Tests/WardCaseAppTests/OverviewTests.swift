import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseReports

/// The overview: the same figures as the reports, what is due opening its list, and an
/// officer's own view.
final class OverviewTests: XCTestCase {
    func testTheOverviewAgreesWithTheReports() throws {
        let h = try Harness(width: 110, height: 40)
        let today = h.store.today
        let o = try h.store.overview(today: today, reviewerId: nil)
        XCTAssertEqual(o.months.count, 12)
        for m in o.months {
            let f = try h.store.reportFigures(m.period)
            XCTAssertEqual(m.visits, f.value("visits.total"), m.period.code)
            XCTAssertEqual(m.violations, f.value("violations.total"), m.period.code)
        }
        let yearSoFar = ReportPeriod(kind: .year, start: try XCTUnwrap(Formats.Day(year: today.year, month: 1, day: 1)), end: today)
        let f = try h.store.reportFigures(yearSoFar)
        for g in o.gauges {
            XCTAssertEqual(g.percent, f.value(g.id), g.id)
        }
        XCTAssertEqual(o.coverage, try h.store.coverage(year: today.year))
        h.press(.char("0"))
        XCTAssertTrue(h.screen.contains("Tổng quan năm \(today.year)"), h.screen)
        let coverage = try XCTUnwrap(o.gauges.first?.percent)
        XCTAssertTrue(h.screen.contains("\(coverage)% / 80%"), h.screen)
    }

    func testTheOverviewIsTheFirstScreenAfterSignIn() throws {
        let h = try Harness(width: 110, height: 40, section: nil)
        XCTAssertTrue(h.screen.contains("Tổng quan năm \(h.store.today.year)"), h.screen)
        h.press(.char("2"), .function(2), .home, .enter)   // another person signs in: their overview, not the last tab
        XCTAssertTrue(h.screen.contains("việc của tôi"), h.screen)
    }

    func testEnterOnTipOffsOverdueOpensThatList() throws {
        let h = try Harness(width: 110, height: 40)
        h.press(.char("0"), .down, .down, .down, .down, .enter)   // after reports, returned, follow-ups, remedies
        XCTAssertTrue(h.screen.contains("[Quá hạn "), h.screen)
        let overdue = try h.store.countTips(TipQuery(view: .overdue, today: h.store.today))
        XCTAssertTrue(h.screen.contains("[Quá hạn \(overdue)]"), h.screen)
    }

    func testAnOfficerSeesTheirOwnWork() throws {
        let h = try Harness(width: 110, height: 40)
        h.press(.function(2), .home, .enter)            // canbo
        h.press(.char("0"))
        XCTAssertTrue(h.screen.contains("việc của tôi"), h.screen)
        XCTAssertFalse(h.screen.contains("Biên bản chờ tôi duyệt"), h.screen)
    }
}
