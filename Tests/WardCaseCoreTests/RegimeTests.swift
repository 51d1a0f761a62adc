import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// The reporting regime: which reports a ward owes, when they are due, which days they count,
/// to whom they go and what sending one records.
final class RegimeTests: XCTestCase {
    typealias Day = Formats.Day
    /// 01/12/2026, 08:00 in Hà Nội.
    static let now = Date(timeIntervalSince1970: 1_796_086_800)
    var store: WardStore!
    var officer: Account!
    var leader: Account!
    var clerk: Account!
    var admin: Account!
    var l: Localizer!

    override func setUpWithError() throws {
        store = try WardStore.inMemory(clock: { RegimeTests.now })
        admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "matkhau123")
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: admin)
        leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: admin)
        clerk = try store.createAccount(login: "vanthu", displayName: "Đỗ Thị Lan", roles: [.clerk], password: "matkhau123", by: admin)
        l = try Localizer.load(.vi, resources: ResourceLocator.directory())
    }

    var today: Day { Day.today(Self.now) }

    func testAWardUnderPlan004OwesOnlySixMonthAndAnnualReports() throws {
        XCTAssertEqual(today, Day(year: 2026, month: 12, day: 1))
        // Before: every kind is owed, as it always was.
        XCTAssertEqual(try store.reportRegime().owed, [.month, .quarter, .half, .year])
        let r = ReportRegime.Preset.plan004.applied(to: try store.reportRegime(), l: l)
        XCTAssertThrowsError(try store.setReportRegime(r, by: officer)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.draftReports)) }
        try store.setReportRegime(r, by: clerk)
        let regime = try store.reportRegime()
        XCTAssertEqual(regime.owed, [.half, .year])
        XCTAssertEqual(regime.recipients, [ReportRecipient(name: "UBND thành phố", via: "Sở Y tế")])

        let slots = try store.reportSlots(today: today)
        XCTAssertEqual(Set(slots.map(\.period.kind)), [.half, .year], "no monthly or quarterly report is owed")
        XCTAssertEqual(slots.map(\.period.code), ["2026-H1", "2026", "2025-H1", "2025"])
        // The year's report is due on 01/12: its deadline, 05/12, is four days away (within seven).
        let year = try XCTUnwrap(slots.first { $0.period.code == "2026" })
        XCTAssertEqual(year.deadline, Day(year: 2026, month: 12, day: 5))
        XCTAssertEqual(year.state, .due)
        XCTAssertEqual(slots.filter { $0.period.code != "2026" }.map(\.state), [.overdue, .overdue, .overdue], "nothing was ever sent")
        // The overview counts the same four, not a month or a quarter.
        XCTAssertEqual(try store.overview(today: today, reviewerId: nil).due.first { $0.item == .reports }?.count, 4)
        // Warned three days ahead instead of seven, the year is not due yet on 01/12.
        var later = regime
        later.dueSoonDays = 3
        try store.setReportRegime(later, by: clerk)
        XCTAssertEqual(try store.reportSlots(today: today).first { $0.period.code == "2026" }?.state, .upcoming)
        XCTAssertEqual(try store.reportSlots(today: Day(year: 2026, month: 12, day: 2)!).first { $0.period.code == "2026" }?.state, .due)
        try store.setReportRegime(regime, by: clerk)
        // It can be drafted now; its figures say how far they are counted.
        let draft = try store.draftReport(year.period, by: clerk)
        let figures = try store.figures(of: draft)
        XCTAssertEqual(figures.dataLine(l), "Số liệu tính từ 01/01/2026 đến 31/12/2026 (tính đến ngày 01/12/2026)")
    }

    func testPlan001DueOnTheThirteenthAndABadValueChangesNothing() throws {
        try store.setReportRegime(ReportRegime.Preset.plan001.applied(to: try store.reportRegime(), l: l), by: clerk)
        let slots = try store.reportSlots(today: today)
        XCTAssertFalse(slots.contains { $0.period.kind == .half })
        XCTAssertEqual(slots.first { $0.period.code == "2026-11" }?.deadline, Day(year: 2026, month: 12, day: 13))
        XCTAssertEqual(slots.first { $0.period.code == "2026-11" }?.state, .due, "the month has ended")
        XCTAssertEqual(slots.first { $0.period.code == "2026-Q4" }?.deadline, Day(year: 2026, month: 12, day: 13))
        XCTAssertEqual(slots.first { $0.period.code == "2026" }?.deadline, Day(year: 2026, month: 12, day: 13))
        XCTAssertEqual(slots.first { $0.period.code == "2026" }?.state, .upcoming, "12 days away, the period running")
        XCTAssertEqual(slots.first { $0.period.code == "2026-12" }?.state, .upcoming)
        var bad = try store.reportRegime()
        bad.deadlines.monthDay = 31
        bad.owed = []
        XCTAssertThrowsError(try store.setReportRegime(bad, by: clerk)) { XCTAssertEqual($0 as? WardError, .invalidSettingValue("31")) }
        XCTAssertEqual(try store.reportRegime().owed, [.month, .quarter, .year])
        let audit = try store.auditEntries(AuditFilter(record: "report_regime"), offset: 0, limit: 5, by: admin)
        XCTAssertEqual(audit.count, 1)
        XCTAssertEqual(audit.first?.after["owed"], "month,quarter,year")
        XCTAssertEqual(audit.first?.after["recipients"], "UBND quận | Phòng Lao động – Thương binh và Xã hội")
    }

    /// Decree 09/2019: November's report counts 15/10 to 14/11; a visit on 14/11 is in it, one on
    /// 15/11 in December's. The records behind the figure agree with it.
    func testDecree09CountsFromTheFifteenthToTheFourteenth() throws {
        let karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        let place = try XCTUnwrap(store.addEstablishment(Establishment(name: "Karaoke Mười Bốn", typeId: karaoke), by: officer).id)
        for day in [14, 15] {
            let v = Visit(establishmentId: place, date: Day(year: 2026, month: 11, day: day)!, kind: .planned)
            let r = try store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "An", agency: "Công an")], violations: []),
                                        original: nil, by: officer)
            let id = try XCTUnwrap(r.visit.id)
            try store.submitVisit(id: id, by: officer)
            try store.approveVisit(id: id, by: leader)
        }
        let november = try XCTUnwrap(ReportPeriod.month(2026, 11)), december = try XCTUnwrap(ReportPeriod.month(2026, 12))
        XCTAssertEqual(try store.reportFigures(november).value("visits.total"), 2, "calendar: both in November")
        var r = try store.reportRegime()
        r.closing = .decree09
        try store.setReportRegime(r, by: clerk)
        let nov = try store.reportFigures(november)
        XCTAssertEqual(nov.value("visits.total"), 1)
        XCTAssertEqual(nov.dataLine(l), "Số liệu tính từ 15/10/2026 đến 14/11/2026")
        XCTAssertEqual(try store.recordsBehind("visits.total", period: november).count, 1)
        let dec = try store.reportFigures(december)
        XCTAssertEqual(dec.value("visits.total"), 1)
        XCTAssertEqual(dec.dataLine(l), "Số liệu tính từ 15/11/2026 đến 14/12/2026 (tính đến ngày 01/12/2026)")
        // The other periods by the decree's dates; a custom range as it is.
        XCTAssertEqual(ReportPeriod.quarter(2026, 1)?.data(.decree09).start, Day(year: 2025, month: 12, day: 15))
        XCTAssertEqual(ReportPeriod.quarter(2026, 1)?.data(.decree09).end, Day(year: 2026, month: 3, day: 14))
        XCTAssertEqual(ReportPeriod.half(2026, 1)?.data(.decree09).start, Day(year: 2025, month: 12, day: 15))
        XCTAssertEqual(ReportPeriod.half(2026, 1)?.data(.decree09).end, Day(year: 2026, month: 6, day: 14))
        XCTAssertEqual(ReportPeriod.year(2026)?.data(.decree09).end, Day(year: 2026, month: 12, day: 14))
        XCTAssertEqual(ReportPeriod.month(2026, 1)?.data(.decree09).start, Day(year: 2025, month: 12, day: 15))
        let custom = try XCTUnwrap(ReportPeriod(parsing: "01/10/2026-20/10/2026"))
        XCTAssertEqual(custom.data(.decree09), custom)
        // Under the decree the year's data ends on 14/12: the annual report is due on its deadline
        // while its data is still being counted, and nothing says "not yet".
        XCTAssertEqual(try store.reportSlots(today: Day(year: 2026, month: 12, day: 4)!).first { $0.period.code == "2026" }?.state, .due)
    }

    func testSendingRecordsTheDayTheNumberAndTheRecipients() throws {
        var r = ReportRegime.Preset.plan001.applied(to: try store.reportRegime(), l: l)
        r.recipients.append(ReportRecipient(name: "Công an phường"))
        try store.setReportRegime(r, by: clerk)
        let period = try XCTUnwrap(ReportPeriod.month(2026, 11))
        let draft = try store.draftReport(period, by: clerk)
        let id = try XCTUnwrap(draft.id)
        try store.setReportNumber(reportId: id, number: "15/BC-UBND", by: clerk)
        XCTAssertThrowsError(try store.markReportSent(reportId: id, by: clerk)) { XCTAssertEqual($0 as? WardError, .reportNotFinal) }
        try store.finaliseReport(reportId: id, by: clerk)
        XCTAssertThrowsError(try store.markReportSent(reportId: id, on: today.adding(days: 1), by: clerk)) { XCTAssertEqual($0 as? WardError, .futureDate) }
        XCTAssertThrowsError(try store.markReportSent(reportId: id, on: today.adding(days: -3), by: clerk)) {
            XCTAssertEqual($0 as? WardError, .statusBeforePrevious, "not sent before it was finalised")
        }
        XCTAssertThrowsError(try store.markReportSent(reportId: id, by: officer))
        try store.markReportSent(reportId: id, number: "16/BC-UBND", by: clerk)
        let sent = try XCTUnwrap(store.report(id: id))
        XCTAssertEqual(sent.status, .sent)
        XCTAssertEqual(sent.sentOn, today)
        XCTAssertEqual(sent.sentNumber, "16/BC-UBND")
        XCTAssertEqual(sent.sentTo.map { $0.line(l) }, ["UBND quận (qua Phòng Lao động – Thương binh và Xã hội)", "Công an phường"])
        XCTAssertEqual(try store.reportSlots(today: today).first { $0.period.code == "2026-11" }?.report?.sentOn, today)
        let audit = try XCTUnwrap(store.auditEntries(AuditFilter(record: "report#\(id)"), offset: 0, limit: 1, by: admin).first)
        XCTAssertEqual(audit.after["sent_number"], "16/BC-UBND")
        XCTAssertEqual(audit.after["sent_on"], "01/12/2026")
    }
}

/// The year's plan and its targets.
final class PlanTests: XCTestCase {
    typealias Day = Formats.Day
    var store: WardStore!
    var clerk: Account!
    var officer: Account!
    var admin: Account!

    override func setUpWithError() throws {
        store = try WardStore.inMemory(clock: { RegimeTests.now })
        admin = try store.createFirstAccount(login: "admin", displayName: "Quản trị", password: "matkhau123")
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: admin)
        clerk = try store.createAccount(login: "vanthu", displayName: "Đỗ Thị Lan", roles: [.clerk], password: "matkhau123", by: admin)
    }

    func testThePlansTargetsStandBesideTheFiguresAndTheGauges() throws {
        let year = try XCTUnwrap(ReportPeriod.year(2026)), month = try XCTUnwrap(ReportPeriod.month(2026, 11))
        // No plan: the programme's standing targets, coverage beside a year only.
        XCTAssertNil(try store.annualPlan(year: 2026))
        XCTAssertEqual(try store.reportFigures(year).all.first { $0.id == "visits.coverage" }?.target, 80)
        XCTAssertNil(try store.reportFigures(month).all.first { $0.id == "visits.coverage" }?.target)
        XCTAssertEqual(try store.reportFigures(month).all.first { $0.id == "est.classified_share" }?.target, 95)

        var plan = try store.draftPlan(year: 2026)
        XCTAssertEqual(plan.targets["tips.in_time"], 100, "a new plan starts from the standing targets")
        plan.title = "Kế hoạch phòng, chống mại dâm năm 2026"
        plan.number = "45/KH-UBND"
        plan.targets["est.classified_share"] = 90
        plan.targets["est.workers_health_share"] = 60
        plan.targets["comm.sessions"] = 24
        XCTAssertThrowsError(try store.saveAnnualPlan(plan, by: officer)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.draftReports)) }
        var wrong = plan
        wrong.targets["est.workers_reached_share"] = 170
        XCTAssertThrowsError(try store.saveAnnualPlan(wrong, by: clerk)) { XCTAssertEqual($0 as? WardError, .invalidSettingValue("est.workers_reached_share=170")) }
        try store.saveAnnualPlan(plan, by: clerk)

        let annual = try store.reportFigures(year).all, monthly = try store.reportFigures(month).all
        XCTAssertEqual(annual.first { $0.id == "est.classified_share" }?.target, 90)
        XCTAssertEqual(monthly.first { $0.id == "est.classified_share" }?.target, 90, "a percentage's target beside every period")
        XCTAssertEqual(annual.first { $0.id == "comm.sessions" }?.target, 24)
        XCTAssertNil(monthly.first { $0.id == "comm.sessions" }?.target, "a count's beside the year's only")
        // The overview draws a gauge for each percentage the plan sets, the programme's first.
        let gauges = try store.overview(today: Day(year: 2026, month: 12, day: 1)!, reviewerId: nil).gauges
        XCTAssertEqual(gauges.map(\.id), ["visits.coverage", "tips.in_time", "support.access", "est.commitment_share", "est.classified_share",
                                          "est.workers_health_share"])
        XCTAssertEqual(gauges.last?.target, 60)
        // Next year's plan starts from this one's targets.
        XCTAssertEqual(try store.draftPlan(year: 2027).targets["comm.sessions"], 24)
        XCTAssertEqual(try store.draftPlan(year: 2027).title, "")
        // The access figure on the case list follows the plan too.
        plan.targets["support.access"] = 75
        try store.saveAnnualPlan(plan, by: clerk)
        XCTAssertEqual(try store.supportFigures(from: year.start, to: year.end).targetPercent, 75)
    }

    /// Each new figure on a small dataset counted by hand, and the records behind it as many.
    func testTheNewFiguresCountedByHand() throws {
        let karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        var a = Establishment(name: "Karaoke A", typeId: karaoke)
        a.workers = 10; a.workersHealthChecked = 6; a.workersReached = 9
        var b = Establishment(name: "Karaoke B", typeId: karaoke)
        b.workers = 10; b.workersHealthChecked = 2; b.workersReached = 5
        try store.addEstablishment(a, by: officer)
        try store.addEstablishment(b, by: officer)
        let month = try XCTUnwrap(ReportPeriod.month(2026, 11))
        let f = try store.reportFigures(month)
        XCTAssertEqual(f.value("est.workers"), 20)
        XCTAssertEqual(f.value("est.workers_health_checked"), 8)
        XCTAssertEqual(f.value("est.workers_health_share"), 40)
        XCTAssertEqual(f.value("est.workers_reached_share"), 70)
        XCTAssertEqual(try store.recordsBehind("est.workers", period: month).count, 2)
        // Hotspots: A active since October, B eliminated on 20/11, C found on 20/11.
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        func day(_ m: Int, _ d: Int) -> Day { Day(year: 2026, month: m, day: d)! }
        try store.saveHotspot(Hotspot(name: "Tụ điểm A", foundDate: day(10, 1)), original: nil, by: officer)
        let spotB = try store.saveHotspot(Hotspot(name: "Tụ điểm B", foundDate: day(10, 1)), original: nil, by: officer)
        var gone = spotB
        gone.status = .eliminated
        gone.statusDate = day(11, 20)
        try store.saveHotspot(gone, original: spotB, by: officer)
        try store.saveHotspot(Hotspot(name: "Tụ điểm C", foundDate: day(11, 20)), original: nil, by: officer)
        // A tip-off classified in November; a trafficking returnee first met in November.
        var tip = try store.newTip(received: day(11, 5))
        tip.content = "Nghi có hoạt động mại dâm tại nhà trọ"
        tip.verifiedDate = day(11, 6)
        tip.classifiedDate = day(11, 10)
        tip.classification = .grounded
        try store.saveTip(tip, original: nil, by: officer)
        var returnee = SupportCase(sex: .female, ageGroup: .from18, residence: .local, source: .outreach, firstContact: day(11, 10))
        returnee.targetGroups = [.traffickingReturnee]
        let worker = try store.createAccount(login: "hang", displayName: "Hằng", roles: [.caseWorker], password: "matkhau123", by: admin)
        try store.addCase(returnee, key: nil, by: worker)

        let nov = try store.reportFigures(month), oct = try store.reportFigures(october)
        XCTAssertEqual(oct.value("hotspots.active_end"), 2, "A and B on 31/10")
        XCTAssertEqual(nov.value("hotspots.active_end"), 2, "A and C on 30/11")
        XCTAssertEqual(try store.recordsBehind("hotspots.active_end", period: month), ["Tụ điểm A", "Tụ điểm C"])
        XCTAssertEqual(nov.value("support.group.trafficking_returnee"), 1)
        XCTAssertEqual(nov.value("support.sex.female"), 1)
        XCTAssertEqual(nov.value("support.age.18_24"), 1)
        XCTAssertEqual(try store.recordsBehind("support.group.trafficking_returnee", period: month).count, 1)
        XCTAssertNil(oct.value("support.group.trafficking_returnee"), "a group nobody was reached in has no line")
        XCTAssertEqual(nov.value("tips.classified"), 1)
        XCTAssertEqual(oct.value("tips.classified"), 0)
        XCTAssertEqual(try store.recordsBehind("tips.classified", period: month).count, 1)
    }

    /// On the demo ward, every figure that counts records one by one lists as many records
    /// behind it as it counts.
    func testTheRecordsBehindAFigureAreAsManyAsItCounts() throws {
        let demo = try DemoSupportTests.seeded()
        let exact = ["est.managed", "est.type.", "est.new", "est.closed", "est.commitments", "visits.total", "visits.kind.",
                     "visits.standing_team", "visits.other_team", "violations.", "followups.", "tips.received", "tips.verified",
                     "tips.classified", "tips.handled", "hotspots.", "support.reached", "support.group.", "support.sex.", "support.age.",
                     "comm.sessions", "comm.channel.", "training.sessions"]
        for period in [ReportPeriod.year(2026), ReportPeriod.month(2026, 10), ReportPeriod.quarter(2026, 3)].compactMap({ $0 }) {
            var checked = 0
            for f in try demo.reportFigures(period).all where f.unit == .count && exact.contains(where: { f.id == $0 || ($0.hasSuffix(".") && f.id.hasPrefix($0)) }) {
                XCTAssertEqual(Int64(try demo.recordsBehind(f.id, period: period).count), f.value ?? 0, "\(period.code) \(f.id)")
                checked += 1
            }
            XCTAssertGreaterThan(checked, 25, period.code)
        }
    }
}
