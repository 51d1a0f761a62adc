import Foundation
import GRDB

/// The ward's settings: each has a name for the command line, a default and the values it accepts.
/// The one place that knows them; the settings screen and `wardcase setting` both read this list.
public enum WardSetting: String, CaseIterable, Sendable {
    case idleLockSeconds = "idle_lock_seconds"
    case coverageTarget = "coverage_target_percent"
    case tipVerifyDays = "tip_verify_days"
    case tipClassifyDays = "tip_classify_days"
    case tipHandleDays = "tip_handle_days"
    case accessTarget = "access_target_percent"
    case reportMonthDay = "report_month_day"
    case reportQuarterDay = "report_quarter_day"
    case reportHalfYear = "report_half_year_due"
    case reportYear = "report_year_due"
    /// 0: report data by calendar periods; 1: Decree 09/2019/NĐ-CP, from the 15th to the 14th.
    case reportClosing = "report_closing"
    /// A report whose deadline is this close is due even before its period ends.
    case reportDueSoonDays = "report_due_soon_days"
    case importMaxMB = "import_max_mb"

    /// "idle-lock-seconds", as typed on the command line.
    public var cliName: String { rawValue.replacingOccurrences(of: "_", with: "-") }

    public static func parse(_ name: String) -> WardSetting? {
        allCases.first { $0.cliName == name || $0.rawValue == name }
    }

    public var defaultValue: Int {
        switch self {
        case .idleLockSeconds: 600
        case .coverageTarget: 80
        // Calendar days from receipt. Luật Tố cáo gives 7 working days to accept a denunciation
        // and 30 days to settle it; the ward can change these.
        case .tipVerifyDays: 7
        case .tipClassifyDays: 10
        case .tipHandleDays: 30
        // "at least 70% of people who need support and are eligible get access" (the plans' target).
        case .accessTarget: 70
        // Monthly reports before the 13th of the next month, quarterly before the 13th of the
        // quarter's last month, 6-month before 05/06, annual before 05/12 (as MMDD).
        case .reportMonthDay, .reportQuarterDay: 13
        case .reportHalfYear: 605
        case .reportYear: 1205
        case .reportClosing: 0
        case .reportDueSoonDays: 7
        // An import file larger than this is refused before it is read.
        case .importMaxMB: 100
        }
    }

    /// Values outside this are refused with a message (0 turns the idle lock off).
    public func accepts(_ value: Int) -> Bool {
        switch self {
        case .idleLockSeconds: value == 0 || (10...86_400).contains(value)
        case .coverageTarget, .accessTarget: (1...100).contains(value)
        case .tipVerifyDays, .tipClassifyDays, .tipHandleDays: (1...365).contains(value)
        case .reportMonthDay, .reportQuarterDay: (1...28).contains(value)
        case .reportHalfYear, .reportYear: (1...12).contains(value / 100) && (1...28).contains(value % 100)
        case .reportClosing: (0...1).contains(value)
        case .reportDueSoonDays: (0...60).contains(value)
        case .importMaxMB: (1...1024).contains(value)
        }
    }

    public var label: Msg {
        switch self {
        case .idleLockSeconds: .fieldIdleMinutes
        case .coverageTarget: .settingCoverageTarget
        case .tipVerifyDays: .settingTipVerifyDays
        case .tipClassifyDays: .settingTipClassifyDays
        case .tipHandleDays: .settingTipHandleDays
        case .accessTarget: .settingAccessTarget
        case .reportMonthDay: .settingReportMonthDay
        case .reportQuarterDay: .settingReportQuarterDay
        case .reportHalfYear: .settingReportHalfYear
        case .reportYear: .settingReportYear
        case .reportClosing: .settingReportClosing
        case .reportDueSoonDays: .settingReportDueSoonDays
        case .importMaxMB: .settingImportMaxMB
        }
    }
}

extension WardStore {
    public func setting(_ s: WardSetting) throws -> Int {
        try reading { db in try Self.setting(db, s) }
    }

    package static func setting(_ db: Database, _ s: WardSetting) throws -> Int {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [s.rawValue]).flatMap(Int.init) ?? s.defaultValue
    }

    /// Changes a setting after checking its value (an admin's work); the audit trail records old and new.
    public func setSetting(_ s: WardSetting, to value: Int, by account: Account) throws {
        guard s.accepts(value) else { throw WardError.invalidSettingValue(String(value)) }
        let now = clock()
        try write(as: account, .manageSettings) { db, me in
            let actor = Actor(me)
            let old = try Self.setting(db, s)
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [s.rawValue, String(value)])
            try Audit.writeChange(db, at: now, actor: actor, recordType: "setting", recordId: nil,
                                  before: [s.rawValue: String(old)], after: [s.rawValue: String(value)])
        }
    }

    public func idleLockSeconds() throws -> Int { try setting(.idleLockSeconds) }

    public func tipDeadlines() throws -> TipDeadlines {
        try reading { db in try Self.tipDeadlines(db) }
    }

    static func tipDeadlines(_ db: Database) throws -> TipDeadlines {
        TipDeadlines(verifyDays: try setting(db, .tipVerifyDays), classifyDays: try setting(db, .tipClassifyDays),
                     handleDays: try setting(db, .tipHandleDays))
    }
}

/// Who signs the ward's reports, as the signature block prints it: the title lines ("TM. ỦY BAN
/// NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", or just "CHỦ TỊCH") and the name, bold, under the space
/// for the signature. A ward that has not said prints the usual lines and no name.
public struct ReportSigner: Equatable, Sendable {
    public var titleLines: [String]
    public var name: String
    public init(titleLines: [String], name: String) { self.titleLines = titleLines; self.name = name }
    public static let usual = ReportSigner(titleLines: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name: "")
}

extension WardStore {
    public func reportSigner() throws -> ReportSigner {
        try reading { db in
            let (title, name) = try Self.signerSettings(db)
            return ReportSigner(titleLines: title.map { $0.split(separator: "\n").map(String.init) } ?? ReportSigner.usual.titleLines, name: name ?? "")
        }
    }

    /// The signer's title lines (one a line) and name as stored; nil where never set.
    private static func signerSettings(_ db: Database) throws -> (title: String?, name: String?) {
        func value(_ key: String) throws -> String? { try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
        return (try value("report_signer_title"), try value("report_signer_name"))
    }

    /// For whoever keeps the settings or the reports; the title needs a line at least.
    public func setReportSigner(_ signer: ReportSigner, by account: Account) throws {
        let lines = signer.titleLines.map { VietText.clean($0) }.filter { !$0.isEmpty }
        if lines.isEmpty { throw WardError.required(field: .fieldSignerTitle) }
        let name = VietText.clean(signer.name)
        let now = clock()
        try write(as: account, .manageSettings, .draftReports) { db, me in
            let (before, beforeName) = try Self.signerSettings(db)
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('report_signer_title', ?), ('report_signer_name', ?)",
                           arguments: [lines.joined(separator: "\n"), name])
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "setting", recordId: nil,
                                  before: ["report_signer_title": before ?? "", "report_signer_name": beforeName ?? ""],
                                  after: ["report_signer_title": lines.joined(separator: " / "), "report_signer_name": name])
        }
    }
}
