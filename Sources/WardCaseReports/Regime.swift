import Foundation
import GRDB
import WardCaseCore

/// How a report's data is cut.
public enum ReportClosing: Int, Sendable, CaseIterable {
    /// The calendar period itself.
    case calendar = 0
    /// Decree 09/2019/NĐ-CP, Article 12: a month from the 15th of the month before to the 14th;
    /// a quarter from the 15th of the month before it to the 14th of its last month; the first
    /// half and the year from 15/12 of the year before to 14/06 and 14/12.
    case decree09 = 1

    public var label: Msg { self == .calendar ? .closingCalendar : .closingDecree09 }
    /// As typed on the command line.
    public var cliName: String { self == .calendar ? "calendar" : "decree-09" }
}

/// Where a report goes, in the order Nơi nhận lists them: "UBND quận Đống Đa (qua Phòng LĐTB&XH)".
public struct ReportRecipient: Equatable, Sendable, Codable {
    public var name: String
    /// The office it goes through, if any.
    public var via: String
    public init(name: String, via: String = "") { self.name = name; self.via = via }
    public func line(_ l: Localizer) -> String { via.isEmpty ? name : l.t(.recipientVia, name, via) }

    /// As typed on a form's line or after --recipient: "UBND quận | Phòng LĐTB&XH".
    public var typed: String { via.isEmpty ? name : name + " | " + via }
    public init(typed text: String) {
        let parts = text.split(separator: "|", maxSplits: 1).map { VietText.clean(String($0)) }
        self.init(name: parts.first ?? "", via: parts.count > 1 ? parts[1] : "")
    }
    /// A form's lines, one recipient each; blank lines are none.
    public static func typed(lines text: String) -> [ReportRecipient] {
        text.split(separator: "\n").map { ReportRecipient(typed: String($0)) }.filter { !$0.name.isEmpty }
    }

    /// As a report keeps whom it went to: a line each, the office after a tab.
    static func encode(_ list: [ReportRecipient]) -> String {
        list.map { $0.name.replacingOccurrences(of: "\t", with: " ") + ($0.via.isEmpty ? "" : "\t" + $0.via) }.joined(separator: "\n")
    }
    static func decode(_ text: String) -> [ReportRecipient] {
        text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return ReportRecipient(name: parts[0], via: parts.count > 1 ? parts[1] : "")
        }
    }
}

/// The reports a ward owes, as its plan sets them: which kinds, by when, over which dates, to whom.
public struct ReportRegime: Equatable, Sendable {
    /// Of month, quarter, half (the first half: the second is reported with the year) and year.
    public var owed: Set<ReportKind>
    public var deadlines: ReportDeadlines
    public var closing: ReportClosing
    /// A report whose deadline is this many days away or fewer is due even before its period ends.
    public var dueSoonDays: Int
    public var recipients: [ReportRecipient]

    public static let kinds: [ReportKind] = [.month, .quarter, .half, .year]

    /// What a ward owes until it says otherwise: every kind, by the settings' default deadlines,
    /// over calendar periods, to nobody named yet.
    public static let standing = ReportRegime(
        owed: Set(kinds),
        deadlines: ReportDeadlines(monthDay: WardSetting.reportMonthDay.defaultValue, quarterDay: WardSetting.reportQuarterDay.defaultValue,
                                   halfYear: WardSetting.reportHalfYear.defaultValue, year: WardSetting.reportYear.defaultValue),
        closing: .calendar, dueSoonDays: WardSetting.reportDueSoonDays.defaultValue, recipients: [])

    /// The regimes of the plans, one key each.
    public enum Preset: String, Sendable, CaseIterable {
        /// Plan 001: monthly before the 13th, quarterly before the 13th of the quarter's last
        /// month, annual before 13/12, to the district through its labour office.
        case plan001 = "001"
        /// Plan 004: 6-month before 05/06 and annual before 05/12, to the city through Sở Y tế.
        case plan004 = "004"

        public var label: Msg { self == .plan001 ? .presetPlan001 : .presetPlan004 }

        /// The regime with this plan's kinds, deadlines and recipient; the closing convention and
        /// the warning days stay as the ward has them.
        public func applied(to r: ReportRegime, l: Localizer) -> ReportRegime {
            var out = r
            switch self {
            case .plan001:
                out.owed = [.month, .quarter, .year]
                out.deadlines = ReportDeadlines(monthDay: 13, quarterDay: 13, halfYear: r.deadlines.halfYear, year: 1213)
                out.recipients = [ReportRecipient(name: l.t(.presetPlan001To), via: l.t(.presetPlan001Via))]
            case .plan004:
                out.owed = [.half, .year]
                out.deadlines = ReportDeadlines(monthDay: r.deadlines.monthDay, quarterDay: r.deadlines.quarterDay, halfYear: 605, year: 1205)
                out.recipients = [ReportRecipient(name: l.t(.presetPlan004To), via: l.t(.presetPlan004Via))]
            }
            return out
        }
    }
}

extension ReportPeriod {
    /// The days a report of this period counts under `closing`. Decree 09's dates apply to the
    /// standard periods; a custom range (and the overview's year so far) is counted as it is.
    public func data(_ closing: ReportClosing) -> ReportPeriod {
        guard closing == .decree09 else { return self }
        func day(_ y: Int, _ m: Int, _ d: Int) -> Formats.Day? {
            m < 1 ? Formats.Day(year: y - 1, month: 12 + m, day: d) : Formats.Day(year: y, month: m, day: d)
        }
        let y = start.year, m = start.month
        let range: (Formats.Day?, Formats.Day?)
        switch kind {
        case .month where self == ReportPeriod.month(y, m): range = (day(y, m - 1, 15), day(y, m, 14))
        case .quarter where self == ReportPeriod.quarter(y, (m - 1) / 3 + 1): range = (day(y, m - 1, 15), day(y, m + 2, 14))
        case .half where self == ReportPeriod.half(y, m == 1 ? 1 : 2): range = m == 1 ? (day(y, 0, 15), day(y, 6, 14)) : (day(y, 6, 15), day(y, 12, 14))
        case .year where self == ReportPeriod.year(y): range = (day(y, 0, 15), day(y, 12, 14))
        default: return self
        }
        guard let a = range.0, let b = range.1 else { return self }
        return ReportPeriod(kind: kind, start: a, end: b)
    }
}

extension WardStore {
    public func reportRegime() throws -> ReportRegime {
        try reading { db in try Self.reportRegime(db) }
    }

    static func reportRegime(_ db: Database) throws -> ReportRegime {
        let owed = try String.fetchAll(db, sql: "SELECT kind FROM report_obligation WHERE owed = 1").compactMap(ReportKind.init(rawValue:))
        var recipients = try Row.fetchAll(db, sql: "SELECT name, via FROM report_recipient ORDER BY position").map {
            ReportRecipient(name: $0["name"], via: $0["via"])
        }
        // A ward set up since, that has not named its recipients: the agency it gave.
        if recipients.isEmpty, let agency = try String.fetchOne(db, sql: "SELECT receiving_agency FROM ward WHERE id = 1"), !agency.isEmpty {
            recipients = [ReportRecipient(name: agency)]
        }
        return ReportRegime(owed: Set(owed), deadlines: try reportDeadlines(db),
                            closing: ReportClosing(rawValue: try setting(db, .reportClosing)) ?? .calendar,
                            dueSoonDays: try setting(db, .reportDueSoonDays), recipients: recipients)
    }

    static func reportDeadlines(_ db: Database) throws -> ReportDeadlines {
        ReportDeadlines(monthDay: try setting(db, .reportMonthDay), quarterDay: try setting(db, .reportQuarterDay),
                        halfYear: try setting(db, .reportHalfYear), year: try setting(db, .reportYear))
    }

    /// Sets the ward's regime in one transaction, checked as the settings are; the audit trail has
    /// the old and new regime. For whoever keeps the reports or the settings.
    public func setReportRegime(_ r: ReportRegime, by account: Account) throws {
        let values: [(WardSetting, Int)] = [(.reportMonthDay, r.deadlines.monthDay), (.reportQuarterDay, r.deadlines.quarterDay),
                                            (.reportHalfYear, r.deadlines.halfYear), (.reportYear, r.deadlines.year),
                                            (.reportClosing, r.closing.rawValue), (.reportDueSoonDays, r.dueSoonDays)]
        for (s, v) in values where !s.accepts(v) { throw WardError.invalidSettingValue(String(v)) }
        let recipients = r.recipients.map { ReportRecipient(name: VietText.clean($0.name), via: VietText.clean($0.via)) }.filter { !$0.name.isEmpty }
        let now = clock()
        try write(as: account, .draftReports, .manageSettings) { db, me in
            let before = try Self.reportRegime(db)
            for (s, v) in values {
                try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [s.rawValue, String(v)])
            }
            for k in ReportRegime.kinds {
                try db.execute(sql: "INSERT OR REPLACE INTO report_obligation (kind, owed) VALUES (?, ?)", arguments: [k, r.owed.contains(k)])
            }
            try db.execute(sql: "DELETE FROM report_recipient")
            for (i, x) in recipients.enumerated() {
                try db.execute(sql: "INSERT INTO report_recipient (position, name, via) VALUES (?, ?, ?)", arguments: [i + 1, x.name, x.via])
            }
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "report_regime", recordId: nil,
                                  before: Self.auditFields(before), after: Self.auditFields(try Self.reportRegime(db)))
        }
    }

    static func auditFields(_ r: ReportRegime) -> [String: String] {
        ["owed": ReportRegime.kinds.filter(r.owed.contains).map(\.rawValue).joined(separator: ","),
         "deadlines": "\(r.deadlines.monthDay),\(r.deadlines.quarterDay),\(r.deadlines.halfYear),\(r.deadlines.year)",
         "closing": r.closing.cliName, "due_soon_days": String(r.dueSoonDays),
         "recipients": r.recipients.map { $0.via.isEmpty ? $0.name : "\($0.name) | \($0.via)" }.joined(separator: "; ")]
    }
}
