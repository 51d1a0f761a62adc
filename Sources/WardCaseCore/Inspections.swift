import Foundation
import GRDB

/// Theo kế hoạch, đột xuất, hậu kiểm tra.
public enum VisitKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case planned, unannounced, followUp = "follow_up"
    public var label: Msg {
        switch self { case .planned: .visitKindPlanned; case .unannounced: .visitKindUnannounced; case .followUp: .visitKindFollowUp }
    }
}

/// Where a visit record is in its life: planned -> draft -> submitted -> approved, or returned.
public enum VisitStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case planned, draft, submitted, approved, returned
    public var label: Msg {
        switch self {
        case .planned: .visitStatusPlanned
        case .draft: .visitStatusDraft
        case .submitted: .visitStatusSubmitted
        case .approved: .visitStatusApproved
        case .returned: .visitStatusReturned
        }
    }
    /// The visit took place (it counts for follow-ups once it is more than a plan).
    public var carriedOut: Bool { self != .planned }
    /// Who may still change it: approved records are locked, submitted ones wait for the leader.
    public var editable: Bool { self == .planned || self == .draft || self == .returned }
}

/// How a violation was handled.
public enum Handling: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case reminder, minutes, fine, suspension, police
    public var label: Msg {
        switch self {
        case .reminder: .handlingReminder
        case .minutes: .handlingMinutes
        case .fine: .handlingFine
        case .suspension: .handlingSuspension
        case .police: .handlingPolice
        }
    }
}

/// The result of one checklist item on a visit.
public enum CheckResult: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case ok, notOk = "not_ok", notChecked = "not_checked"
    public var label: Msg {
        switch self { case .ok: .checkOk; case .notOk: .checkNotOk; case .notChecked: .checkNotChecked }
    }
}

/// One line of the ward-editable checklist ("Xuất trình giấy phép kinh doanh").
public struct ChecklistItem: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord, Identifiable {
    public static let databaseTableName = "checklist_item"
    public var id: Int64?
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var sortOrder: Int
    public var active: Bool

    enum CodingKeys: String, CodingKey {
        case id, code, active
        case nameVi = "name_vi", nameEn = "name_en", sortOrder = "sort_order"
    }

    public func name(_ language: Language) -> String { language == .en && !nameEn.isEmpty ? nameEn : nameVi }
}

/// A member of the inspection team and the agency they came from (Công an, Văn hóa - Xã hội, Y tế...).
public struct TeamMember: Equatable, Sendable {
    public var name: String
    public var agency: String
    public init(name: String, agency: String) { self.name = name; self.agency = agency }

    /// "Nguyễn Văn An - Công an phường": one member per line as the form and files write them.
    public var line: String { agency.isEmpty ? name : "\(name) - \(agency)" }

    /// Reads "name - agency" lines (a dash or a comma separates them); blank lines are skipped.
    public static func parse(lines text: String) -> [TeamMember] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = VietText.clean(String(raw))
            if line.isEmpty { return nil }
            let separators = [" - ", " – ", " — ", ","]
            for sep in separators {
                if let r = line.range(of: sep) {
                    return TeamMember(name: VietText.clean(String(line[..<r.lowerBound])),
                                      agency: VietText.clean(String(line[r.upperBound...])))
                }
            }
            return TeamMember(name: line, agency: "")
        }
    }
}

/// A violation found on a visit, its legal basis and how it was handled.
public struct Violation: Equatable, Sendable {
    public var description: String
    public var legalBasis: String
    public var handling: Handling
    /// In đồng; only for an administrative fine.
    public var fine: Int64
    public init(description: String, legalBasis: String = "", handling: Handling, fine: Int64 = 0) {
        self.description = description; self.legalBasis = legalBasis; self.handling = handling; self.fine = fine
    }
}

/// The decision that imposed a violation's fine (quyết định xử phạt) and when it was paid.
public struct Sanction: Equatable, Sendable {
    public var decisionNo: String
    public var decisionDate: Formats.Day
    /// Who signed the decision (name and title).
    public var signer: String
    public var paidDate: Formats.Day?
    public var version = 1
    public init(decisionNo: String, decisionDate: Formats.Day, signer: String = "", paidDate: Formats.Day? = nil) {
        self.decisionNo = decisionNo; self.decisionDate = decisionDate; self.signer = signer; self.paidDate = paidDate
    }

    var auditFields: [String: String] {
        ["decision_no": decisionNo, "decision_date": decisionDate.vietnamese, "signer": signer, "paid_date": paidDate?.vietnamese ?? ""]
    }
}

/// A violation of an approved record as it stands for its sanction: the decision once recorded.
public struct SanctionLine: Equatable, Sendable {
    public var violationId: Int64
    public var violation: Violation
    public var sanction: Sanction?
}

/// An inspection visit (or a planned one). Team members, checklist results and violations are
/// kept with it in `VisitRecord`.
public struct Visit: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public typealias Day = Formats.Day
    public static let databaseTableName = "visit"
    public var id: Int64?
    public var establishmentId: Int64?
    public var hotspotId: Int64?
    public var date: Day
    /// "HH:MM", or empty when not noted.
    public var time = ""
    public var kind: VisitKind
    public var status: VisitStatus
    public var team = ""
    public var findings = ""
    public var remedyDeadline: Day?
    public var followUpDue: Day?
    /// The earlier visit this one checks up on (hậu kiểm tra).
    public var followsVisitId: Int64?
    public var tipId: Int64?
    public var planId: Int64?
    /// The approved visit this record corrects.
    public var amendsVisitId: Int64?
    /// The approved amendment that replaces this record.
    public var supersededBy: Int64?
    public var authorId: Int64?
    public var authorName = ""
    public var submittedAt: String?
    public var reviewerName = ""
    public var reviewedAt: String?
    public var returnComment = ""
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, kind, status, team, findings, version
        case establishmentId = "establishment_id", hotspotId = "hotspot_id", date = "visit_date", time = "visit_time"
        case remedyDeadline = "remedy_deadline", followUpDue = "follow_up_due", followsVisitId = "follows_visit_id"
        case tipId = "tip_id", planId = "plan_id", amendsVisitId = "amends_visit_id", supersededBy = "superseded_by"
        case authorId = "author_id", authorName = "author_name", submittedAt = "submitted_at"
        case reviewerName = "reviewer_name", reviewedAt = "reviewed_at", returnComment = "return_comment"
    }

    public init(establishmentId: Int64? = nil, hotspotId: Int64? = nil, date: Day, kind: VisitKind, status: VisitStatus = .draft) {
        self.establishmentId = establishmentId; self.hotspotId = hotspotId; self.date = date; self.kind = kind; self.status = status
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The columns `init(row:at:)` reads, in its order.
    static let columns = ["id", "establishment_id", "hotspot_id", "visit_date", "visit_time", "kind", "status", "team", "findings",
                          "remedy_deadline", "follow_up_due", "follows_visit_id", "tip_id", "plan_id", "amends_visit_id",
                          "superseded_by", "author_id", "author_name", "submitted_at", "reviewer_name", "reviewed_at",
                          "return_comment", "version"]

    /// A visit from a row that has its columns by name.
    public init(row: Row) throws { try self.init(RowColumns(row, Self.columns, table: "visit")) }

    /// A visit from `columns` selected in that order from `start` on (an export's cursor).
    init(row: Row, at start: Int) throws { try self.init(RowColumns(row, Self.columns, table: "visit", start: start)) }

    private init(_ c: RowColumns) throws {
        id = c.int(0)
        establishmentId = c.int(1)
        hotspotId = c.int(2)
        date = try c.required(c.day(3), 3)
        time = c.string(4) ?? ""
        kind = try c.required(c.code(5), 5)
        status = try c.required(c.code(6), 6)
        team = c.string(7) ?? ""
        findings = c.string(8) ?? ""
        remedyDeadline = try c.day(9)
        followUpDue = try c.day(10)
        followsVisitId = c.int(11)
        tipId = c.int(12)
        planId = c.int(13)
        amendsVisitId = c.int(14)
        supersededBy = c.int(15)
        authorId = c.int(16)
        authorName = c.string(17) ?? ""
        submittedAt = c.string(18)
        reviewerName = c.string(19) ?? ""
        reviewedAt = c.string(20)
        returnComment = c.string(21) ?? ""
        version = Int(c.int(22) ?? 1)
    }
}

/// A visit with everything recorded on it.
/// A biên bản's number: the n-th record approved in its year.
public struct RecordNumber: Equatable, Sendable {
    public var year: Int
    public var number: Int
}

public struct VisitRecord: Equatable, Sendable {
    public var visit: Visit
    public var members: [TeamMember] = []
    /// Checklist item id -> result; items left out were not checked.
    public var checks: [Int64: CheckResult] = [:]
    public var violations: [Violation] = []
    /// An approved record's number in its year's sequence (nil until approved).
    public var recordNumber: RecordNumber?

    public init(visit: Visit, members: [TeamMember] = [], checks: [Int64: CheckResult] = [:], violations: [Violation] = []) {
        self.visit = visit; self.members = members; self.checks = checks; self.violations = violations
    }

    public var totalFine: Int64 { violations.reduce(0) { $0 + $1.fine } }

    /// Every field as text: the audit trail and conflict messages read this one map.
    var auditFields: [String: String] {
        let v = visit
        return [
            "establishment_id": v.establishmentId.map(String.init) ?? "", "hotspot_id": v.hotspotId.map(String.init) ?? "",
            "visit_date": v.date.vietnamese, "visit_time": v.time, "kind": v.kind.rawValue, "status": v.status.rawValue,
            "team": v.team, "findings": v.findings, "remedy_deadline": v.remedyDeadline?.vietnamese ?? "",
            "follow_up_due": v.followUpDue?.vietnamese ?? "", "return_comment": v.returnComment,
            "members": members.map(\.line).joined(separator: "; "),
            "checks": checks.keys.sorted().map { "\($0)=\(checks[$0]!.rawValue)" }.joined(separator: ","),
            "violations": violations.map { "\($0.description) [\($0.legalBasis)] \($0.handling.rawValue) \($0.fine)" }.joined(separator: "; "),
        ]
    }
}

/// The fields of a visit that rules speak about, so that forms can put a message beside the right one.
public enum VisitField: String, Sendable, CaseIterable {
    case place, date, time, kind, team, members, findings, remedyDeadline, followUpDue
    case violationDescription, violationHandling, violationFine, returnComment

    public var label: Msg {
        switch self {
        case .place: .fieldPlace
        case .date: .fieldVisitDate
        case .time: .fieldVisitTime
        case .kind: .fieldVisitKind
        case .team: .fieldTeam
        case .members: .fieldMembers
        case .findings: .fieldFindings
        case .remedyDeadline: .fieldRemedyDeadline
        case .followUpDue: .fieldFollowUpDue
        case .violationDescription: .fieldViolation
        case .violationHandling: .fieldHandling
        case .violationFine: .fieldFine
        case .returnComment: .fieldReturnComment
        }
    }
}

/// One thing wrong with a visit, tied to the field it concerns.
public struct VisitProblem: Equatable, Sendable {
    public var field: VisitField
    public var message: Msg
    public init(_ field: VisitField, _ message: Msg) { self.field = field; self.message = message }
}

/// The rules of a visit record and its life cycle: the one place for them.
public enum VisitRules {
    public static let maxText = 4000

    /// Problems with the record itself, whatever its status.
    public static func problems(_ r: VisitRecord, today: Formats.Day) -> [VisitProblem] {
        var p: [VisitProblem] = []
        let v = r.visit
        if (v.establishmentId == nil) == (v.hotspotId == nil) { p.append(VisitProblem(.place, .errVisitPlace)) }
        if !v.time.isEmpty, parseTime(v.time) == nil { p.append(VisitProblem(.time, .errTime)) }
        if v.status != .planned, v.date > today { p.append(VisitProblem(.date, .errFutureDate)) }
        if let d = v.remedyDeadline, d < v.date { p.append(VisitProblem(.remedyDeadline, .errBeforeVisit)) }
        if let d = v.followUpDue, d < v.date { p.append(VisitProblem(.followUpDue, .errBeforeVisit)) }
        if v.findings.count > maxText { p.append(VisitProblem(.findings, .errTooLongShort)) }
        if r.members.contains(where: { $0.name.isEmpty }) { p.append(VisitProblem(.members, .errMemberName)) }
        for violation in r.violations { p += problems(violation) }
        return p
    }

    public static func problems(_ violation: Violation) -> [VisitProblem] {
        var p: [VisitProblem] = []
        if VietText.clean(violation.description).isEmpty { p.append(VisitProblem(.violationDescription, .errRequiredShort)) }
        if violation.handling == .fine, violation.fine <= 0 { p.append(VisitProblem(.violationFine, .errFineNeeded)) }
        if violation.handling != .fine, violation.fine != 0 { p.append(VisitProblem(.violationFine, .errFineOnlyForFines)) }
        if violation.fine < 0 { p.append(VisitProblem(.violationFine, .errNegative)) }
        return p
    }

    /// What must be true before a record goes to the team leader.
    public static func submitProblems(_ r: VisitRecord, today: Formats.Day) -> [VisitProblem] {
        var p = problems(r, today: today)
        if r.members.isEmpty { p.append(VisitProblem(.members, .errMembersNeeded)) }
        if r.visit.date > today { p.append(VisitProblem(.date, .errFutureDate)) }
        if !r.violations.isEmpty, r.visit.followUpDue == nil, r.visit.remedyDeadline == nil {
            p.append(VisitProblem(.remedyDeadline, .errDeadlineNeeded))
        }
        return p
    }

    /// A time as people write it -> minutes since midnight: "08:30", "8:30", "8.30", "8h30",
    /// "8g30" (giờ), "8h", "8", "0830", "830".
    public static func parseTime(_ text: String) -> Int? {
        let t = text.lowercased().filter { !$0.isWhitespace }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII }) else { return nil }
        let h: Int?, m: Int?
        if let sep = t.firstIndex(where: { ":.hg".contains($0) }) {
            let rest = t[t.index(after: sep)...]
            h = Int(t[..<sep])
            m = rest.isEmpty ? 0 : rest.count == 2 ? Int(rest) : nil
        } else if t.count >= 3, t.count <= 4 {
            h = Int(t.dropLast(2)); m = Int(t.suffix(2))
        } else {
            h = Int(t); m = 0
        }
        guard let h, let m, (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// "08:30" from whatever `parseTime` reads; nil when it reads nothing.
    public static func normalTime(_ text: String) -> String? {
        parseTime(text).map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }
    }

    /// Why `account` may not approve or return `visit`, or nil when they may.
    public static func reviewRefusal(_ visit: Visit, by account: Account) -> WardError? {
        if !account.can(.approveVisits) { return .permissionDenied(.approveVisits) }
        if visit.status != .submitted { return .visitNotSubmitted }
        if visit.authorId == account.id { return .ownVisit }
        return nil
    }
}

// MARK: Tip-offs

/// Tin báo, tố giác, khiếu nại.
public enum TipKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case information, denunciation, complaint
    public var label: Msg {
        switch self { case .information: .tipKindInformation; case .denunciation: .tipKindDenunciation; case .complaint: .tipKindComplaint }
    }
}

/// How a tip-off arrived.
public enum TipChannel: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case hotline, inPerson = "in_person", letter, online, police
    public var label: Msg {
        switch self {
        case .hotline: .channelHotline
        case .inPerson: .channelInPerson
        case .letter: .channelLetter
        case .online: .channelOnline
        case .police: .channelPolice
        }
    }
}

/// What verification found the tip to be.
public enum TipClass: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case grounded, unfounded, referred
    public var label: Msg {
        switch self { case .grounded: .tipClassGrounded; case .unfounded: .tipClassUnfounded; case .referred: .tipClassReferred }
    }
}

/// The steps every tip goes through: tiếp nhận, xác minh, phân loại, xử lý.
public enum TipStep: Int, Sendable, CaseIterable, Comparable {
    case verify, classify, handle, done
    public var label: Msg {
        switch self { case .verify: .tipStepVerify; case .classify: .tipStepClassify; case .handle: .tipStepHandle; case .done: .tipStepDone }
    }
    public static func < (a: TipStep, b: TipStep) -> Bool { a.rawValue < b.rawValue }
}

/// A tip-off and how far it has been dealt with.
public struct TipOff: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public typealias Day = Formats.Day
    public static let databaseTableName = "tip"
    public var id: Int64?
    public var receivedDate: Day
    public var kind: TipKind
    public var channel: TipChannel
    public var anonymous = false
    /// Who reported it, as typed, on its way to being sealed: `saveTip` seals it to the ward's
    /// informant key and never stores it in plain text (empty keeps what is sealed).
    public var reporter = ""
    /// The informant, sealed (Seals.swift); nil when anonymous or not recorded.
    public var reporterSealed: Data?
    public var hasInformant: Bool { reporterSealed != nil || !reporter.isEmpty }
    public var content: String
    public var establishmentId: Int64?
    public var hotspotId: Int64?
    /// A place that is not on the register ("ngõ 12 phố X").
    public var place = ""
    public var verifyDue: Day
    public var classifyDue: Day
    public var handleDue: Day
    public var verifiedDate: Day?
    public var verifyResult = ""
    public var classifiedDate: Day?
    public var classification: TipClass?
    public var handledDate: Day?
    public var handleResult = ""
    public var authorName = ""
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, kind, channel, anonymous, reporter, content, place, classification, version
        case receivedDate = "received_date", establishmentId = "establishment_id", hotspotId = "hotspot_id"
        case verifyDue = "verify_due", classifyDue = "classify_due", handleDue = "handle_due"
        case verifiedDate = "verified_date", verifyResult = "verify_result", classifiedDate = "classified_date"
        case handledDate = "handled_date", handleResult = "handle_result", authorName = "author_name"
        case reporterSealed = "reporter_sealed"
    }

    /// The columns a tip-off is read from, in order.
    static let columns = ["id", "received_date", "kind", "channel", "anonymous", "reporter", "reporter_sealed", "content",
                          "establishment_id", "hotspot_id", "place", "verify_due", "classify_due", "handle_due", "verified_date",
                          "verify_result", "classified_date", "classification", "handled_date", "handle_result", "author_name", "version"]

    /// A tip-off from a row that has its columns by name.
    public init(row: Row) throws { try self.init(RowColumns(row, Self.columns, table: "tip")) }

    /// A tip-off from `columns` selected in that order from `start` on (an export's cursor).
    init(row: Row, at start: Int) throws { try self.init(RowColumns(row, Self.columns, table: "tip", start: start)) }

    private init(_ c: RowColumns) throws {
        id = c.int(0)
        receivedDate = try c.required(c.day(1), 1)
        kind = try c.required(c.code(2), 2)
        channel = try c.required(c.code(3), 3)
        anonymous = c.bool(4) ?? false
        reporter = c.string(5) ?? ""
        reporterSealed = c.data(6)
        content = c.string(7) ?? ""
        establishmentId = c.int(8)
        hotspotId = c.int(9)
        place = c.string(10) ?? ""
        verifyDue = try c.required(c.day(11), 11)
        classifyDue = try c.required(c.day(12), 12)
        handleDue = try c.required(c.day(13), 13)
        verifiedDate = try c.day(14)
        verifyResult = c.string(15) ?? ""
        classifiedDate = try c.day(16)
        classification = try c.code(17)
        handledDate = try c.day(18)
        handleResult = c.string(19) ?? ""
        authorName = c.string(20) ?? ""
        version = Int(c.int(21) ?? 1)
    }

    /// A new tip received on `received`, with its step deadlines from the ward's settings.
    public init(received: Day, kind: TipKind, channel: TipChannel, content: String, deadlines: TipDeadlines) {
        receivedDate = received; self.kind = kind; self.channel = channel; self.content = content
        (verifyDue, classifyDue, handleDue) = deadlines.dueDates(receivedOn: received)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The folded text the tip-off filter searches (`search_fold`): its content and place.
    /// " | " keeps a phrase from matching across the two.
    public var searchText: String { Self.searchFold(content: content, place: place) }

    static func searchFold(content: String, place: String) -> String { VietText.fold(content + " | " + place) }

    /// Written in `columns` order (the columns it is read from), then its folded search text.
    public func encode(to container: inout PersistenceContainer) {
        let values: [(any DatabaseValueConvertible)?] = [
            id, receivedDate, kind, channel, anonymous, reporter, reporterSealed, content, establishmentId, hotspotId, place,
            verifyDue, classifyDue, handleDue, verifiedDate, verifyResult, classifiedDate, classification, handledDate, handleResult,
            authorName, version,
        ]
        assert(values.count == Self.columns.count, "a column without its value")
        for (column, value) in zip(Self.columns, values) { container[column] = value }
        container["search_fold"] = searchText
    }

    /// The step waiting to be done.
    public var step: TipStep {
        if verifiedDate == nil { return .verify }
        if classifiedDate == nil { return .classify }
        if handledDate == nil { return .handle }
        return .done
    }

    /// When the waiting step is due (nil once handled).
    public var due: Day? {
        switch step { case .verify: verifyDue; case .classify: classifyDue; case .handle: handleDue; case .done: nil }
    }

    /// A step is overdue the day after its due date.
    public func isOverdue(today: Day) -> Bool { due.map { $0 < today } ?? false }

    /// Handled by the handling deadline: the figure the plans set at 100%.
    public var handledInTime: Bool { handledDate.map { $0 <= handleDue } ?? false }

    var auditFields: [String: String] {
        ["received_date": receivedDate.vietnamese, "kind": kind.rawValue, "channel": channel.rawValue,
         "anonymous": anonymous ? "1" : "0", "informant": hasInformant ? "sealed" : "", "content": content,
         "establishment_id": establishmentId.map(String.init) ?? "", "hotspot_id": hotspotId.map(String.init) ?? "",
         "place": place, "verify_due": verifyDue.vietnamese, "classify_due": classifyDue.vietnamese, "handle_due": handleDue.vietnamese,
         "verified_date": verifiedDate?.vietnamese ?? "", "verify_result": verifyResult,
         "classified_date": classifiedDate?.vietnamese ?? "", "classification": classification?.rawValue ?? "",
         "handled_date": handledDate?.vietnamese ?? "", "handle_result": handleResult]
    }
}

/// Days allowed for each step, counted from the day the tip was received (settings).
public struct TipDeadlines: Equatable, Sendable {
    public var verifyDays: Int
    public var classifyDays: Int
    public var handleDays: Int
    public init(verifyDays: Int, classifyDays: Int, handleDays: Int) {
        self.verifyDays = verifyDays; self.classifyDays = classifyDays; self.handleDays = handleDays
    }
    public func dueDates(receivedOn d: Formats.Day) -> (Formats.Day, Formats.Day, Formats.Day) {
        (d.adding(days: verifyDays), d.adding(days: classifyDays), d.adding(days: handleDays))
    }
}

/// The fields of a tip-off that rules speak about.
public enum TipField: String, Sendable, CaseIterable {
    case receivedDate, content, reporter, place, verifiedDate, classifiedDate, classification, handledDate, handleResult

    public var label: Msg {
        switch self {
        case .receivedDate: .fieldReceivedDate
        case .content: .fieldTipContent
        case .reporter: .fieldReporter
        case .place: .fieldPlace
        case .verifiedDate: .fieldVerifiedDate
        case .classifiedDate: .fieldClassifiedDate
        case .classification: .fieldClassification
        case .handledDate: .fieldHandledDate
        case .handleResult: .fieldHandleResult
        }
    }
}

public struct TipProblem: Equatable, Sendable {
    public var field: TipField
    public var message: Msg
    public init(_ field: TipField, _ message: Msg) { self.field = field; self.message = message }
}

public enum TipRules {
    public static func problems(_ t: TipOff, today: Formats.Day) -> [TipProblem] {
        var p: [TipProblem] = []
        if VietText.clean(t.content).isEmpty { p.append(TipProblem(.content, .errRequiredShort)) }
        if t.receivedDate > today { p.append(TipProblem(.receivedDate, .errFutureDate)) }
        if t.anonymous, !VietText.clean(t.reporter).isEmpty { p.append(TipProblem(.reporter, .errAnonymousReporter)) }
        // Each step needs the one before it, on the same day or later, and not in the future.
        let steps: [(TipField, Formats.Day?)] = [(.verifiedDate, t.verifiedDate), (.classifiedDate, t.classifiedDate), (.handledDate, t.handledDate)]
        var previous: Formats.Day? = t.receivedDate
        for (field, date) in steps {
            guard let date else { previous = nil; continue }
            if previous == nil { p.append(TipProblem(field, .errStepOrder)) } else if let prev = previous, date < prev {
                p.append(TipProblem(field, .errStepBeforePrevious))
            }
            if date > today { p.append(TipProblem(field, .errFutureDate)) }
            previous = date
        }
        if t.classifiedDate != nil, t.classification == nil { p.append(TipProblem(.classification, .errRequiredShort)) }
        if t.handledDate != nil, VietText.clean(t.handleResult).isEmpty { p.append(TipProblem(.handleResult, .errRequiredShort)) }
        return p
    }
}

// MARK: Hotspots

/// Đang hoạt động, đã triệt xóa, tái hoạt động.
public enum HotspotStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case active, eliminated, reformed
    public var label: Msg {
        switch self { case .active: .hotspotActive; case .eliminated: .hotspotEliminated; case .reformed: .hotspotReformed }
    }
}

/// A place with suspected prostitution (tụ điểm phức tạp) the ward must eliminate and keep from re-forming.
public struct Hotspot: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public typealias Day = Formats.Day
    public static let databaseTableName = "hotspot"
    public var id: Int64?
    public var name: String
    public var address = ""
    public var residentialGroup = ""
    public var description = ""
    public var foundDate: Day
    public var status: HotspotStatus = .active
    public var statusDate: Day
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, name, address, description, status, version
        case residentialGroup = "residential_group", foundDate = "found_date", statusDate = "status_date"
    }

    public init(name: String, foundDate: Day) { self.name = name; self.foundDate = foundDate; statusDate = foundDate }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var auditFields: [String: String] {
        ["name": name, "address": address, "residential_group": residentialGroup, "description": description,
         "found_date": foundDate.vietnamese, "status": status.rawValue, "status_date": statusDate.vietnamese]
    }
}

/// One change of a hotspot's status, with its date.
public struct HotspotStatusChange: Equatable, Sendable {
    public var status: HotspotStatus
    public var date: Formats.Day
    public var note: String
    public var actor: String
}

// MARK: Plans

/// A team leader's plan of visits for a period (usually a month).
public struct InspectionPlan: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "inspection_plan"
    public var id: Int64?
    public var title: String
    public var periodStart: Formats.Day
    public var periodEnd: Formats.Day
    public var authorName = ""
    public var createdAt = ""

    enum CodingKeys: String, CodingKey {
        case id, title
        case periodStart = "period_start", periodEnd = "period_end", authorName = "author_name", createdAt = "created_at"
    }

    public init(title: String, periodStart: Formats.Day, periodEnd: Formats.Day) {
        self.title = title; self.periodStart = periodStart; self.periodEnd = periodEnd
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Why the plan helper suggests an establishment.
public enum PlanReason: String, Sendable, CaseIterable {
    case notInspectedThisYear, highRisk, followUpDue, tipReceived
    public var label: Msg {
        switch self {
        case .notInspectedThisYear: .reasonNotInspected
        case .highRisk: .reasonHighRisk
        case .followUpDue: .reasonFollowUp
        case .tipReceived: .reasonTip
        }
    }
}
