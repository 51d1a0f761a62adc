import Foundation
import WardCaseCore
import GRDB

/// The kinds of report period the plans ask for.
public enum ReportKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case month, quarter, half, year, custom
    public var label: Msg {
        switch self {
        case .month: .reportKindMonth
        case .quarter: .reportKindQuarter
        case .half: .reportKindHalf
        case .year: .reportKindYear
        case .custom: .reportKindCustom
        }
    }
}

/// A report's period: "2026-10", "2026-Q4", "2026-H1", "2026", or a custom range.
public struct ReportPeriod: Hashable, Sendable, Codable {
    public var kind: ReportKind
    public var start: Formats.Day
    public var end: Formats.Day

    public init(kind: ReportKind, start: Formats.Day, end: Formats.Day) { self.kind = kind; self.start = start; self.end = end }

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod? {
        Formats.Day(year: year, month: month, day: 1).map { ReportPeriod(kind: .month, start: $0.monthRange.lowerBound, end: $0.monthRange.upperBound) }
    }

    public static func quarter(_ year: Int, _ q: Int) -> ReportPeriod? {
        guard (1...4).contains(q), let a = Formats.Day(year: year, month: q * 3 - 2, day: 1), let b = Formats.Day(year: year, month: q * 3, day: 1)
        else { return nil }
        return ReportPeriod(kind: .quarter, start: a, end: b.monthRange.upperBound)
    }

    public static func half(_ year: Int, _ h: Int) -> ReportPeriod? {
        guard (1...2).contains(h), let a = Formats.Day(year: year, month: h * 6 - 5, day: 1), let b = Formats.Day(year: year, month: h * 6, day: 1)
        else { return nil }
        return ReportPeriod(kind: .half, start: a, end: b.monthRange.upperBound)
    }

    public static func year(_ year: Int) -> ReportPeriod? {
        guard let a = Formats.Day(year: year, month: 1, day: 1), let b = Formats.Day(year: year, month: 12, day: 31) else { return nil }
        return ReportPeriod(kind: .year, start: a, end: b)
    }

    /// Reads "2026-10", "10/2026", "2026-Q4", "2026-H1", "2026", or "01/10/2026-15/10/2026".
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.split(separator: "-").map(String.init)
        if parts.count == 2, let y = Int(parts[0]), parts[0].count == 4 {
            if parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), let p = ReportPeriod.quarter(y, q) { self = p; return }
            if parts[1].hasPrefix("H"), let h = Int(parts[1].dropFirst()), let p = ReportPeriod.half(y, h) { self = p; return }
            if let m = Int(parts[1]), let p = ReportPeriod.month(y, m) { self = p; return }
            return nil
        }
        if parts.count == 1, t.count == 4, let y = Int(t), let p = ReportPeriod.year(y) { self = p; return }
        let slash = t.split(separator: "/")
        if parts.count == 1, slash.count == 2, let m = Int(slash[0]), let y = Int(slash[1]), let p = ReportPeriod.month(y, m) { self = p; return }
        if parts.count == 2, let a = Formats.Day(vietnamese: parts[0]), let b = Formats.Day(vietnamese: parts[1]), a <= b {
            self = ReportPeriod(kind: .custom, start: a, end: b)
            return
        }
        return nil
    }

    /// The stable name of the period, as typed on the command line and stored.
    public var code: String {
        switch kind {
        case .month: String(format: "%04d-%02d", start.year, start.month)
        case .quarter: "\(start.year)-Q\((start.month - 1) / 3 + 1)"
        case .half: "\(start.year)-H\(start.month == 1 ? 1 : 2)"
        case .year: String(start.year)
        case .custom: "\(start.vietnamese)-\(end.vietnamese)"
        }
    }

    /// "tháng 10 năm 2026", "quý IV năm 2026", "6 tháng đầu năm 2026"...
    public func title(_ l: Localizer) -> String {
        let roman = ["I", "II", "III", "IV"]
        switch kind {
        case .month: return l.t(.periodMonth, start.month, start.year)
        case .quarter: return l.t(.periodQuarter, roman[(start.month - 1) / 3], start.year)
        case .half: return l.t(start.month == 1 ? .periodFirstHalf : .periodSecondHalf, start.year)
        case .year: return l.t(.periodYear, start.year)
        case .custom: return l.t(.periodCustom, start.vietnamese, end.vietnamese)
        }
    }

    /// When the report is due, from the ward's settings (none for a custom range).
    public func deadline(_ s: ReportDeadlines) -> Formats.Day? {
        switch kind {
        case .month:
            let next = end.adding(days: 1)
            return Formats.Day(year: next.year, month: next.month, day: s.monthDay)
        case .quarter: return Formats.Day(year: end.year, month: end.month, day: s.quarterDay)
        // The second half is reported with the year.
        case .half:
            let due = start.month == 1 ? s.halfYear : s.year
            return Formats.Day(year: start.year, month: due / 100, day: due % 100)
        case .year: return Formats.Day(year: start.year, month: s.year / 100, day: s.year % 100)
        case .custom: return nil
        }
    }
}

/// Report deadlines: a day of the month, or a date as MMDD (605 = 05/06).
public struct ReportDeadlines: Equatable, Sendable {
    public var monthDay: Int
    public var quarterDay: Int
    public var halfYear: Int
    public var year: Int

    /// A fixed deadline as people write it: 605 -> "05/06".
    public static func dayMonth(_ mmdd: Int) -> String { String(format: "%02d/%02d", mmdd % 100, mmdd / 100) }

    /// "05/06" -> 605; nil unless a day 1-28 and a month 1-12 (every year has that day).
    public static func mmdd(_ text: String) -> Int? {
        let parts = text.split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, (1...28).contains(parts[0]), (1...12).contains(parts[1]) else { return nil }
        return parts[1] * 100 + parts[0]
    }
}

/// How a figure is counted and shown.
public enum FigureUnit: String, Sendable, Codable { case count, percent, money }

/// One figure of a report: a stable id, its label, the value (nil = not available, never 0 in
/// its place) and the plan's target beside it where one exists.
public struct Figure: Equatable, Sendable, Codable {
    public var id: String
    /// A string-table key, or the text itself for labels that are data (type and service names).
    public var label: String
    public var labelIsKey: Bool
    public var value: Int64?
    public var unit: FigureUnit
    public var target: Int64?
    /// Indented under the figure before it (a breakdown).
    public var detail: Bool

    public func labelText(_ l: Localizer) -> String { labelIsKey ? (l.text(forKey: label) ?? label) : label }
}

/// A section of figures with its title key.
public struct FigureSection: Equatable, Sendable, Codable {
    public var title: String
    public var figures: [Figure]
    public func titleText(_ l: Localizer) -> String { l.text(forKey: title) ?? title }
}

/// Every figure of a report for one period, computed from the store.
public struct ReportFigures: Equatable, Sendable, Codable {
    public var period: ReportPeriod
    /// The days counted: the period itself, or Decree 09's 15th to 14th (nil in figures
    /// finalised before the ward kept a closing convention: the period's own days).
    public var dataFrom: Formats.Day?
    public var dataTo: Formats.Day?
    /// Counted before the data days ended: the figures stand "tính đến ngày" this day.
    public var countedOn: Formats.Day?
    public var sections: [FigureSection]
    public init(period: ReportPeriod, dataFrom: Formats.Day? = nil, dataTo: Formats.Day? = nil, countedOn: Formats.Day? = nil,
                sections: [FigureSection]) {
        self.period = period; self.dataFrom = dataFrom; self.dataTo = dataTo; self.countedOn = countedOn; self.sections = sections
    }
    /// "Số liệu tính từ 15/10/2026 đến 14/11/2026", and "(tính đến ngày 04/12/2026)" before then.
    public func dataLine(_ l: Localizer) -> String {
        l.t(.reportDataDays, (dataFrom ?? period.start).vietnamese, (dataTo ?? period.end).vietnamese)
            + (countedOn.map { " " + l.t(.reportCountedOn, $0.vietnamese) } ?? "")
    }
    public var all: [Figure] { sections.flatMap(\.figures) }
    public func value(_ id: String) -> Int64? { all.first { $0.id == id }?.value }
}

/// The narrative parts of a report, written by the clerk.
public enum NarrativePart: String, Sendable, Codable, CaseIterable {
    case situation, results, difficulties, nextTasks = "next_tasks"
    public var label: Msg {
        switch self {
        case .situation: .narrativeSituation
        case .results: .narrativeResults
        case .difficulties: .narrativeDifficulties
        case .nextTasks: .narrativeNextTasks
        }
    }
}

/// Where a report is.
public enum ReportStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case draft, final, sent
    public var label: Msg {
        switch self { case .draft: .reportDraft; case .final: .reportFinal; case .sent: .reportSent }
    }
}

/// A report: its period, version, narrative and — once finalised — its figures as they were.
public struct Report: Equatable, Sendable {
    public var id: Int64?
    public var period: ReportPeriod
    public var version: Int
    public var status: ReportStatus
    public var number: String
    public var narrative: [NarrativePart: String]
    /// Frozen at finalisation; nil for a draft, whose figures are computed afresh.
    public var figures: ReportFigures?
    public var finalisedAt: String?
    public var finalisedBy: String
    public var updatedAt: String
    /// Once sent: the day, to whom (Nơi nhận's lines) and the dispatch number it went under.
    public var sentOn: Formats.Day?
    public var sentTo: [ReportRecipient] = []
    public var sentNumber: String = ""
}

/// A communication session, training or other activity the clerk logs for the reports.
public enum ActivityKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case communication, training, other
    public var label: Msg {
        switch self { case .communication: .activityCommunication; case .training: .activityTraining; case .other: .activityOther }
    }
}

/// How a communication activity reached people (the plans' forms).
public enum ActivityChannel: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case conference, print, loudspeaker, socialMedia = "social_media", press, residentialMeeting = "residential_meeting"
    case counselling, club, other
    public var label: Msg {
        switch self {
        case .conference: .channelConference
        case .print: .channelPrint
        case .loudspeaker: .channelLoudspeaker
        case .socialMedia: .channelSocialMedia
        case .press: .channelPress
        case .residentialMeeting: .channelResidentialMeeting
        case .counselling: .channelCounselling
        case .club: .channelClub
        case .other: .channelOther
        }
    }
}

/// Whom an activity reached.
public enum AudienceCategory: String, Sendable, Codable, CaseIterable {
    case residents, workers, students, owners, officials, other
    public var label: Msg {
        switch self {
        case .residents: .audienceResidents
        case .workers: .audienceWorkers
        case .students: .audienceStudents
        case .owners: .audienceOwners
        case .officials: .audienceOfficials
        case .other: .audienceOther
        }
    }
}

public struct Activity: Equatable, Sendable {
    public var id: Int64?
    public var date: Formats.Day
    public var kind: ActivityKind
    public var audience: String
    /// Everyone reached: the sum of `reached` when it is given.
    public var people: Int
    public var channel: ActivityChannel?
    public var reached: [AudienceCategory: Int] = [:]
    /// For a training: trainees by agency.
    public var trainees: [String: Int] = [:]
    /// Held at this establishment: its workers reached can be brought up to date from it.
    public var establishmentId: Int64?
    public init(id: Int64? = nil, date: Formats.Day, kind: ActivityKind, audience: String, people: Int) {
        self.id = id; self.date = date; self.kind = kind; self.audience = audience; self.people = people
    }

    /// "residents=120,workers=30", in the categories' order.
    static func encode(_ reached: [AudienceCategory: Int]) -> String {
        AudienceCategory.allCases.compactMap { c in reached[c].flatMap { $0 > 0 ? "\(c.rawValue)=\($0)" : nil } }.joined(separator: ",")
    }
    static func decodeReached(_ text: String) -> [AudienceCategory: Int] {
        Dictionary(text.split(separator: ",").compactMap { part -> (AudienceCategory, Int)? in
            let kv = part.split(separator: "=")
            guard kv.count == 2, let c = AudienceCategory(rawValue: String(kv[0])), let n = Int(kv[1]) else { return nil }
            return (c, n)
        }, uniquingKeysWith: +)
    }
    /// "Công an=3,Y tế=2", agencies by name.
    static func encode(trainees: [String: Int]) -> String {
        trainees.keys.sorted().compactMap { k in trainees[k].flatMap { $0 > 0 ? "\(k)=\($0)" : nil } }.joined(separator: ",")
    }
    static func decodeTrainees(_ text: String) -> [String: Int] {
        Dictionary(text.split(separator: ",").compactMap { part -> (String, Int)? in
            guard let eq = part.lastIndex(of: "="), let n = Int(part[part.index(after: eq)...]) else { return nil }
            return (String(part[..<eq]), n)
        }, uniquingKeysWith: +)
    }

    /// "Công an: 3; Y tế: 2" as typed: each agency and its number, or nil when a part does not read.
    public static func parseTrainees(_ text: String) -> [String: Int]? {
        var out: [String: Int] = [:]
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.isEmpty { continue }
            guard let colon = p.lastIndex(of: ":"), let n = Int(p[p.index(after: colon)...].trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
            let agency = VietText.clean(String(p[..<colon]))
            if agency.isEmpty || agency.contains(",") || agency.contains("=") { return nil }
            out[agency, default: 0] += n
        }
        return out
    }
}

/// A report period on the Báo cáo list: due, overdue, drafted, final or sent.
///
/// A period the ward owes is upcoming until its deadline is `dueSoonDays` away or its period
/// has ended, then due, and overdue the day after its deadline; a draft not final by then is
/// overdue too.
public struct ReportSlot: Equatable, Sendable {
    public enum State: String, Sendable { case due, overdue, drafted, final, sent, upcoming }
    public var period: ReportPeriod
    public var deadline: Formats.Day?
    public var report: Report?
    public var state: State
    public var label: Msg {
        switch state {
        case .due: .slotDue
        case .overdue: .slotOverdue
        case .drafted: .slotDrafted
        case .final: .slotFinal
        case .sent: .slotSent
        case .upcoming: .slotUpcoming
        }
    }
}
