import Foundation
import WardCaseCore
import GRDB

/// What a leader sees in five seconds: the plan's targets beside this year's figures, what is
/// due or late, and the last twelve months. Every number comes from the same counting rules as
/// the lists and the reports (a test checks that the overview and the monthly reports agree).
public struct Overview: Equatable, Sendable {
    /// A figure drawn as a gauge against its target; nil value = cannot be counted yet.
    public struct Gauge: Equatable, Sendable {
        public var id: String
        /// A short name where the overview has one; else the figure's own label (a string-table key).
        public var label: Msg?
        public var figureLabel: String
        public var percent: Int64?
        public var target: Int64?
        public func title(_ l: Localizer) -> String { label.map { l.t($0) } ?? l.text(forKey: figureLabel) ?? figureLabel }
    }

    /// Something due or late, with its count, and the list it opens.
    public enum Due: String, Sendable, CaseIterable {
        case reports, returned, followUpsOverdue, remedyPassed, tipsOverdue, referralsAwaiting, licencesExpiring, awaitingApproval
        public var label: Msg {
            switch self {
            case .returned: .dueReturned
            case .reports: .dueReports
            case .followUpsOverdue: .dueFollowUps
            case .remedyPassed: .dueRemedy
            case .tipsOverdue: .dueTips
            case .referralsAwaiting: .dueReferrals
            case .licencesExpiring: .dueLicences
            case .awaitingApproval: .dueApproval
            }
        }

        /// Whose work the item is: a clerk is not shown approvals she cannot give, an officer not
        /// the referrals queue. Leadership sees every item.
        public func concerns(_ account: Account) -> Bool {
            if account.roles.contains(.leadership) { return true }
            let needed: [Permission]
            switch self {
            case .reports: needed = [.draftReports, .exportReports]
            case .returned, .followUpsOverdue, .remedyPassed: needed = [.logVisits, .approveVisits]
            case .tipsOverdue: needed = [.logTipOffs]
            case .referralsAwaiting: needed = [.manageCases]
            case .licencesExpiring: needed = [.registerEstablishments, .planInspections]
            case .awaitingApproval: needed = [.approveVisits]
            }
            return needed.contains(where: account.can)
        }
    }

    public struct Month: Equatable, Sendable {
        public var period: ReportPeriod
        public var visits: Int64
        public var violations: Int64
        /// "10/2026"
        public var label: String { String(format: "%02d/%04d", period.start.month, period.start.year) }
    }

    public var year: Int
    public var gauges: [Gauge]
    public var due: [(item: Due, count: Int)]
    public var months: [Month]
    public var coverage: Coverage

    public static func == (a: Overview, b: Overview) -> Bool {
        a.year == b.year && a.gauges == b.gauges && a.months == b.months && a.coverage == b.coverage
            && a.due.map { "\($0.item.rawValue)=\($0.count)" } == b.due.map { "\($0.item.rawValue)=\($0.count)" }
    }
}

extension WardStore {
    /// The overview for `today`. `reviewerId` is whose approvals are waiting; `mine` limits the
    /// due items to one officer's own work (their follow-ups, their records returned).
    public func overview(today: Formats.Day, reviewerId: Int64?, mine: Account? = nil) throws -> Overview {
        guard let yearSoFar = ReportPeriod.year(today.year).map({ ReportPeriod(kind: .year, start: $0.start, end: today) }) else {
            throw WardError.notFound
        }
        let f = try reportFigures(yearSoFar, scope: .percentages)
        // A gauge for every percentage the year's plan sets a target for; the programme's own
        // first, in their order, under their short names.
        let short: [(String, Msg)] = [("visits.coverage", .gaugeCoverage), ("tips.in_time", .gaugeTips), ("support.access", .gaugeAccess),
                                      ("est.commitment_share", .gaugeCommitments), ("est.classified_share", .gaugeClassified),
                                      ("est.workers_health_share", .gaugeWorkersHealth), ("est.workers_reached_share", .gaugeWorkersReached),
                                      ("training.staff_share", .gaugeStaffTrained)]
        let planned = f.all.filter { $0.unit == .percent && $0.target != nil }
        let order = Dictionary(uniqueKeysWithValues: short.enumerated().map { ($0.element.0, $0.offset) })
        let gauges = planned.enumerated().sorted { (order[$0.element.id] ?? short.count + $0.offset) < (order[$1.element.id] ?? short.count + $1.offset) }
            .map { _, fig in
                Overview.Gauge(id: fig.id, label: short.first { $0.0 == fig.id }?.1, figureLabel: fig.label, percent: fig.value, target: fig.target)
            }

        var due: [(Overview.Due, Int)] = []
        let slots = try reportSlots(today: today)
        due.append((.reports, slots.filter { $0.state == .due || $0.state == .overdue }.count))
        var followUps = VisitQuery(view: .followUpsOverdue, today: today)
        var remedy = VisitQuery(view: .remedyPassed, today: today)
        var returned = VisitQuery(view: .returned, today: today)
        if let mine { followUps.authorId = mine.id; remedy.authorId = mine.id; returned.authorId = mine.id }
        due.append((.returned, try countVisits(returned)))
        due.append((.followUpsOverdue, try countVisits(followUps)))
        due.append((.remedyPassed, try countVisits(remedy)))
        due.append((.tipsOverdue, try countTips(TipQuery(view: .overdue, today: today))))
        due.append((.referralsAwaiting, try countReferrals(ReferralQuery(view: .awaitingFollowUp, today: today))))
        var expiring = EstablishmentQuery(language: .vi)
        expiring.today = today
        expiring.licenceExpiringWithin = 30
        due.append((.licencesExpiring, try countEstablishments(expiring)))
        if mine == nil {
            var waiting = VisitQuery(view: .awaitingApproval, today: today)
            waiting.reviewerId = reviewerId
            due.append((.awaitingApproval, try countVisits(waiting)))
        }

        return Overview(year: today.year, gauges: gauges, due: due, months: try monthlyTrend(through: today),
                        coverage: try coverage(year: today.year))
    }

    /// Visits and violations of the `count` months up to the one holding `day`, oldest first,
    /// counted as the monthly reports count them (the overview's chart, the report's trend sheet).
    public func monthlyTrend(through day: Formats.Day, count: Int = 12) throws -> [Overview.Month] {
        var months: [Overview.Month] = []
        var start = day.monthRange.lowerBound
        for _ in 0..<count {
            if let p = ReportPeriod.month(start.year, start.month) { months.insert(try monthFigures(p), at: 0) }
            start = start.adding(days: -1).monthRange.lowerBound
        }
        return months
    }

    /// A month's visits and violations, counted by the monthly report's own queries.
    private func monthFigures(_ p: ReportPeriod) throws -> Overview.Month {
        try reading { db in
            let args: StatementArguments = [p.start, p.end]
            return Overview.Month(period: p, visits: try Int64.fetchOne(db, sql: "SELECT COUNT(*) \(Self.visitsIn)", arguments: args) ?? 0,
                                  violations: try Int64.fetchOne(db, sql: "SELECT COUNT(*) \(Self.violationsIn)", arguments: args) ?? 0)
        }
    }
}
