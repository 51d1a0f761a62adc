import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// Report periods, deadlines and figures on a dataset small enough to count by hand.
final class ReportTests: XCTestCase {
    typealias Day = Formats.Day
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026
    var store: WardStore!
    var officer: Account!
    var leader: Account!
    var clerk: Account!
    var admin: Account!

    override func setUpWithError() throws {
        store = try WardStore.inMemory(clock: { ReportTests.now })
        admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "matkhau123")
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: admin)
        leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: admin)
        clerk = try store.createAccount(login: "vanthu", displayName: "Đỗ Thị Lan", roles: [.clerk], password: "matkhau123", by: admin)
    }

    func testPeriodsParseAndTheirDeadlinesComeFromSettings() throws {
        let d = try store.reportDeadlines()
        XCTAssertEqual(ReportPeriod(parsing: "2026-10")?.deadline(d), Day(year: 2026, month: 11, day: 13))
        XCTAssertEqual(ReportPeriod(parsing: "12/2026")?.deadline(d), Day(year: 2027, month: 1, day: 13))
        XCTAssertEqual(ReportPeriod(parsing: "2026-Q3")?.deadline(d), Day(year: 2026, month: 9, day: 13))
        XCTAssertEqual(ReportPeriod(parsing: "2026-H1")?.deadline(d), Day(year: 2026, month: 6, day: 5))
        XCTAssertEqual(ReportPeriod(parsing: "2026-H2")?.deadline(d), Day(year: 2026, month: 12, day: 5))
        XCTAssertEqual(ReportPeriod(parsing: "2026")?.deadline(d), Day(year: 2026, month: 12, day: 5))
        XCTAssertNil(ReportPeriod(parsing: "01/10/2026-15/10/2026")?.deadline(d))
        XCTAssertEqual(ReportPeriod(parsing: "2028-02")?.end, Day(year: 2028, month: 2, day: 29))
        XCTAssertEqual(ReportPeriod(parsing: "2026-q4")?.code, "2026-Q4")
        for bad in ["2026-13", "2026-Q5", "2026-H3", "15/10/2026-01/10/2026", "tháng 10", ""] { XCTAssertNil(ReportPeriod(parsing: bad), bad) }
        try store.setSetting(.reportMonthDay, to: 15, by: admin)
        XCTAssertEqual(ReportPeriod(parsing: "2026-10")?.deadline(try store.reportDeadlines()), Day(year: 2026, month: 11, day: 15))
        XCTAssertThrowsError(try store.setSetting(.reportYear, to: 1340, by: admin)) {
            XCTAssertEqual($0 as? WardError, .invalidSettingValue("1340"))
        }
    }

    /// Two karaoke and a closed hotel; in October one approved visit with a 2.000.000 đ fine and a
    /// reminder, one draft visit (not counted), a tip received and handled late.
    func testFiguresOnAKnownDatasetCheckedByHand() throws {
        let karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        let hotel = try XCTUnwrap(store.establishmentTypes().first { $0.code == "hotel" }?.id)
        let a = try XCTUnwrap(store.addEstablishment(Establishment(name: "A", typeId: karaoke), by: officer).id)
        let b = try XCTUnwrap(store.addEstablishment(Establishment(name: "B", typeId: karaoke), by: officer).id)
        var closed = Establishment(name: "C", typeId: hotel, status: .closed)
        closed.statusDate = Day(year: 2026, month: 10, day: 3)
        try store.addEstablishment(closed, by: officer)
        func visit(_ place: Int64, _ day: Int, _ violations: [Violation], approve: Bool) throws {
            var v = Visit(establishmentId: place, date: Day(year: 2026, month: 10, day: day)!, kind: .unannounced)
            v.remedyDeadline = violations.isEmpty ? nil : Day(year: 2026, month: 11, day: 30)
            let r = try store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "An", agency: "Công an")], violations: violations),
                                        original: nil, by: officer)
            guard approve, let id = r.visit.id else { return }
            try store.submitVisit(id: id, by: officer)
            try store.approveVisit(id: id, by: leader)
        }
        try visit(a, 10, [Violation(description: "Không có sổ", handling: .fine, fine: 2_000_000),
                          Violation(description: "Không niêm yết", handling: .reminder)], approve: true)
        try visit(b, 12, [], approve: false)
        var tip = try store.newTip(received: Day(year: 2026, month: 9, day: 1)!)
        tip.content = "Tin báo"
        tip.verifiedDate = Day(year: 2026, month: 9, day: 2)
        tip.classifiedDate = Day(year: 2026, month: 9, day: 3)
        tip.classification = .grounded
        tip.handledDate = Day(year: 2026, month: 10, day: 20)   // due 01/10: late
        tip.handleResult = "Đã xử lý"
        try store.saveTip(tip, original: nil, by: officer)

        let f = try store.reportFigures(try XCTUnwrap(ReportPeriod(parsing: "2026-10")))
        XCTAssertEqual(f.value("est.managed"), 2)
        XCTAssertEqual(f.value("est.type.karaoke"), 2)
        XCTAssertNil(f.all.first { $0.id == "est.type.hotel" }, "a type with none under management is left out")
        XCTAssertEqual(f.value("est.closed"), 1)
        XCTAssertEqual(f.value("visits.total"), 1, "the draft is not counted")
        XCTAssertEqual(f.value("visits.kind.unannounced"), 1)
        XCTAssertEqual(f.value("visits.inspected"), 1)
        XCTAssertEqual(f.value("visits.coverage"), 50)
        XCTAssertNil(f.all.first { $0.id == "visits.coverage" }?.target, "the yearly target is not put beside a month")
        XCTAssertEqual(try store.reportFigures(try XCTUnwrap(ReportPeriod(parsing: "2026"))).all.first { $0.id == "visits.coverage" }?.target, 80)
        XCTAssertEqual(f.value("violations.total"), 2)
        XCTAssertEqual(f.value("violations.fine"), 1)
        XCTAssertEqual(f.value("violations.reminder"), 1)
        XCTAssertEqual(f.value("fines.total"), 2_000_000)
        XCTAssertEqual(f.value("tips.received"), 0)
        XCTAssertEqual(f.value("tips.handled"), 1)
        XCTAssertEqual(f.value("tips.in_time"), 0)
        // Nothing to divide by: not available, never 0%.
        XCTAssertNil(f.value("support.access"))
        XCTAssertNil(try store.reportFigures(try XCTUnwrap(ReportPeriod(parsing: "2026-08"))).value("tips.in_time"))
        XCTAssertEqual(try store.recordsBehind("violations.total", period: f.period).count, 2)
        // Every count opens to exactly as many records as it says.
        for id in ["est.managed", "est.type.karaoke", "est.closed", "visits.total", "visits.kind.unannounced", "violations.fine",
                   "violations.reminder", "tips.handled"] {
            XCTAssertEqual(Int64(try store.recordsBehind(id, period: f.period).count), f.value(id), id)
        }
    }

    /// Communication and training as the plans count them: the form, the people by category, the
    /// trainees by agency against the programme's staff; a session at an establishment brings its
    /// workers reached up to date.
    func testActivitiesCountByFormAudienceAndStaffTrained() throws {
        let today = Formats.Day.today(Self.now)
        var talk = Activity(date: today.adding(days: -3), kind: .communication, audience: "Sinh hoạt tổ dân phố", people: 999)
        talk.channel = .residentialMeeting
        talk.reached = [.residents: 80, .students: 20]
        try store.addActivity(talk, by: clerk)
        let type = try XCTUnwrap(store.establishmentTypes().first?.id)
        let karaoke = try store.addEstablishment(Establishment(name: "Karaoke Tuyên Truyền", typeId: type), by: try store.everyRole())
        var visit = Activity(date: today.adding(days: -2), kind: .communication, audience: "Tại cơ sở", people: 0)
        visit.channel = .counselling
        visit.reached = [.workers: 7, .owners: 1]
        visit.establishmentId = karaoke.id
        try store.addActivity(visit, updateWorkers: true, by: officer)
        XCTAssertEqual(try store.establishment(id: try XCTUnwrap(karaoke.id))?.establishment.workersReached, 7)
        var training = Activity(date: today.adding(days: -1), kind: .training, audience: "Tập huấn", people: 0)
        training.reached = [.officials: 6]
        training.trainees = try XCTUnwrap(Activity.parseTrainees("Công an phường: 4; Trạm Y tế: 2"))
        try store.addActivity(training, by: clerk)
        XCTAssertNil(Activity.parseTrainees("Công an phường bốn"), "a part without its number does not read")
        let month = try XCTUnwrap(ReportPeriod.month(today.year, today.month))
        var f = try store.reportFigures(month)
        XCTAssertEqual(f.value("comm.people"), 108, "the categories add up; the typed 999 gives way to them")
        XCTAssertEqual(f.value("comm.channel.residential_meeting"), 1)
        XCTAssertEqual(f.value("comm.audience.workers"), 7)
        XCTAssertEqual(f.value("training.staff"), 6)
        XCTAssertNil(f.value("training.staff_share"), "no staff total yet: not 0%")
        try store.setProgrammeStaff(15, year: today.year, by: clerk)
        f = try store.reportFigures(month)
        XCTAssertEqual(f.value("training.staff_share"), 40)
        XCTAssertEqual(try store.activities(in: month).first { $0.kind == .training }?.trainees, ["Công an phường": 4, "Trạm Y tế": 2])
    }

    func testADraftNamesTheTypesInTheReadersLanguage() throws {
        try store.addEstablishment(Establishment(name: "Khách sạn Hồ Tây", typeId: 1), by: officer)
        let draft = try store.draftReport(try XCTUnwrap(ReportPeriod(parsing: "2026-10")), by: clerk)
        XCTAssertEqual(try store.figures(of: draft, language: .vi).all.first { $0.id == "est.type.hotel" }?.label, "Khách sạn")
        XCTAssertEqual(try store.figures(of: draft, language: .en).all.first { $0.id == "est.type.hotel" }?.label, "Hotel")
    }

    func testAFinalisedReportIsLockedAndACorrectionIsANewVersion() throws {
        let period = try XCTUnwrap(ReportPeriod(parsing: "2026-10"))
        let draft = try store.draftReport(period, by: clerk)
        let id = try XCTUnwrap(draft.id)
        XCTAssertEqual(try store.draftReport(period, by: clerk).id, id, "one draft at a time")
        try store.saveNarrative(reportId: id, part: .results, text: "Kết quả tốt", by: clerk)
        XCTAssertThrowsError(try store.markReportSent(reportId: id, by: clerk)) { XCTAssertEqual($0 as? WardError, .reportNotFinal) }
        let final = try store.finaliseReport(reportId: id, by: clerk)
        XCTAssertEqual(final.status, .final)
        XCTAssertNotNil(final.figures)
        XCTAssertThrowsError(try store.saveNarrative(reportId: id, part: .results, text: "sửa lén", by: clerk)) { XCTAssertEqual($0 as? WardError, .reportLocked) }
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "UPDATE report SET narrative = '{}' WHERE id = ?", arguments: [id]) })
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "DELETE FROM report WHERE id = ?", arguments: [id]) })
        try store.markReportSent(reportId: id, by: clerk)
        let v2 = try store.draftReport(period, by: clerk)
        XCTAssertEqual(v2.version, 2)
        XCTAssertEqual(v2.narrative[.results], "Kết quả tốt")
        XCTAssertEqual(try store.reports(period: period).map(\.status), [.draft, .sent])
        let slot = try XCTUnwrap(store.reportSlots(today: Day(year: 2026, month: 11, day: 25)!).first { $0.period == period })
        XCTAssertEqual(slot.state, .overdue, "a correction still open after the deadline")
    }
}
