import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseDemo
@testable import WardCaseReports

/// The city-scale generator, at a small size: exact counts, a sound database, the same data for
/// the same seed, the app's own queries and rules holding on it, and never over existing data.
final class CityWardTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    static let small = CityWard.Size(300, 5_000, 500, 1_500, 1_000)

    var folder: URL!
    var today: Day { Day.today(Self.now) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("citywardtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func open(_ name: String, at now: Date = CityWardTests.now) throws -> WardStore {
        try WardStore.open(path: folder.appendingPathComponent(name).path, clock: { now })
    }

    func generated(_ name: String, seed: UInt64 = 7, at now: Date = CityWardTests.now) throws -> WardStore {
        let store = try open(name, at: now)
        try CityWard.generate(into: store, size: Self.small, seed: seed, resources: ResourceLocator.directory())
        return store
    }

    /// FNV-1a over every row of a table, in id order.
    func digest(_ store: WardStore, _ table: String) throws -> UInt64 {
        try store.testConnection.read { db in
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
            while let row = try rows.next() {
                for (column, value) in row {
                    let text: String
                    switch value.storage {
                    case .null: text = "NULL"
                    case .int64(let n): text = String(n)
                    case .double(let x): text = String(x)
                    case .string(let s): text = "'" + s
                    case .blob(let d): text = "x" + d.base64EncodedString()
                    }
                    for byte in "\(column)=\(text);".utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
                }
                h = (h ^ 0x0A) &* 0x100_0000_01B3
            }
            return h
        }
    }

    static let tables = ["ward", "setting", "account", "ward_key", "provider", "establishment", "hotspot", "hotspot_status",
                         "inspection_plan", "tip", "visit", "visit_member", "visit_check", "violation", "support_case",
                         "consent", "screening", "case_contact", "referral", "report", "audit", "sqlite_master"]

    // MARK: Tests

    func testCountsAreExactAndTheDatabaseChecksClean() throws {
        let store = try generated("city.sqlite")
        XCTAssertEqual(try CityWard.counts(in: store), Self.small)
        XCTAssertEqual(try store.check(by: store.everyRole()), [])
        XCTAssertTrue(store.isDemo)
        XCTAssertNotNil(try store.ward())
        // It opens like the demo: the demo password signs in, the demo passphrase opens identities.
        let file = try JSONDecoder().decode(DemoWard.File.self, from: Data(contentsOf: ResourceLocator.directory()
            .appendingPathComponent("demo/ward.json")))
        guard case .success(let worker) = try store.signIn(login: "canboxh", password: file.accountPassword) else {
            return XCTFail("the demo password does not sign in")
        }
        let key = try store.unlockWardKey(passphrase: DemoWard.passphrase, by: worker)
        let recorded = try store.cases(CaseQuery()).map(\.supportCase).filter { $0.identity != nil }
        XCTAssertGreaterThan(recorded.count, Self.small.cases * 8 / 10)
        for c in recorded.prefix(50) {
            let identity = try store.identity(of: c, key: key, by: worker)
            XCTAssertFalse(identity.fullName.isEmpty)
            // Sealed: the name is nowhere in the stored bytes.
            XCTAssertNil(c.identity?.range(of: Data(identity.fullName.utf8)))
            XCTAssertFalse(try store.caseNotes(c, key: key, by: worker).contains("\u{FFFD}"))
        }
        // Residential groups are "Tổ dân phố số N".
        let groups = try store.testConnection.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT residential_group FROM establishment") }
        XCTAssertTrue(groups.allSatisfy { $0.hasPrefix("Tổ dân phố số ") }, "\(groups.prefix(5))")
        XCTAssertGreaterThan(groups.count, 5)
    }

    func testTheSameSeedGivesTheSameDataAndAnotherSeedOtherData() throws {
        let a = try generated("a.sqlite", seed: 7)
        // Later the same day: the same bytes, down to the audit rows, the ward key and the schema.
        let b = try generated("b.sqlite", seed: 7, at: Self.now.addingTimeInterval(1800))
        let c = try generated("c.sqlite", seed: 8)
        for table in Self.tables {
            XCTAssertEqual(try digest(a, table), try digest(b, table), table)
        }
        for table in ["establishment", "visit", "visit_member", "tip", "support_case", "referral", "ward_key", "account"] {
            XCTAssertNotEqual(try digest(a, table), try digest(c, table), table)
        }
    }

    func testTheAppsQueriesWorkOnIt() throws {
        let store = try generated("city.sqlite")
        let done = try store.countVisits(VisitQuery(today: today))
        let planned = try store.countVisits(VisitQuery(view: .planned, today: today))
        XCTAssertEqual(done + planned, Self.small.visits)
        XCTAssertGreaterThan(planned, 0)
        XCTAssertGreaterThan(try store.countVisits(VisitQuery(view: .awaitingApproval, today: today)), 0)
        var mine = VisitQuery(today: today)
        mine.kind = .followUp
        XCTAssertGreaterThan(try store.countVisits(mine), Self.small.visits / 100)
        // Ten years of visits.
        var old = VisitQuery(today: today)
        old.to = today.adding(days: -3000)
        XCTAssertGreaterThan(try store.countVisits(old), 0)
        // Coverage: most of what is under management was inspected last year, some of it this year.
        let last = try store.coverage(year: today.year - 1)
        XCTAssertGreaterThan(last.managed, Self.small.establishments / 2)
        XCTAssertGreaterThan(last.percent, 50)
        XCTAssertGreaterThan(try store.coverage(year: today.year).inspected, 0)
        // Last month's report counts visits, violations, tip-offs and support work.
        let lastMonth = today.monthRange.lowerBound.adding(days: -1)
        let period = try XCTUnwrap(ReportPeriod.month(lastMonth.year, lastMonth.month))
        let figures = try store.reportFigures(period)
        XCTAssertGreaterThan(figures.value("visits.total") ?? 0, 0)
        XCTAssertGreaterThan(figures.value("tips.received") ?? 0, 0)
        XCTAssertGreaterThan(figures.value("tips.handled") ?? 0, 0)
        let support = try store.supportFigures(from: period.start, to: period.end)
        XCTAssertGreaterThan(support.reached, 0)
        XCTAssertNotNil(support.accessPercent)
        // Lists and filters.
        XCTAssertGreaterThan(try store.countTips(TipQuery(view: .open, today: today)), 0)
        XCTAssertEqual(try store.countTips(TipQuery(view: .all, today: today)), Self.small.tips)
        XCTAssertGreaterThan(try store.countReferrals(ReferralQuery(view: .awaitingFollowUp, today: today)), 0)
        XCTAssertEqual(try store.countReferrals(ReferralQuery(today: today)), Self.small.referrals)
        XCTAssertGreaterThan(try store.countEstablishments(EstablishmentQuery(filter: "to dan pho so 1", language: .vi)), 0)
        XCTAssertFalse(try store.planCandidates(today: today, language: .vi).isEmpty)
        XCTAssertFalse(try store.plans().isEmpty)
        XCTAssertFalse(try store.hotspots(HotspotQuery()).isEmpty)
        // A report can be drafted from it.
        let draft = try store.draftReport(period, by: store.everyRole())
        XCTAssertEqual(draft.status, .draft)
    }

    /// Every record is one the app's rules would have accepted.
    func testTheAppsRulesHold() throws {
        let store = try generated("city.sqlite")
        let places = try store.establishments(EstablishmentQuery(language: .vi, includeArchived: true), offset: 0, limit: 100_000)
        XCTAssertEqual(places.count, Self.small.establishments)
        for row in places {
            XCTAssertEqual(EstablishmentRules.problems(row.establishment, today: today), [], row.establishment.name)
        }
        let closed = Dictionary(uniqueKeysWithValues: places.compactMap { r in
            r.establishment.status == .closed ? (r.establishment.id ?? 0, r.establishment.statusDate ?? today) : nil
        })
        let accounts = Dictionary(uniqueKeysWithValues: try store.accounts(by: store.everyRole()).map { ($0.login, $0) })
        let ids = try store.testConnection.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM visit ORDER BY id") }
        var previousDate: Day?
        for id in ids {
            let r = try XCTUnwrap(try store.visit(id: id))
            let v = r.visit
            XCTAssertEqual(VisitRules.problems(r, today: today), [], "visit \(id)")
            if previousDate.map({ v.date < $0 }) ?? false { XCTFail("ids follow the calendar: \(id)") }
            previousDate = v.date
            switch v.status {
            case .planned:
                XCTAssertGreaterThan(v.date, today)
                XCTAssertTrue(r.members.isEmpty && r.violations.isEmpty)
            case .approved, .submitted:
                XCTAssertEqual(VisitRules.submitProblems(r, today: today), [], "visit \(id)")
                XCTAssertNotNil(v.submittedAt)
            default:
                break
            }
            if v.status == .approved || v.status == .returned {
                XCTAssertNotEqual(v.reviewerName, v.authorName, "visit \(id)")
                XCTAssertTrue(accounts[v.reviewerName]?.can(.approveVisits) ?? false, "visit \(id)")
                XCTAssertLessThanOrEqual(v.submittedAt ?? "", v.reviewedAt ?? "")
            }
            XCTAssertTrue(accounts[v.authorName].map { $0.can(.logVisits) || $0.can(.planInspections) } ?? false)
            if let place = v.establishmentId, let closedOn = closed[place] { XCTAssertLessThan(v.date, closedOn, "visit \(id)") }
            if let f = v.followsVisitId {
                XCTAssertEqual(v.kind, .followUp)
                let earlier = try XCTUnwrap(try store.visit(id: f))
                XCTAssertLessThan(earlier.visit.date, v.date)
                XCTAssertEqual(earlier.visit.establishmentId, v.establishmentId)
                XCTAssertFalse(earlier.violations.isEmpty, "visit \(id) follows up one that found nothing")
            }
            if v.kind == .followUp { XCTAssertNotNil(v.followsVisitId, "visit \(id)") }
            // A team: police first, at most three; the checklist fails exactly where something was found.
            if v.status != .planned {
                XCTAssertEqual(r.members.first?.agency, "Công an phường", "visit \(id)")
                XCTAssertLessThanOrEqual(r.members.count, 3)
            }
            if v.status != .draft && v.status != .planned && v.establishmentId != nil {
                XCTAssertEqual(r.checks.values.contains(.notOk), !r.violations.isEmpty, "visit \(id)")
                XCTAssertFalse(r.checks.isEmpty, "visit \(id)")
            }
            XCTAssertFalse(r.checks.values.contains(.notChecked))
        }
        // Follow-ups still open are lately's, not years old.
        let overdue = try store.visits(VisitQuery(view: .followUpsOverdue, today: today), offset: 0, limit: 10_000)
        XCTAssertTrue(overdue.allSatisfy { $0.visit.date >= today.adding(days: -90) }, "\(overdue.map(\.visit.date).min().map(\.iso) ?? "")")

        for t in try store.tips(TipQuery(today: today), offset: 0, limit: 100_000).map(\.tip) {
            XCTAssertEqual(TipRules.problems(t, today: today), [], "tip \(t.id ?? 0)")
        }

        let providers = Dictionary(uniqueKeysWithValues: try store.providers().map { ($0.id ?? 0, $0) })
        let cases = try store.cases(CaseQuery()).map(\.supportCase)
        XCTAssertEqual(Set(cases.map(\.code)).count, cases.count)
        for c in cases {
            let id = try XCTUnwrap(c.id)
            XCTAssertLessThanOrEqual(c.firstContact, today)
            XCTAssertGreaterThanOrEqual(c.statusDate, c.firstContact)
            XCTAssertEqual(c.status == .closed, c.closeReason != nil)
            let consents = try store.testConnection.read { db in
                try Row.fetchAll(db, sql: "SELECT date, recording, services FROM consent WHERE case_id = ? ORDER BY date, id", arguments: [id])
            }
            let referrals = try store.referrals({ var q = ReferralQuery(today: today); q.caseId = id; return q }())
            for r in referrals.map(\.referral) {
                // Agreed to (recording and this service) by the consent in force when it was proposed.
                let inForce = consents.last { ($0["date"] as Day) <= r.proposedDate }
                XCTAssertEqual(inForce?["recording"] as Bool?, true, c.code)
                XCTAssertTrue(Service.decode((inForce?["services"] as String?) ?? "").contains(r.service), c.code)
                XCTAssertTrue(providers[r.providerId ?? 0]?.services.contains(r.service) ?? false, c.code)
                XCTAssertGreaterThanOrEqual(r.proposedDate, c.firstContact)
                let steps = [r.proposedDate, r.referredDate, r.receivedDate, r.usedDate, r.endedDate].compactMap { $0 }
                XCTAssertEqual(steps, steps.sorted(), c.code)
                XCTAssertLessThanOrEqual(steps.last ?? r.proposedDate, today)
                switch r.status {
                case .used: XCTAssertTrue(r.referredDate != nil && r.receivedDate != nil && r.usedDate != nil)
                case .declined, .noContact: XCTAssertNotNil(r.endedDate)
                case .referred: XCTAssertNotNil(r.referredDate)
                case .received: XCTAssertNotNil(r.receivedDate)
                case .proposed: break
                }
                if r.status.ended {
                    XCTAssertNil(r.followUp)
                } else {
                    XCTAssertGreaterThanOrEqual(try XCTUnwrap(r.followUp), r.statusDate)
                    XCTAssertEqual(c.status, .open, c.code)
                }
                if c.status != .open { XCTAssertLessThanOrEqual(r.statusDate, c.statusDate, c.code) }
            }
        }
    }

    /// A police list a month: each counts the people it first named and those it named again,
    /// and the people it opened cases for came from a police list.
    func testThePoliceListsCountTheirPeople() throws {
        let store = try generated("city.sqlite")
        let lists = try store.policeLists(by: store.everyRole())
        XCTAssertGreaterThan(lists.count, 6)
        let counted = try store.testConnection.read { db in
            try Row.fetchAll(db, sql: "SELECT list_id, SUM(opened) AS opened, SUM(1 - opened) AS linked FROM police_list_entry GROUP BY list_id")
                .map { ($0["list_id"] as Int64, [$0["opened"] as Int, $0["linked"] as Int]) }
        }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: counted), Dictionary(uniqueKeysWithValues: lists.map { ($0.id, [$0.opened, $0.linked]) }))
        XCTAssertGreaterThan(lists.map(\.linked).reduce(0, +), 0)
        XCTAssertTrue(lists.allSatisfy { $0.reached <= $0.people && $0.supported <= $0.people })
        let sources = try store.testConnection.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT c.source FROM police_list_entry e JOIN support_case c ON c.id = e.case_id WHERE e.opened = 1")
        }
        XCTAssertEqual(sources, ["police_list"])
        let year = try XCTUnwrap(Day(year: today.year, month: 1, day: 1))
        let figures = try store.policeListFigures(from: year, to: today)
        XCTAssertGreaterThan(figures.people, 0)
        XCTAssertGreaterThan(figures.reached, 0)
    }

    func testItRefusesADatabaseThatHasAWard() throws {
        let store = try open("ward.sqlite")
        try store.initialiseWard(WardIdentity(name: "Phường Kim Liên", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"))
        XCTAssertThrowsError(try CityWard.generate(into: store, size: Self.small, resources: ResourceLocator.directory())) {
            XCTAssertEqual($0 as? WardError, .databaseNotEmpty(path: store.path ?? ""))
        }
        XCTAssertEqual(try store.countEstablishments(EstablishmentQuery(language: .vi, includeArchived: true)), 0)
        // Nor twice into the same file.
        let city = try generated("city.sqlite")
        XCTAssertThrowsError(try CityWard.generate(into: city, size: Self.small, resources: ResourceLocator.directory()))
        XCTAssertEqual(try CityWard.counts(in: city), Self.small)
    }

    func testProgressCountsEveryStepAndATinySizeWorks() throws {
        let store = try open("tiny.sqlite")
        var last = WorkProgress.State(done: 0, total: 0, elapsed: 0)
        let progress = WorkProgress(every: 0) { last = $0; return true }
        let tiny = CityWard.Size(1, 12, 3, 4, 5)
        try CityWard.generate(into: store, size: tiny, seed: 3, resources: ResourceLocator.directory(), progress: progress)
        XCTAssertEqual(progress.done, progress.total)
        XCTAssertEqual(last.total, progress.total)
        XCTAssertEqual(try store.check(by: store.everyRole()), [])
        let made = try CityWard.counts(in: store)
        XCTAssertEqual([made.establishments, made.visits, made.cases, made.tips], [1, 12, 3, 5])
        XCTAssertLessThanOrEqual(made.referrals, 4)
    }

    func testCancellingWritesNothing() throws {
        let store = try open("cancel.sqlite")
        let progress = WorkProgress(every: 0) { $0.done < $0.total / 2 }
        XCTAssertThrowsError(try CityWard.generate(into: store, size: Self.small, resources: ResourceLocator.directory(),
                                                   progress: progress)) {
            XCTAssertEqual($0 as? WardError, .cancelled)
        }
        XCTAssertNil(try store.ward())
        XCTAssertEqual(try CityWard.counts(in: store), CityWard.Size(0, 0, 0, 0, 0))
    }
}
