import Foundation
import GRDB
import WardCaseCore

/// The ward's plan for a year (kế hoạch: its title, number and date) and its targets, one per
/// report figure: percentages ("% establishments classified: 95") and counts ("communication
/// sessions: 24").
public struct AnnualPlan: Equatable, Sendable {
    public var year: Int
    public var title: String
    public var number: String
    public var date: Formats.Day?
    /// Figure id → target.
    public var targets: [String: Int64]
    public init(year: Int, title: String = "", number: String = "", date: Formats.Day? = nil, targets: [String: Int64] = [:]) {
        self.year = year; self.title = title; self.number = number; self.date = date; self.targets = targets
    }

    /// The targets that hold whatever the year's plan leaves out: those the programme has always
    /// set (coverage and access from the settings, tip-offs in time, commitments, classification).
    static func standing(_ db: Database) throws -> [String: Int64] {
        ["visits.coverage": Int64(try WardStore.setting(db, .coverageTarget)), "support.access": Int64(try WardStore.setting(db, .accessTarget)),
         "tips.in_time": 100, "est.commitment_share": 100, "est.classified_share": 95]
    }
}

extension ReportFigures {
    /// The plan's targets beside the figures they are set for. A percentage's target stands
    /// beside every period's figure (coverage beside a year's only: a month's is a part of it);
    /// a count's beside a year's only.
    mutating func setTargets(_ targets: [String: Int64]) {
        let wholeYear = period.kind == .year
        for s in sections.indices {
            for f in sections[s].figures.indices {
                let fig = sections[s].figures[f]
                let shown = fig.unit == .percent ? (fig.id != "visits.coverage" || wholeYear) : wholeYear
                sections[s].figures[f].target = shown ? targets[fig.id] : nil
            }
        }
    }
}

extension WardStore {
    /// The year's plan, or nil when the ward has none for it.
    public func annualPlan(year: Int) throws -> AnnualPlan? {
        try reading { db in try Self.annualPlan(db, year: year) }
    }

    static func annualPlan(_ db: Database, year: Int) throws -> AnnualPlan? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM annual_plan WHERE year = ?", arguments: [year]) else { return nil }
        let targets = try Row.fetchAll(db, sql: "SELECT figure_id, value FROM plan_target WHERE year = ?", arguments: [year])
        return AnnualPlan(year: year, title: row["title"], number: row["number"], date: row["date"],
                          targets: Dictionary(uniqueKeysWithValues: targets.map { ($0["figure_id"] as String, $0["value"] as Int64) }))
    }

    /// The targets figures of `year` are held to: the standing ones, and its plan's over them.
    static func targets(_ db: Database, year: Int) throws -> [String: Int64] {
        try AnnualPlan.standing(db).merging(annualPlan(db, year: year)?.targets ?? [:]) { _, planned in planned }
    }

    public func targets(year: Int) throws -> [String: Int64] {
        try reading { db in try Self.targets(db, year: year) }
    }

    /// A new plan for `year` starts from last year's targets (or the standing ones).
    public func draftPlan(year: Int) throws -> AnnualPlan {
        try reading { db in
            try Self.annualPlan(db, year: year) ?? AnnualPlan(year: year, targets: try Self.targets(db, year: year - 1))
        }
    }

    /// Saves a year's plan and its targets (replacing the year's targets), for whoever keeps the
    /// reports or the settings; the audit trail has the old and new plan.
    public func saveAnnualPlan(_ plan: AnnualPlan, by account: Account) throws {
        if plan.targets.values.contains(where: { $0 < 0 }) { throw WardError.invalidSettingValue(String(plan.targets.values.min() ?? 0)) }
        if let (id, v) = plan.targets.first(where: { $0.key.hasSuffix("share") || $0.key == "visits.coverage" || $0.key == "support.access"
            || $0.key == "tips.in_time" ? $0.value > 100 : false }) {
            throw WardError.invalidSettingValue("\(id)=\(v)")
        }
        let now = clock()
        try write(as: account, .draftReports, .manageSettings) { db, me in
            let before = try Self.annualPlan(db, year: plan.year)
            try db.execute(sql: """
                INSERT INTO annual_plan (year, title, number, date) VALUES (?, ?, ?, ?)
                ON CONFLICT(year) DO UPDATE SET title = excluded.title, number = excluded.number, date = excluded.date
                """, arguments: [plan.year, VietText.clean(plan.title), VietText.clean(plan.number), plan.date])
            try db.execute(sql: "DELETE FROM plan_target WHERE year = ?", arguments: [plan.year])
            for (id, value) in plan.targets.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO plan_target (year, figure_id, value) VALUES (?, ?, ?)", arguments: [plan.year, id, value])
            }
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "annual_plan", recordId: Int64(plan.year),
                                  before: before.map(Self.auditFields) ?? [:], after: Self.auditFields(plan))
        }
    }

    static func auditFields(_ p: AnnualPlan) -> [String: String] {
        ["title": VietText.clean(p.title), "number": VietText.clean(p.number), "date": p.date?.vietnamese ?? "",
         "targets": p.targets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")]
    }
}
