import Foundation
import GRDB

/// The police's list of people administratively sanctioned for selling sex (plan 001; 004 IV.2.e
/// and IV.15.d ask the police to hand it to the ward so that the ward can reach them). A case
/// worker with the ward key imports it: each person is matched against the ward's cases by who
/// they are (ID number, or name and birth year), opened in memory only; a person already known is
/// linked to their case, anyone else gets a new case with the source "danh sách của công an",
/// their identity sealed on arrival like any case's. Everyone else sees the lists as counts.
public enum PoliceListImport {
    /// The columns a police list has.
    public enum Field: String, CaseIterable, Sendable {
        case fullName, alias, birth, sex, idNumber, phone, address, decisionNo, decisionDate, notes
        public var label: Msg {
            switch self {
            case .fullName: .fieldFullName
            case .alias: .fieldAlias
            case .birth: .fieldBirth
            case .sex: .fieldSex
            case .idNumber: .fieldIdNumber
            case .phone: .fieldPhone
            case .address: .fieldPersonAddress
            case .decisionNo: .fieldDecisionNo
            case .decisionDate: .fieldDecisionDate
            case .notes: .fieldNotes
            }
        }
    }

    /// Header names as police lists write them, folded.
    static let headers = SheetHeaders<Field>(key: .fullName, names: [
        .fullName: ["ho va ten", "ho ten", "ten", "full name", "name", "ho ten doi tuong", "doi tuong", "ho va ten doi tuong",
                    "ho ten nguoi vi pham", "nguoi vi pham"],
        .alias: ["ten goi khac", "ten khac", "biet danh", "alias", "also known as"],
        .birth: ["nam sinh", "ngay sinh", "ngay thang nam sinh", "sinh ngay", "ns", "birth", "year of birth", "date of birth", "born"],
        .sex: ["gioi tinh", "gioi", "sex", "gender", "nam nu", "nam/nu"],
        .idNumber: ["cccd", "cmnd", "so cccd", "so cmnd", "so cccd/cmnd", "so cmnd/cccd", "so dinh danh", "so dinh danh ca nhan",
                    "can cuoc", "can cuoc cong dan", "id number", "id"],
        .phone: ["dien thoai", "sdt", "so dien thoai", "phone"],
        .address: ["dia chi", "noi cu tru", "noi o", "noi o hien nay", "cho o", "thuong tru", "tam tru", "hktt", "que quan", "address",
                   "noi dang ky thuong tru"],
        .decisionNo: ["so quyet dinh", "quyet dinh", "so qd", "qd xu phat", "so quyet dinh xu phat", "quyet dinh xu phat", "decision",
                      "decision no"],
        .decisionDate: ["ngay quyet dinh", "ngay ra quyet dinh", "ngay qd", "ngay xu phat", "ngay bi xu phat", "decision date",
                        "sanctioned on"],
        .notes: ["ghi chu", "hanh vi", "hanh vi vi pham", "notes", "note"],
    ])

    /// Who a person is, sealed with their case; how they count (sex, age group) in the clear.
    public struct Person: Equatable, Sendable {
        public var identity: Identity
        public var sex: Sex
        public var ageGroup: AgeGroup
        /// What the list says of the sanction (decision, date, conduct), sealed on the link.
        public var sanction: String
    }

    public enum Outcome: Equatable, Sendable {
        /// Not among the ward's cases: a new case is opened.
        case open(Person)
        /// Already a case (open, on hold or closed): the person is linked to it.
        case link(Person, caseId: Int64, code: String, status: CaseStatus)
        case reject([String])
    }

    public struct Row: Equatable, Sendable {
        /// 1-based, as the spreadsheet numbers it.
        public var line: Int
        public var outcome: Outcome
    }

    public struct Plan: Equatable, Sendable {
        public var headerLine: Int
        public var columns: [Int: Field]
        public var unknownColumns: [String]
        public var rows: [Row]

        public var opened: Int { rows.filter { if case .open = $0.outcome { true } else { false } }.count }
        public var linked: Int { rows.filter { if case .link = $0.outcome { true } else { false } }.count }
        public var rejected: Int { rows.filter { if case .reject = $0.outcome { true } else { false } }.count }

        /// The plan in words, a line per row. `names`: each row's name and birth as the file
        /// gives them (the screen's preview, for the case worker checking the file); the shell
        /// prints line numbers and case codes only, so that nothing of the list lands in a log.
        public func reportLines(_ l: Localizer, names: Bool) -> [(text: String, rejected: Bool)] {
            var out = [(l.t(.importHeaderAt, headerLine, columns.sorted { $0.key < $1.key }.map { l.t($0.value.label) }.joined(separator: ", ")), false)]
            if !unknownColumns.isEmpty { out.append((l.t(.policeUnknownColumns, unknownColumns.joined(separator: ", ")), false)) }
            func who(_ p: Person) -> String {
                guard names else { return "" }
                let birth = p.identity.birth.isEmpty ? "" : " (\(p.identity.birth))"
                return " — " + p.identity.fullName + birth
            }
            for row in rows {
                switch row.outcome {
                case .open(let p): out.append((l.t(.policeLineOpen, row.line) + who(p), false))
                case .link(let p, _, let code, let status): out.append((l.t(.policeLineLink, row.line, code, l.t(status.label)) + who(p), false))
                case .reject(let reasons):
                    out.append((l.t(.importLineReject, row.line, reasons.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")), true))
                }
            }
            out.append((l.t(.policeSummary, opened, linked, rejected), false))
            return out
        }
    }

    /// Works out what each row would do, for a case worker with the ward key: the ward's cases
    /// are opened in memory to match against (one audit row says so, never who), nothing is
    /// written. `receivedOn` dates the ages.
    public static func plan(_ rows: [[String]], store: WardStore, key: WardKey, by account: Account, receivedOn: Formats.Day,
                            l: Localizer, progress: WorkProgress = .silent) throws -> Plan {
        let labels = Dictionary(Field.allCases.map { (VietText.fold(l.t($0.label)), $0) }, uniquingKeysWith: { a, _ in a })
        guard let header = headers.headerLine(rows, known: labels) else { throw WardError.importNoHeader }
        let (columns, unknown) = headers.columns(rows[header], known: labels)
        let known = try store.knownPeople(key: key, by: account, rows: rows.count - header - 1)
        progress.add(total: rows.count - header - 1)
        var result: [Row] = []
        // The line each ID number and each name with its year first came on.
        var seen: [String: Int] = [:]
        for (index, row) in rows.enumerated() where index > header {
            try progress.advance()
            let cells = Dictionary(columns.map { ($0.value, $0.key < row.count ? VietText.clean(row[$0.key]) : "") }, uniquingKeysWith: { a, _ in a })
            if cells.values.allSatisfy(\.isEmpty) { continue }
            let line = index + 1
            func text(_ f: Field) -> String { cells[f] ?? "" }
            var reasons: [String] = []
            if text(.fullName).isEmpty { reasons.append(l.t(.policeNoName)) }
            let birth = PersonKeys.birth(text(.birth))
            if !text(.birth).isEmpty && birth == nil { reasons.append("\(l.t(.fieldBirth)): " + l.t(.importBadDate, text(.birth))) }
            let sex = PersonKeys.sex(text(.sex))
            if sex == nil { reasons.append(l.t(.importUnknownValue, l.t(.fieldSex), text(.sex))) }
            var decided = ""
            if !text(.decisionDate).isEmpty {
                if let d = Formats.Day(flexible: text(.decisionDate), pivotYear: receivedOn.year) { decided = d.vietnamese } else {
                    reasons.append("\(l.t(.fieldDecisionDate)): " + l.t(.importBadDate, text(.decisionDate)))
                }
            }
            let identity = Identity(fullName: text(.fullName), alias: text(.alias), birth: birth?.text ?? "", idNumber: text(.idNumber),
                                    phone: text(.phone), address: text(.address))
            let sanction = [text(.decisionNo).isEmpty && decided.isEmpty ? "" : l.t(.policeSanctionText, text(.decisionNo), decided),
                            text(.notes)].filter { !$0.isEmpty }.joined(separator: "; ")
            let person = Person(identity: identity, sex: sex ?? .unknown,
                                ageGroup: birth.map { AgeGroup.of(age: $0.age(on: receivedOn)) } ?? .unknown, sanction: sanction)
            let keys = PersonKeys(identity)
            let seenAs = [keys.idNumber.map { "id " + $0 }, keys.nameYear].compactMap { $0 }
            if reasons.isEmpty, let other = seenAs.compactMap({ seen[$0] }).first { reasons.append(l.t(.importDuplicateRow, other)) }
            if reasons.isEmpty, keys.isEmpty { reasons.append(l.t(.policeNoMatchKeys)) }
            guard reasons.isEmpty else { result.append(Row(line: line, outcome: .reject(reasons))); continue }
            for k in seenAs { seen[k] = line }
            let matches = known.matches(keys)
            switch matches.count {
            case 0: result.append(Row(line: line, outcome: .open(person)))
            case 1: result.append(Row(line: line, outcome: .link(person, caseId: matches[0].id, code: matches[0].code, status: matches[0].status)))
            default: result.append(Row(line: line, outcome: .reject([l.t(.policeSeveralCases, matches.map(\.code).joined(separator: ", "))])))
            }
        }
        // Two rows of the file that land on one case are one person: the second is not linked twice.
        var linkedTo: [Int64: Int] = [:]
        for i in result.indices {
            guard case .link(_, let id, _, _) = result[i].outcome else { continue }
            if let first = linkedTo[id] { result[i].outcome = .reject([l.t(.importDuplicateRow, first)]) } else { linkedTo[id] = result[i].line }
        }
        return Plan(headerLine: header + 1, columns: columns, unknownColumns: unknown, rows: result)
    }
}

/// What tells two records of a person apart: the ID number's digits (a 9-digit CMND or a
/// 12-digit CCCD), and the name (folded) with the year of birth.
package struct PersonKeys: Hashable, Sendable {
    var idNumber: String?
    var nameYear: String?

    package init(_ i: Identity) {
        let digits = i.idNumber.filter(\.isASCII).filter(\.isNumber)
        idNumber = digits.count >= 9 ? digits : nil
        let name = VietText.fold(i.fullName)
        nameYear = name.isEmpty ? nil : Self.birth(i.birth).map { name + "|" + String($0.year) }
    }

    var isEmpty: Bool { idNumber == nil && nameYear == nil }

    /// A date or year of birth as lists write it: "1998", "12/03/1998", "1998-03-12", or a
    /// spreadsheet's date number. `text` is what is kept (a date as dd/mm/yyyy).
    package struct Birth: Equatable, Sendable {
        var year: Int
        var day: Formats.Day?
        var text: String { day?.vietnamese ?? String(year) }

        /// Whole years at `date`; from the year alone, the age the person turns that year.
        func age(on date: Formats.Day) -> Int {
            guard let day else { return date.year - year }
            return date.year - day.year - ((date.month, date.day) < (day.month, day.day) ? 1 : 0)
        }
    }

    package static func birth(_ text: String) -> Birth? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if t.count == 4, let y = Int(t) { return (1900...2100).contains(y) ? Birth(year: y) : nil }
        guard let d = Formats.Day(flexible: t) else { return nil }
        return Birth(year: d.year, day: d)
    }

    /// "Nữ", "nu", "F", "female" → female; "Nam", "M", "male" → male; empty → unknown.
    static func sex(_ text: String) -> Sex? {
        switch VietText.fold(text) {
        case "": .unknown
        case "nu", "f", "female", "woman", "gai": .female
        case "nam", "m", "male", "man", "trai": .male
        case "khac", "other": .other
        default: nil
        }
    }
}

/// The ward's cases by the keys that tell people apart, opened in memory for one import.
package struct KnownPeople: Sendable {
    struct Case: Sendable { var id: Int64; var code: String; var status: CaseStatus; var idNumber: String? }
    var byId: [String: [Case]] = [:]
    var byNameYear: [String: [Case]] = [:]

    mutating func add(_ id: Int64, code: String, status: CaseStatus, _ identity: Identity) {
        let keys = PersonKeys(identity)
        let c = Case(id: id, code: code, status: status, idNumber: keys.idNumber)
        if let n = keys.idNumber { byId[n, default: []].append(c) }
        if let k = keys.nameYear { byNameYear[k, default: []].append(c) }
    }

    /// The cases a person is: those with their ID number; else those with their name and year of
    /// birth, unless an ID number of the same kind (CMND or CCCD) says it is someone else.
    func matches(_ keys: PersonKeys) -> [Case] {
        if let n = keys.idNumber, let found = byId[n] { return found }
        guard let k = keys.nameYear else { return [] }
        return (byNameYear[k] ?? []).filter { c in
            guard let mine = keys.idNumber, let theirs = c.idNumber else { return true }
            return mine.count != theirs.count
        }
    }
}

/// One list as received, with what became of it and what the ward has done since: counts only.
public struct PoliceListSummary: Equatable, Sendable {
    public var id: Int64
    public var receivedOn: Formats.Day
    public var reference: String
    public var importedAt: String
    public var actor: String
    public var opened: Int
    public var linked: Int
    /// Of its people, those the ward has met (a contact or a screening recorded)...
    public var reached: Int
    /// ...and those who have used a service.
    public var supported: Int
    public var people: Int { opened + linked }
}

/// The people on the lists received in a period: how many, how many the ward has met, how many
/// used a service (by the end of the period).
public struct PoliceListFigures: Equatable, Sendable {
    public var people = 0
    public var reached = 0
    public var supported = 0
    public init(people: Int = 0, reached: Int = 0, supported: Int = 0) { self.people = people; self.reached = reached; self.supported = supported }
}

extension AgeGroup {
    /// The age group of a person `age` years old.
    public static func of(age: Int) -> AgeGroup {
        age < 0 ? .unknown : age < 18 ? .under18 : age < 25 ? .from18 : age < 35 ? .from25 : age < 50 ? .from35 : .over50
    }
}

extension WardStore {
    /// The ward's cases by who they are, for matching a list of `rows` people: a case worker
    /// with the key; the opening is one audit row (how many cases, how many rows), never a name.
    func knownPeople(key: WardKey, by account: Account, rows: Int) throws -> KnownPeople {
        try read(as: account, .manageCases) { _, _ in }
        let now = clock()
        return try write(as: account, .viewIdentities) { db, me in
            var known = KnownPeople()
            var count = 0
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT id, code, status, identity FROM support_case WHERE identity IS NOT NULL ORDER BY id")
            while let row = try cursor.next() {
                let id: Int64 = row["id"]
                known.add(id, code: row["code"], status: row["status"], try key.openIdentity(row["identity"], of: id))
                count += 1
            }
            try Audit.write(db, at: now, actor: Actor(me), action: .searchIdentities, recordType: "police_list", recordId: nil,
                            after: ["cases": String(count), "rows": String(rows)])
            return known
        }
    }

    /// Writes a police list in one transaction: the list (received on, its dispatch number),
    /// a new case for each person not known, a link for each known one (who joins the group
    /// "người bán dâm" if not in it yet), and what the list says of each sanction, sealed. The
    /// audit trail has the list's counts and each case's safe facts, never who is on it.
    @discardableResult
    public func apply(_ plan: PoliceListImport.Plan, receivedOn: Formats.Day, reference: String, key: WardKey, by account: Account,
                      progress: WorkProgress = .silent) throws -> PoliceListSummary {
        if receivedOn > Formats.Day.today(clock()) { throw WardError.futureDate }
        try read(as: account, .viewIdentities) { _, _ in }
        let reference = VietText.clean(reference)
        let now = clock()
        progress.add(total: plan.rows.count)
        return try write(as: account, .manageCases) { db, me in
            let actor = Actor(me)
            try db.execute(sql: "INSERT INTO police_list (received_on, reference, imported_at, actor) VALUES (?, ?, ?, ?)",
                           arguments: [receivedOn, reference, Timestamp.string(now), me.login])
            let listId = db.lastInsertedRowID
            var opened = 0, linked = 0
            func enter(_ caseId: Int64, _ p: PoliceListImport.Person, opened: Bool) throws {
                try db.execute(sql: "INSERT INTO police_list_entry (list_id, case_id, opened, sanction) VALUES (?, ?, ?, ?)",
                               arguments: [listId, caseId, opened, try key.seal(text: p.sanction, for: .policeSanction, of: caseId)])
            }
            for row in plan.rows {
                try progress.advance()
                switch row.outcome {
                case .open(let p):
                    var c = SupportCase(sex: p.sex, ageGroup: p.ageGroup, residence: .unknown, source: .policeList, firstContact: receivedOn)
                    c.targetGroups = [.sexWorker]
                    let saved = try Self.insertCase(db, c, identity: p.identity, notes: "", key: key, by: me, at: now)
                    try enter(saved.id ?? 0, p, opened: true)
                    opened += 1
                case .link(let p, let caseId, _, _):
                    guard let current = try SupportCase.fetchOne(db, key: caseId) else { throw WardError.notFound }
                    if !current.targetGroups.contains(.sexWorker) {
                        var c = current
                        c.targetGroups.insert(.sexWorker)
                        c.version += 1
                        try c.update(db)
                        try Audit.writeChange(db, at: now, actor: actor, recordType: "support_case", recordId: caseId,
                                              before: current.auditFields, after: c.auditFields)
                    }
                    try enter(caseId, p, opened: false)
                    linked += 1
                case .reject: break
                }
            }
            try db.execute(sql: "UPDATE police_list SET opened = ?, linked = ? WHERE id = ?", arguments: [opened, linked, listId])
            try Audit.write(db, at: now, actor: actor, action: .create, recordType: "police_list", recordId: listId,
                            after: ["received_on": receivedOn.vietnamese, "reference": reference, "opened": String(opened),
                                    "linked": String(linked), "rejected": String(plan.rejected)])
            guard let summary = try Self.policeLists(db, id: listId).first else { throw WardError.notFound }
            return summary
        }
    }

    /// The lists received, newest first, as counts: for everyone who sees the support section.
    public func policeLists(by account: Account) throws -> [PoliceListSummary] {
        try read(as: account, .viewSupport) { db, _ in try Self.policeLists(db, id: nil) }
    }

    static func policeLists(_ db: Database, id: Int64?) throws -> [PoliceListSummary] {
        try GRDB.Row.fetchAll(db, sql: """
            SELECT l.*,
                (SELECT COUNT(*) FROM police_list_entry e WHERE e.list_id = l.id AND (
                    EXISTS (SELECT 1 FROM case_contact x WHERE x.case_id = e.case_id)
                    OR EXISTS (SELECT 1 FROM screening s WHERE s.case_id = e.case_id))) AS reached,
                (SELECT COUNT(*) FROM police_list_entry e WHERE e.list_id = l.id
                    AND EXISTS (SELECT 1 FROM referral r WHERE r.case_id = e.case_id AND r.used_date IS NOT NULL)) AS supported
            FROM police_list l \(id == nil ? "" : "WHERE l.id = \(id ?? 0)") ORDER BY l.received_on DESC, l.id DESC
            """).map {
            PoliceListSummary(id: $0["id"], receivedOn: $0["received_on"], reference: $0["reference"], importedAt: $0["imported_at"],
                              actor: $0["actor"], opened: $0["opened"], linked: $0["linked"], reached: $0["reached"], supported: $0["supported"])
        }
    }

    /// The people on the lists received in a period (each once, however many lists name them),
    /// those met and those who used a service by the end of it: counted from codes and dates only.
    public func policeListFigures(from: Formats.Day, to: Formats.Day) throws -> PoliceListFigures {
        try reading { db in
            guard let row = try GRDB.Row.fetchOne(db, sql: """
                SELECT COUNT(*),
                    COALESCE(SUM(EXISTS (SELECT 1 FROM case_contact x WHERE x.case_id = p.case_id AND x.date <= :to)
                        OR EXISTS (SELECT 1 FROM screening s WHERE s.case_id = p.case_id AND s.date <= :to)), 0),
                    COALESCE(SUM(EXISTS (SELECT 1 FROM referral r WHERE r.case_id = p.case_id AND r.used_date <= :to)), 0)
                FROM (SELECT DISTINCT e.case_id FROM police_list_entry e JOIN police_list l ON l.id = e.list_id
                      WHERE l.received_on BETWEEN :from AND :to) p
                """, arguments: ["from": from, "to": to]) else { return PoliceListFigures() }
            return PoliceListFigures(people: row[0], reached: row[1], supported: row[2])
        }
    }
}
