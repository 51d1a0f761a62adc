import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseDemo

/// The demo ward's eighteen months of inspection work: enough of everything for every Kiểm tra
/// screen to look true, always the same for the same day, and every record one the app could
/// have written itself.
final class DemoInspectionTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    static let today = Day.today(now)

    /// Seeding hashes the demo password, the slow part: one seeded ward serves every test here.
    nonisolated(unsafe) private static var template: WardStore?

    static func seeded(at now: Date = DemoInspectionTests.now) throws -> WardStore {
        let store = try WardStore.inMemory(clock: { now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        return store
    }

    var store: WardStore!
    var today: Day { Self.today }

    override func setUpWithError() throws {
        if Self.template == nil { Self.template = try Self.seeded() }
        store = try XCTUnwrap(Self.template)
    }

    func visits(_ view: VisitQuery.View, reviewer: Int64? = nil, in store: WardStore? = nil) throws -> [VisitRow] {
        var q = VisitQuery(view: view, today: today)
        q.reviewerId = reviewer
        return try (store ?? self.store).visits(q, offset: 0, limit: 100_000)
    }

    /// Every visit, planned ones too, oldest first.
    func visits(in store: WardStore? = nil) throws -> [VisitRow] {
        var seen = Set<Int64>()
        return try (visits(.all, in: store) + visits(.planned, in: store))
            .filter { seen.insert($0.visit.id ?? 0).inserted }
            .sorted { ($0.visit.id ?? 0) < ($1.visit.id ?? 0) }
    }

    func records(_ store: WardStore) throws -> [VisitRecord] {
        try visits(in: store).compactMap { $0.visit.id }.sorted().compactMap { try store.visit(id: $0) }
    }

    func account(_ login: String) throws -> Account { try XCTUnwrap(store.account(login: login)) }

    // MARK: Tests

    func testVisitsSpanEighteenMonthsWithEveryKindAndStatus() throws {
        let all = try visits()
        XCTAssertGreaterThanOrEqual(all.count, 120)
        XCTAssertLessThanOrEqual(all.count, 200)
        let done = all.filter { $0.visit.status != .planned }
        let months = Set(done.map { "\($0.visit.date.year)-\($0.visit.date.month)" })
        XCTAssertGreaterThanOrEqual(months.count, 15, "\(months.sorted())")
        XCTAssertTrue(done.allSatisfy { $0.visit.date <= today && $0.visit.date >= today.adding(days: -550) })
        XCTAssertEqual(Set(all.map(\.visit.kind)), Set(VisitKind.allCases))
        XCTAssertEqual(Set(all.map(\.visit.status)), Set(VisitStatus.allCases))
        // High-risk places are visited more often than low-risk ones.
        let places = try store.establishments(EstablishmentQuery(language: .vi, includeArchived: true), offset: 0, limit: 1000)
        func average(_ risk: RiskLevel) -> Double {
            let ids = places.filter { $0.establishment.riskLevel == risk && $0.establishment.status != .closed }.compactMap(\.establishment.id)
            return Double(done.filter { ids.contains($0.visit.establishmentId ?? -1) }.count) / Double(max(1, ids.count))
        }
        XCTAssertGreaterThan(average(.high), average(.medium))
        XCTAssertGreaterThan(average(.medium), average(.low))
        // About one visit in five found something.
        let withViolations = done.filter { $0.violations > 0 }.count
        XCTAssertTrue((10...35).contains(withViolations * 100 / done.count), "\(withViolations) of \(done.count)")
        XCTAssertGreaterThan(all.filter { $0.visit.tipId != nil }.count, 0, "some visits check a tip-off")
        XCTAssertGreaterThan(all.filter { $0.fines > 0 }.count, 0)
    }

    func testCoverageThisYearFallsShortOfTheTarget() throws {
        let coverage = try store.coverage(year: today.year)
        XCTAssertGreaterThan(coverage.percent, 40)
        XCTAssertLessThan(coverage.percent, 80)
        XCTAssertFalse(coverage.meetsTarget)
        XCTAssertEqual(coverage.targetPercent, 80)
        XCTAssertGreaterThan(coverage.groups.filter { $0.inspected < $0.managed }.count, 1, "several groups have places not inspected")
        let candidates = try store.planCandidates(today: today, language: .vi)
        XCTAssertTrue(candidates.contains { $0.reasons.contains(.notInspectedThisYear) })
        XCTAssertTrue(candidates.contains { $0.reasons.contains(.followUpDue) })
    }

    func testLeadersHaveVisitsAwaitingApprovalAndDeadlinesToWatch() throws {
        let leader = try account("doitruong"), demo = try account("demo"), officer = try account("canbo")
        XCTAssertGreaterThanOrEqual(try visits(.awaitingApproval, reviewer: leader.id).count, 2)
        XCTAssertGreaterThanOrEqual(try visits(.awaitingApproval, reviewer: demo.id).count, 2)
        XCTAssertEqual(try visits(.awaitingApproval, reviewer: officer.id).count, 0, "the officer wrote them all")
        for row in try visits(.awaitingApproval, reviewer: leader.id) {
            XCTAssertNil(VisitRules.reviewRefusal(row.visit, by: leader), "the team leader may approve \(row.placeName)")
        }
        let returned = try visits().filter { $0.visit.status == .returned }
        XCTAssertEqual(returned.count, 1)
        XCTAssertFalse(returned[0].visit.returnComment.isEmpty)
        XCTAssertNotEqual(returned[0].visit.reviewerName, returned[0].visit.authorName)
        XCTAssertGreaterThanOrEqual(try visits().filter { $0.visit.status == .draft }.count, 2)
        XCTAssertTrue(try visits().filter { $0.visit.status == .draft || $0.visit.status == .submitted }
            .allSatisfy { $0.visit.date >= today.adding(days: -21) }, "work in progress is recent")

        let followUps = try visits(.followUpsOverdue)
        XCTAssertEqual(followUps.count, 2)
        XCTAssertTrue(followUps.allSatisfy(\.overdue))
        let remedies = try visits(.remedyPassed)
        XCTAssertGreaterThanOrEqual(remedies.count, 1)
        XCTAssertLessThanOrEqual(remedies.count, 2)
    }

    func testFollowUpsCheckOnEarlierVisitsWithViolations() throws {
        let all = try records(store)
        let byId = Dictionary(uniqueKeysWithValues: all.map { ($0.visit.id ?? 0, $0) })
        let followUps = all.filter { $0.visit.kind == .followUp }
        XCTAssertGreaterThanOrEqual(followUps.count, 5)
        for f in followUps {
            let earlier = try XCTUnwrap(f.visit.followsVisitId.flatMap { byId[$0] }, "follow-up \(f.visit.id ?? 0) links a visit")
            XCTAssertFalse(earlier.violations.isEmpty)
            XCTAssertEqual(earlier.visit.establishmentId, f.visit.establishmentId)
            XCTAssertLessThan(earlier.visit.date, f.visit.date)
        }
        // Settled visits with violations all had their follow-up; the open ones are recent.
        let followed = Set(followUps.compactMap(\.visit.followsVisitId))
        for r in all where !r.violations.isEmpty && !followed.contains(r.visit.id ?? 0) {
            XCTAssertGreaterThan(r.visit.date, today.adding(days: -60), "visit \(r.visit.id ?? 0) of \(r.visit.date.vietnamese)")
        }
    }

    func testEveryRecordIsOneTheAppCouldHaveWritten() throws {
        let demo = try store.everyRole()
        XCTAssertEqual(try store.check(by: demo), [], "links and integrity hold")
        let accounts = try store.accounts(by: demo)
        let logins = Dictionary(uniqueKeysWithValues: accounts.map { ($0.login, $0) })
        let active = try store.checklistItems().compactMap(\.id)
        for r in try records(store) {
            let v = r.visit
            let label = "visit \(v.id ?? 0) (\(v.status.rawValue), \(v.date.vietnamese))"
            XCTAssertEqual(VisitRules.problems(r, today: today), [], label)
            let author = try XCTUnwrap(logins[v.authorName], label)
            XCTAssertEqual(v.authorId, author.id, label)
            XCTAssertTrue(author.can(.logVisits) || author.can(.planInspections), label)
            XCTAssertEqual(v.team, "Đội kiểm tra liên ngành phường")
            switch v.status {
            case .approved:
                XCTAssertFalse(v.reviewerName.isEmpty, label)
                XCTAssertNotEqual(v.reviewerName, v.authorName, label)
                XCTAssertTrue(try XCTUnwrap(logins[v.reviewerName]).can(.approveVisits), label)
                XCTAssertLessThanOrEqual(try XCTUnwrap(v.submittedAt), try XCTUnwrap(v.reviewedAt), label)
                XCTAssertEqual(VisitRules.submitProblems(r, today: today), [], label)
                XCTAssertTrue((2...4).contains(r.members.count), label)
                if v.establishmentId != nil { XCTAssertEqual(Set(r.checks.keys), Set(active), label) }
            case .submitted:
                XCTAssertEqual(VisitRules.submitProblems(r, today: today), [], label)
                XCTAssertNotNil(v.submittedAt)
                XCTAssertEqual(v.reviewerName, "")
            case .planned:
                XCTAssertGreaterThanOrEqual(v.date, today, label)
                XCTAssertNotNil(v.planId, label)
                XCTAssertTrue(r.members.isEmpty && r.checks.isEmpty && r.violations.isEmpty, label)
            case .draft, .returned:
                XCTAssertFalse(r.members.isEmpty, label)
            }
            XCTAssertTrue(r.violations.allSatisfy { !$0.legalBasis.isEmpty }, label)
            // Cited by the decree in force on the day.
            let cutover = try XCTUnwrap(Day(year: 2025, month: 12, day: 15))
            for x in r.violations where x.legalBasis.contains("144/2021") { XCTAssertLessThan(v.date, cutover, label) }
            for x in r.violations where x.legalBasis.contains("282/2025") { XCTAssertGreaterThanOrEqual(v.date, cutover, label) }
        }
    }

    func testApprovedVisitsStayLockedAfterSeeding() throws {
        let approved = try XCTUnwrap(try visits().first { $0.visit.status == .approved && $0.visit.establishmentId != nil })
        let id = try XCTUnwrap(approved.visit.id)
        let before = try store.visit(id: id)
        XCTAssertThrowsError(try store.testConnection.write { db in
            try db.execute(sql: "INSERT INTO visit_member (visit_id, name, agency) VALUES (?, 'X', '')", arguments: [id])
        })
        XCTAssertThrowsError(try store.testConnection.write { db in
            try db.execute(sql: "DELETE FROM visit_check WHERE visit_id = ?", arguments: [id])
        })
        XCTAssertThrowsError(try store.testConnection.write { db in
            try db.execute(sql: "UPDATE visit SET findings = 'x' WHERE id = ?", arguments: [id])
        })
        XCTAssertEqual(try store.visit(id: id), before)
        // And the demo's own records go through the life cycle like any other.
        let copy = try WardStore.inMemoryCopy(of: store)
        let leader = try XCTUnwrap(copy.account(login: "doitruong"))
        var q = VisitQuery(view: .awaitingApproval, today: today)
        q.reviewerId = leader.id
        let waiting = try XCTUnwrap(copy.visits(q, offset: 0, limit: 1).first?.visit.id)
        XCTAssertEqual(try copy.approveVisit(id: waiting, by: leader).visit.status, .approved)
    }

    func testTipOffsHaveEveryKindChannelAndDeadlineState() throws {
        func count(_ view: TipQuery.View) throws -> Int { try store.countTips(TipQuery(view: view, today: today)) }
        let all = try store.tips(TipQuery(view: .all, today: today), offset: 0, limit: 1000)
        XCTAssertTrue((20...30).contains(all.count), "\(all.count)")
        XCTAssertEqual(Set(all.map(\.tip.kind)), Set(TipKind.allCases))
        XCTAssertEqual(Set(all.map(\.tip.channel)), Set(TipChannel.allCases))
        XCTAssertEqual(Set(all.compactMap(\.tip.classification)), Set(TipClass.allCases))
        XCTAssertTrue(all.contains { $0.tip.anonymous } && all.contains { $0.tip.reporterSealed != nil })
        XCTAssertTrue(all.contains { $0.tip.establishmentId != nil })
        XCTAssertTrue(all.contains { $0.tip.hotspotId != nil })
        XCTAssertTrue(all.contains { $0.tip.establishmentId == nil && $0.tip.hotspotId == nil && !$0.tip.place.isEmpty })
        XCTAssertTrue(all.allSatisfy { !$0.placeName.isEmpty }, "every tip says where")
        let months = Set(all.map { "\($0.tip.receivedDate.year)-\($0.tip.receivedDate.month)" })
        XCTAssertGreaterThanOrEqual(months.count, 12)

        XCTAssertEqual(try count(.overdue), 2)
        XCTAssertEqual(try count(.open), 4)
        let handled = all.filter { $0.tip.handledDate != nil }
        XCTAssertEqual(handled.count, all.count - 4)
        let late = handled.filter { !$0.tip.handledInTime }.count
        XCTAssertTrue((2...3).contains(late), "\(late) handled late")
        let deadlines = try store.tipDeadlines()
        for row in all {
            let t = row.tip
            XCTAssertEqual(TipRules.problems(t, today: today), [], "tip \(t.id ?? 0)")
            XCTAssertEqual(t.verifyDue, t.receivedDate.adding(days: deadlines.verifyDays))
            XCTAssertEqual(t.handleDue, t.receivedDate.adding(days: deadlines.handleDays))
            XCTAssertFalse(t.authorName.isEmpty)
        }
    }

    func testHotspotsOfEveryStatusWithTheirHistoryAndVisits() throws {
        let rows = try store.hotspots(HotspotQuery())
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(Set(rows.map(\.hotspot.status)), Set(HotspotStatus.allCases))
        XCTAssertEqual(rows.filter { $0.hotspot.status == .eliminated }.count, 2)
        for row in rows {
            let h = row.hotspot
            let history = try store.hotspotHistory(id: try XCTUnwrap(h.id))
            XCTAssertEqual(history.first?.status, .active)
            XCTAssertEqual(history.first?.date, h.foundDate)
            XCTAssertEqual(history.last?.status, h.status)
            XCTAssertEqual(history.last?.date, h.statusDate)
            XCTAssertTrue(history.allSatisfy { $0.actor == "system" && !$0.note.isEmpty })
            XCTAssertGreaterThan(row.visits, 0, h.name)
            XCTAssertFalse(h.residentialGroup.isEmpty)
        }
        let reformed = try XCTUnwrap(rows.first { $0.hotspot.status == .reformed })
        XCTAssertEqual(try store.hotspotHistory(id: try XCTUnwrap(reformed.hotspot.id)).map(\.status), [.active, .eliminated, .reformed])
        let atHotspots = try visits().filter { $0.visit.hotspotId != nil }
        XCTAssertTrue(atHotspots.allSatisfy { $0.visit.establishmentId == nil && !$0.placeName.isEmpty })
    }

    func testPlansForThisMonthAndNext() throws {
        let plans = try store.plans()
        XCTAssertEqual(plans.count, 2)
        let next = today.monthRange.upperBound.adding(days: 1)
        let upcoming = try XCTUnwrap(plans.first { $0.plan.periodStart == next })
        XCTAssertEqual(upcoming.plan.title, String(format: "Kế hoạch kiểm tra tháng %02d/%d", next.month, next.year))
        XCTAssertEqual(upcoming.visits, 8)
        XCTAssertEqual(upcoming.done, 0)
        let current = try XCTUnwrap(plans.first { $0.plan.periodStart == today.monthRange.lowerBound })
        XCTAssertGreaterThan(current.done, 0)
        XCTAssertLessThanOrEqual(current.done, current.visits)
        let planned = try visits(.planned)
        XCTAssertGreaterThanOrEqual(planned.count, 8)
        XCTAssertTrue(planned.allSatisfy { $0.visit.kind == .planned && $0.visit.planId != nil && $0.visit.date >= today })
        XCTAssertTrue(planned.allSatisfy { $0.visit.date.weekday < 5 }, "planned on working days")
        XCTAssertEqual(Set(planned.filter { $0.visit.planId == upcoming.plan.id }.map(\.visit.establishmentId)).count, 8)
    }

    func testTheSameDayGivesTheSameDemo() throws {
        let again = try Self.seeded()
        XCTAssertEqual(try records(again), try records(store))
        XCTAssertEqual(try dump(again), try dump(store))
    }

    /// Whatever day the demo is made, its records are as true and its lists as full.
    func testADemoMadeOnAnyDayOfTheYearHoldsTogether() throws {
        for (y, m, d) in [(2027, 1, 2), (2027, 3, 16), (2027, 7, 1), (2026, 12, 31), (2027, 6, 6)] {
            let day = try XCTUnwrap(Day(year: y, month: m, day: d))
            let now = Date(timeIntervalSince1970: Double(day.excelSerial - 25_569) * 86_400 + 43_200)
            let store = try Self.seeded(at: now)
            let label = day.vietnamese
            func view(_ v: VisitQuery.View, reviewer: Int64? = nil) throws -> Int {
                var q = VisitQuery(view: v, today: day)
                q.reviewerId = reviewer
                return try store.countVisits(q)
            }
            let leader = try XCTUnwrap(store.account(login: "doitruong"))
            XCTAssertGreaterThanOrEqual(try view(.awaitingApproval, reviewer: leader.id), 2, label)
            XCTAssertEqual(try view(.followUpsOverdue), 2, label)
            XCTAssertTrue((1...2).contains(try view(.remedyPassed)), label)
            XCTAssertGreaterThanOrEqual(try view(.planned), 8, label)
            XCTAssertEqual(try store.countTips(TipQuery(view: .overdue, today: day)), 2, label)
            XCTAssertEqual(try store.plans().count, 2, label)
            XCTAssertLessThan(try store.coverage(year: y).percent, 80, label)
            for r in try records(store) {
                XCTAssertEqual(VisitRules.problems(r, today: day), [], "\(label): visit \(r.visit.id ?? 0)")
                if r.visit.status == .approved { XCTAssertNotEqual(r.visit.reviewerName, r.visit.authorName, label) }
            }
            for t in try store.tips(TipQuery(view: .all, today: day), offset: 0, limit: 1000) {
                XCTAssertEqual(TipRules.problems(t.tip, today: day), [], label)
            }
        }
    }

    /// Every inspection table as text, in id order.
    func dump(_ store: WardStore) throws -> String {
        try store.testConnection.read { db in
            var out = ""
            for table in ["visit", "visit_member", "visit_check", "violation", "tip", "hotspot", "hotspot_status", "inspection_plan"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") { out += "\(table) \(row)\n" }
            }
            return out
        }
    }
}
