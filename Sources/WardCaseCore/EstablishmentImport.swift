import Foundation
import GRDB

/// Turns a ward's spreadsheet (rows of text cells, as the CSV and XLSX readers give them) into
/// establishments: finds the header row under any title lines, matches headers to fields by
/// their Vietnamese or English names, reads each row with the register's rules, and says row by
/// row what would be added, updated or rejected, and why.
public enum EstablishmentImport {
    /// What one row of the file becomes.
    public enum Outcome: Equatable, Sendable {
        case add(Establishment)
        /// The row's licence number is already on the register: the record is brought up to date
        /// in the columns the sheet has (`changes`, empty when it already says the same).
        case update(Establishment, name: String, changes: [FieldChange])
        case reject([String])

        /// The residential group the record will name, once added or updated.
        var group: String? {
            switch self {
            case .add(let e), .update(let e, _, _): e.residentialGroup
            case .reject: nil
            }
        }
    }

    /// One field an update changes, as a person reads it: "Điện thoại: 0922485272 → 0900000000".
    public struct FieldChange: Equatable, Sendable {
        public var field: EstablishmentField
        public var before: String
        public var after: String
    }

    public struct Row: Equatable, Sendable {
        /// 1-based, as the spreadsheet numbers it.
        public var line: Int
        public var outcome: Outcome

        /// What the row does, in words: a line, and one more per changed field.
        public func lines(_ l: Localizer) -> [(text: String, rejected: Bool)] {
            switch outcome {
            case .add(let e): return [(l.t(.importLineAdd, line, e.name), false)]
            case .update(let e, _, let changes):
                if changes.isEmpty { return [(l.t(.importLineSame, line, e.name), false)] }
                return [(l.t(.importLineUpdate, line, e.name), false)] + changes.map { c in
                    ("    " + l.t(.importLineChange, l.t(c.field.label), c.before.isEmpty ? "—" : c.before, c.after.isEmpty ? "—" : c.after), false)
                }
            case .reject(let reasons):
                let text = reasons.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
                return [(l.t(.importLineReject, line, text), true)]
            }
        }
    }

    /// The report's first lines: where the header is, which columns it names, which it does not.
    static func opening(headerLine: Int, columns: [Int: EstablishmentField], unknown: [String], _ l: Localizer) -> [(text: String, rejected: Bool)] {
        var out = [(l.t(.importHeaderAt, headerLine, columns.sorted { $0.key < $1.key }.map { l.t($0.value.label) }.joined(separator: ", ")), false)]
        if !unknown.isEmpty { out.append((l.t(.importUnknownColumns, unknown.joined(separator: ", ")), false)) }
        return out
    }

    /// The report's last lines: the groups added to the list, and the counts.
    static func closing(newGroups: [String], added: Int, updated: Int, rejected: Int, _ l: Localizer) -> [(text: String, rejected: Bool)] {
        (newGroups.isEmpty ? [] : [(l.t(.importNewGroups, newGroups.joined(separator: ", ")), false)])
            + [(l.t(.importSummary, added, updated, rejected), false)]
    }

    public struct Plan: Equatable, Sendable {
        public var headerLine: Int
        public var columns: [Int: EstablishmentField]
        /// Headers that match no field, by their text: reported, not silently dropped.
        public var unknownColumns: [String]
        public var rows: [Row]
        /// Residential groups the rows name that the ward's list does not have yet: applying the
        /// plan adds them (each spelling folded as the list folds it).
        public var newGroups: [String] = []

        public var added: Int { rows.filter { if case .add = $0.outcome { true } else { false } }.count }
        public var updated: Int { rows.filter { if case .update = $0.outcome { true } else { false } }.count }
        public var rejected: Int { rows.filter { if case .reject = $0.outcome { true } else { false } }.count }

        /// The plan in words, a line per row, as the TUI preview and the shell both show it;
        /// `rejected` marks the lines of rows that will not be imported.
        public func reportLines(_ l: Localizer) -> [(text: String, rejected: Bool)] {
            EstablishmentImport.opening(headerLine: headerLine, columns: columns, unknown: unknownColumns, l)
                + rows.flatMap { $0.lines(l) }
                + EstablishmentImport.closing(newGroups: newGroups, added: added, updated: updated, rejected: rejected, l)
        }

        public func report(_ l: Localizer) -> [String] { reportLines(l).map(\.text) }
    }

    /// Header names, folded (no accents, lower case), by field.
    static let headers = SheetHeaders<EstablishmentField>(key: .name, names: [
        .name: ["ten co so", "ten", "co so", "name", "establishment", "ten doanh nghiep", "ten ho kinh doanh", "ten co so kinh doanh"],
        .type: ["loai hinh", "loai", "loai hinh kinh doanh", "nganh nghe", "type", "nganh nghe kinh doanh"],
        .street: ["dia chi", "address", "so nha", "duong pho", "street", "dia chi co so"],
        .residentialGroup: ["to dan pho", "tdp", "khu pho", "to", "group", "residential group", "thon", "to dp"],
        .ownerName: ["chu co so", "nguoi quan ly", "chu so huu", "owner", "ho ten chu co so", "nguoi dai dien", "chu co so nguoi quan ly"],
        .ownerPhone: ["dien thoai", "sdt", "so dien thoai", "phone", "dt"],
        .businessRegNo: ["so dkkd", "dkkd", "dang ky kinh doanh", "so dang ky kinh doanh", "ma so thue", "business registration"],
        .licenceNo: ["so giay phep", "giay phep", "licence", "license", "licence no", "license no", "so gp"],
        .licenceIssued: ["ngay cap", "ngay cap giay phep", "ngay cap gp", "issued", "licence issued"],
        .licenceExpires: ["ngay het han", "het han", "het han giay phep", "expires", "expiry", "licence expires"],
        .securityCertificate: ["antt", "gcn antt", "du dieu kien antt", "giay chung nhan antt", "security certificate"],
        .workers: ["so lao dong", "so nguoi lao dong", "lao dong", "workers", "so nhan vien"],
        .workersHealthChecked: ["kham suc khoe", "da kham suc khoe", "so nguoi kham suc khoe", "kham sk", "da kham sk",
                                "health checked", "health"],
        .workersReached: ["tuyen truyen", "duoc tuyen truyen", "so nguoi duoc tuyen truyen", "reached"],
        .commitmentSigned: ["cam ket", "ky cam ket", "da ky cam ket", "commitment", "commitment signed"],
        .commitmentDate: ["ngay ky cam ket", "ngay cam ket", "commitment date"],
        .riskLevel: ["muc nguy co", "nguy co", "risk", "risk level", "muc do nguy co"],
        .riskReason: ["ly do", "ly do nguy co", "risk reason"],
        .status: ["trang thai", "tinh trang", "status", "tinh trang hoat dong"],
        .statusDate: ["ngay trang thai", "status date", "tu ngay"],
        .notes: ["ghi chu", "notes", "note"],
    ])

    /// Each field's own label, as forms and exports write it, in Vietnamese and English, folded.
    static func labelled(_ l: Localizer) -> [String: EstablishmentField] {
        labels(l).merging(installedLabels) { mine, _ in mine }
    }

    static func labels(_ table: Localizer) -> [String: EstablishmentField] {
        Dictionary(EstablishmentField.allCases.filter { $0 != .archived }.map { (VietText.fold(table.t($0.label)), $0) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// Both installed languages' labels, read from disk once (not on every preview).
    static let installedLabels: [String: EstablishmentField] = {
        guard let resources = try? ResourceLocator.directory() else { return [:] }
        return [Language.vi, .en].compactMap { try? Localizer.load($0, resources: resources) }
            .reduce(into: [:]) { out, table in out.merge(labels(table)) { a, _ in a } }
    }()

    /// The field a header names, if any.
    public static func field(forHeader header: String) -> EstablishmentField? { headers.field(forHeader: header) }

    /// Type spellings seen in registers, folded, mapped to type codes; checked after the type
    /// list's own names.
    static let typeSpellings: [(String, String)] = [
        ("khach san", "hotel"), ("nha nghi", "guesthouse"), ("nha tro", "rented_rooms"), ("nha cho thue", "rented_rooms"),
        ("phong tro", "rented_rooms"), ("karaoke", "karaoke"), ("vu truong", "dance_club"), ("bar", "bar"), ("pub", "bar"),
        ("nha hang", "restaurant"), ("xoa bop", "massage"), ("massage", "massage"), ("mat xa", "massage"), ("spa", "massage"),
        ("homestay", "tourist_lodging"), ("luu tru", "tourist_lodging"), ("can ho dich vu", "tourist_lodging"),
    ]

    static func type(_ text: String, in types: [EstablishmentType]) -> EstablishmentType? {
        let t = VietText.fold(text)
        if t.isEmpty { return nil }
        if let exact = types.first(where: { VietText.fold($0.nameVi) == t || VietText.fold($0.nameEn) == t || $0.code == t }) {
            return exact
        }
        for (spelling, code) in typeSpellings where t.contains(spelling) {
            if let type = types.first(where: { $0.code == code }) { return type }
        }
        // A ward's own type, written shorter or longer: "ca phe" for "Quán cà phê".
        return types.first { let name = VietText.fold($0.nameVi); return t.count >= 4 && (name.contains(t) || t.contains(name)) }
    }

    static func yesNo(_ text: String) -> Bool? {
        let t = VietText.fold(text)
        if t.isEmpty || ["khong", "no", "0", "chua", "false", "-"].contains(t) { return t.isEmpty ? nil : false }
        if ["co", "yes", "x", "1", "da ky", "roi", "true", "da co", "co gcn", "da"].contains(t) || t.hasPrefix("da ") { return true }
        return nil
    }

    static func risk(_ text: String) -> RiskLevel? {
        let t = VietText.fold(text)
        switch t {
        case "chua phan loai", "unclassified", "not classified", "0": return .unclassified
        case "thap", "low", "1": return .low
        case "trung binh", "tb", "medium", "2": return .medium
        case "cao", "high", "3": return .high
        default: return nil
        }
    }

    static func status(_ text: String) -> EstablishmentStatus? {
        let t = VietText.fold(text)
        if t.contains("tam") || t.contains("suspend") { return .suspended }
        if t.contains("dong cua") || t.contains("ngung") || t.contains("closed") || t.contains("giai the") { return .closed }
        if t.contains("hoat dong") || t.contains("active") || t == "mo" { return .active }
        return nil
    }

    /// The exact (folded) headers that win over the names: both languages' labels, then the
    /// columns the user assigned.
    static func known(_ l: Localizer, overrides: [String: EstablishmentField]) -> [String: EstablishmentField] {
        labelled(l).merging(Dictionary(overrides.map { (VietText.fold($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })) { $1 }
    }

    /// Reads rows one at a time with the register's rules, and says what each becomes. It keeps
    /// only what a later row is checked against (the licences and names seen), never the rows.
    struct Planner {
        let headerLine: Int
        let columns: [Int: EstablishmentField]
        let unknown: [String]
        let types: [EstablishmentType]
        let groups: [ResidentialGroup]
        let day: Formats.Day
        let l: Localizer
        let clearEmpty: Bool
        /// Which rows could match a record already in the register: only those are looked up
        /// (a 20,000-row register into an empty ward asks the database nothing per row).
        var knownLicences = Set<String>(), knownPlaces = Set<String>()
        /// The licences and the names with addresses of the rows read so far, by their 64-bit
        /// hashes, with their lines: a sheet of 200,000 rows in a few megabytes. (Two different
        /// keys sharing a hash, about one chance in 10^9 for a sheet that long, would read as a
        /// duplicate row and be refused, never written twice.)
        var seenLicences: [Int: Int] = [:], seenNames: [Int: Int] = [:]
        /// A register names a handful of types and groups twenty thousand times: each spelling is matched once.
        var typeCache: [String: EstablishmentType?] = [:]
        var groupCache: [String: String] = [:]

        /// `header` is the sheet's header row, on `line` (1-based); the register is read from `db`.
        init(header: [String], line: Int, known: [String: EstablishmentField], clearEmpty: Bool, today: Formats.Day, l: Localizer,
             db: Database) throws {
            headerLine = line
            (columns, unknown) = headers.columns(header, known: known)
            types = try EstablishmentType.order(Column("sort_order")).fetchAll(db)
            groups = try ResidentialGroup.all(db)
            day = today; self.l = l; self.clearEmpty = clearEmpty
            for r in try GRDB.Row.fetchAll(db, sql: "SELECT licence_no, name_fold, address_fold FROM establishment") {
                knownLicences.insert(r[0])
                knownPlaces.insert((r[1] as String) + "|" + (r[2] as String))
            }
        }

        mutating func group(_ text: String) -> String {
            if let known = groupCache[text] { return known }
            let name = text.isEmpty ? "" : ResidentialGroup.match(text, in: groups) ?? ResidentialGroup.canonical(text).name
            groupCache[text] = name
            return name
        }

        /// What the row on `line` becomes; nil for a blank row. A row that updates a record changes
        /// only the columns the sheet has, and an empty cell keeps what is stored unless
        /// `clearEmpty` says it clears it.
        mutating func outcome(_ row: [String], line: Int, db: Database) throws -> Outcome? {
            var cells: [EstablishmentField: String] = [:]
            for (column, field) in columns where cells[field] == nil { cells[field] = column < row.count ? VietText.trimmed(row[column]) : "" }
            if cells.values.allSatisfy(\.isEmpty) { return nil }   // blank rows
            let (l, day, types, columns) = (self.l, self.day, self.types, self.columns)
            var reasons: [String] = []
            func text(_ f: EstablishmentField) -> String { VietText.clean(cells[f] ?? "", multiline: f == .notes) }
            func date(_ f: EstablishmentField) -> Formats.Day? {
                let t = text(f)
                if t.isEmpty { return nil }
                guard let d = Formats.Day(flexible: t, pivotYear: day.year) else {
                    reasons.append("\(l.t(f.label)): " + l.t(.importBadDate, t)); return nil
                }
                return d
            }
            func count(_ f: EstablishmentField) -> Int {
                let t = text(f)
                if t.isEmpty { return 0 }
                guard let n = Formats.parseInt(t) ?? Double(t).flatMap({ $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }) else {
                    reasons.append("\(l.t(f.label)): " + l.t(.importBadNumber, t)); return 0
                }
                return n
            }
            var e = Establishment(name: text(.name), typeId: 0)
            let typeText = text(.type)
            let typeFound: EstablishmentType?
            if let cached = typeCache[typeText] {
                typeFound = cached
            } else {
                typeFound = type(typeText, in: types)
                typeCache[typeText] = typeFound
            }
            // A type is needed to add a row; an update keeps the stored one when the cell is empty.
            var typeReason: String?
            if let type = typeFound {
                e.typeId = type.id ?? 0
            } else if typeText.isEmpty {
                typeReason = l.t(.importNoType)
            } else {
                reasons.append(l.t(.importUnknownType, typeText))
            }
            e.street = text(.street); e.residentialGroup = group(text(.residentialGroup))
            e.ownerName = text(.ownerName); e.ownerPhone = text(.ownerPhone)
            e.businessRegNo = text(.businessRegNo); e.licenceNo = text(.licenceNo)
            e.licenceIssued = date(.licenceIssued); e.licenceExpires = date(.licenceExpires)
            e.securityCertificate = yesNo(text(.securityCertificate)) ?? false
            e.workers = count(.workers); e.workersHealthChecked = count(.workersHealthChecked); e.workersReached = count(.workersReached)
            e.commitmentDate = date(.commitmentDate)
            e.commitmentSigned = yesNo(text(.commitmentSigned)) ?? (e.commitmentDate != nil)
            if !text(.riskLevel).isEmpty {
                if let r = risk(text(.riskLevel)) { e.riskLevel = r } else { reasons.append(l.t(.importUnknownValue, l.t(.colRisk), text(.riskLevel))) }
            }
            e.riskReason = text(.riskReason)
            if !text(.status).isEmpty {
                if let s = status(text(.status)) { e.status = s } else { reasons.append(l.t(.importUnknownValue, l.t(.colStatus), text(.status))) }
            }
            e.statusDate = date(.statusDate)
            e.notes = text(.notes)
            func problems(_ e: Establishment) -> [String] {
                EstablishmentRules.problems(e, today: day).map { "\(l.t($0.field.label)): \($0.text(l))" }
            }

            let licenceKey = e.licenceNo.lowercased()
            let nameKey = VietText.fold(e.name) + "|" + VietText.fold(e.street)
            // The same licence, or the same name and address, as an earlier row of the file.
            let (licenceHash, nameHash) = (licenceKey.hashValue, nameKey.hashValue)
            if let other = (licenceKey.isEmpty ? nil : seenLicences[licenceHash]) ?? seenNames[nameHash] {
                reasons.append(l.t(.importDuplicateRow, other))
            }
            if !licenceKey.isEmpty && seenLicences[licenceHash] == nil { seenLicences[licenceHash] = line }
            if seenNames[nameHash] == nil { seenNames[nameHash] = line }
            guard reasons.isEmpty else { return .reject(reasons + (typeReason.map { [$0] } ?? []) + problems(e)) }
            let mayExist = (!e.licenceNo.isEmpty && knownLicences.contains(e.licenceNo)) || knownPlaces.contains(nameKey)
            let twins = mayExist ? try WardStore.duplicates(db, of: e) : []
            if let same = twins.first(where: { !licenceKey.isEmpty && $0.establishment.licenceNo.lowercased() == licenceKey }), twins.count == 1 {
                // The stored record, with the sheet's columns laid over it.
                let stored = same.establishment
                var merged = stored
                for f in Set(columns.values) where f != .archived && !(f == .type && typeFound == nil) {
                    if !(cells[f] ?? "").isEmpty || clearEmpty { merged.take(f, from: e) }
                }
                // A commitment date in a sheet without a "signed" column says it was signed.
                if !columns.values.contains(.commitmentSigned), merged.commitmentDate != nil { merged.commitmentSigned = true }
                let wrong = problems(merged)
                return wrong.isEmpty
                    ? .update(merged, name: stored.name, changes: changes(from: stored, to: merged, types: types, l: l))
                    : .reject(wrong)
            } else if let twin = twins.first {
                return .reject([l.t(.importDuplicateExisting, twin.establishment.name, twin.establishment.street)])
            }
            let wrong = (typeReason.map { [$0] } ?? []) + problems(e)
            return wrong.isEmpty ? .add(e) : .reject(wrong)
        }

        /// The groups the added and updated rows name that the ward's list does not have, in list order.
        func newGroups(_ named: Set<String>) -> [String] {
            let listed = Set(groups.map(\.name))
            return named.filter { !$0.isEmpty && !listed.contains($0) }
                .sorted { (ResidentialGroup(name: $0).number ?? .max, $0) < (ResidentialGroup(name: $1).number ?? .max, $1) }
        }
    }

    /// The header row: the first of the first 30 rows that names the name column and one other.
    static func headerIndex(_ rows: [[String]], known: [String: EstablishmentField]) throws -> Int {
        guard let header = headers.headerLine(rows, known: known) else { throw WardError.importNoHeader }
        return header
    }

    /// Works out what each row would do. Nothing is written. A row that updates a record changes
    /// only the columns the sheet has, and an empty cell keeps what is stored unless
    /// `clearEmpty` says it clears it.
    public static func plan(_ rows: [[String]], store: WardStore, overrides: [String: EstablishmentField] = [:],
                            clearEmpty: Bool = false, today: Formats.Day? = nil, l: Localizer,
                            progress: WorkProgress = .silent) throws -> Plan {
        let known = known(l, overrides: overrides)
        let header = try headerIndex(rows, known: known)
        progress.add(total: rows.count - header - 1)
        return try store.reading { db in
            var planner = try Planner(header: rows[header], line: header + 1, known: known, clearEmpty: clearEmpty,
                                      today: today ?? .today(store.clock()), l: l, db: db)
            var result: [Row] = []
            for (index, row) in rows.enumerated() where index > header {
                try progress.advance()
                if let outcome = try planner.outcome(row, line: index + 1, db: db) { result.append(Row(line: index + 1, outcome: outcome)) }
            }
            var plan = Plan(headerLine: header + 1, columns: planner.columns, unknownColumns: planner.unknown, rows: result)
            plan.newGroups = planner.newGroups(Set(result.compactMap(\.outcome.group)))
            return plan
        }
    }

    /// The fields an update changes, in form order, as a person reads them.
    static func changes(from old: Establishment, to new: Establishment, types: [EstablishmentType], l: Localizer) -> [FieldChange] {
        func shown(_ f: EstablishmentField, _ e: Establishment) -> String {
            switch f {
            case .type: return types.first { $0.id == e.typeId }.map { l.language == .vi ? $0.nameVi : $0.nameEn } ?? ""
            case .riskLevel: return l.t(e.riskLevel.label)
            case .status: return l.t(e.status.label)
            case .securityCertificate: return l.t(e.securityCertificate ? .yes : .no)
            case .commitmentSigned: return l.t(e.commitmentSigned ? .yes : .no)
            default: return e.fields[f] ?? ""
            }
        }
        let a = old.fields, b = new.fields
        return EstablishmentField.allCases.filter { $0 != .archived && a[$0] != b[$0] }
            .map { FieldChange(field: $0, before: shown($0, old), after: shown($0, new)) }
    }
}

extension Establishment {
    /// Takes one field's value from another record (an import laying a sheet's column over a stored record).
    mutating func take(_ f: EstablishmentField, from o: Establishment) {
        switch f {
        case .name: name = o.name
        case .type: typeId = o.typeId
        case .street: street = o.street
        case .residentialGroup: residentialGroup = o.residentialGroup
        case .ownerName: ownerName = o.ownerName
        case .ownerPhone: ownerPhone = o.ownerPhone
        case .businessRegNo: businessRegNo = o.businessRegNo
        case .licenceNo: licenceNo = o.licenceNo
        case .licenceIssued: licenceIssued = o.licenceIssued
        case .licenceExpires: licenceExpires = o.licenceExpires
        case .securityCertificate: securityCertificate = o.securityCertificate
        case .workers: workers = o.workers
        case .workersHealthChecked: workersHealthChecked = o.workersHealthChecked
        case .workersReached: workersReached = o.workersReached
        case .commitmentSigned: commitmentSigned = o.commitmentSigned
        case .commitmentDate: commitmentDate = o.commitmentDate
        case .riskLevel: riskLevel = o.riskLevel
        case .riskReason: riskReason = o.riskReason
        case .status: status = o.status
        case .statusDate: statusDate = o.statusDate
        case .notes: notes = o.notes
        case .archived: archived = o.archived
        }
    }
}

/// What a streamed import did: how many rows it added, updated and rejected, the groups it added
/// to the list, and its batch (nil when it wrote nothing, or was a dry run).
public struct ImportSummary: Equatable, Sendable {
    public var added = 0, updated = 0, rejected = 0
    public var newGroups: [String] = []
    public var batch: Int64?
}

/// Writes an import's rows, one at a time, inside its transaction: each added or changed record
/// with its audit row and its line in the batch that `undoImport` takes back.
struct ImportWriter {
    let db: Database
    let at: Date
    let actor: Actor
    private(set) var batch: Int64?
    private(set) var added = 0, updated = 0
    /// Lines whose record someone changed since the preview: left as they are.
    private(set) var changedMeanwhile: [Int] = []
    /// Each group spelling of the sheet, as listed: looked up once, not once per row.
    private var listedGroups: [String: String] = [:]
    private var inserter: EstablishmentInserter
    private let change: Statement

    init(db: Database, at: Date, actor: Actor) throws {
        self.db = db; self.at = at; self.actor = actor
        inserter = try EstablishmentInserter(db, at: at, by: actor)
        change = try db.cachedStatement(sql: "INSERT INTO import_change (batch_id, establishment_id, before, version_after) VALUES (?, ?, ?, ?)")
    }

    private mutating func batchId() throws -> Int64 {
        if let batch { return batch }
        try db.execute(sql: "INSERT INTO import_batch (at, actor) VALUES (?, ?)", arguments: [Timestamp.string(at), actor.name])
        batch = db.lastInsertedRowID
        return db.lastInsertedRowID
    }

    /// Writes one row; `prepared`: a new record's insert made beforehand from the row's record.
    mutating func write(_ row: EstablishmentImport.Row, prepared: EstablishmentInserter.Prepared? = nil) throws {
        switch row.outcome {
        case .add(var e):
            let spelling = e.residentialGroup
            if let listed = listedGroups[spelling] {
                e.residentialGroup = listed
            } else {
                e.residentialGroup = try ResidentialGroup.listed(db, spelling)
                listedGroups[spelling] = e.residentialGroup
            }
            // Made for the group as the sheet spells it: made again in the rare case the list spells it otherwise.
            let saved = try inserter.insert(prepared.flatMap { e.residentialGroup == spelling ? $0 : nil } ?? .init(e))
            try change.execute(arguments: [try batchId(), saved.id, nil, saved.version])
            added += 1
        case .update(let e, _, let changes):
            guard let id = e.id, let current = try Establishment.fetchOne(db, key: id) else { throw WardError.notFound }
            if current.version != e.version { changedMeanwhile.append(row.line); return }
            if changes.isEmpty { return }
            let before = WardStore.json(try current.databaseDictionary)
            let saved = try WardStore.update(db, current, to: e, at: at, by: actor)
            inserter.trailWritten()
            try change.execute(arguments: [try batchId(), id, before, saved.version])
            updated += 1
        case .reject: break
        }
    }

    /// Adds a group the ward's list does not have yet (with its own audit row).
    mutating func addGroup(_ name: String) throws {
        try ResidentialGroup.add(db, name, at: at, by: actor)
        inserter.trailWritten()
    }

    /// Closes the batch with its counts and its audit row; nil when nothing was written.
    func finish() throws -> Int64? {
        guard let batch else { return nil }
        try db.execute(sql: "UPDATE import_batch SET added = ?, updated = ? WHERE id = ?", arguments: [added, updated, batch])
        try Audit.write(db, at: at, actor: actor, action: .create, recordType: "import", recordId: batch,
                        after: ["added": String(added), "updated": String(updated)])
        return batch
    }
}

/// Rows checked by an import, made ready to write on a thread of their own: each row's report
/// lines and, for a new record, its insert (`EstablishmentInserter.Prepared`).
final class PreparedBatch: @unchecked Sendable {
    /// Rows per batch: a few hundred keep both threads busy and the memory small.
    static let rows = 256
    private static let queue = DispatchQueue(label: "wardcase.import.prepare")
    // Written on the queue before `done` is signalled, read after it.
    private var made: [(EstablishmentImport.Row, [(text: String, rejected: Bool)], EstablishmentInserter.Prepared?)] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ rows: [EstablishmentImport.Row], l: Localizer) {
        Self.queue.async { [self] in
            made = rows.map { row in
                if case .add(let e) = row.outcome { return (row, row.lines(l), EstablishmentInserter.Prepared(e)) }
                return (row, row.lines(l), nil)
            }
            done.signal()
        }
    }

    /// The rows, once made.
    func rows() -> [(EstablishmentImport.Row, [(text: String, rejected: Bool)], EstablishmentInserter.Prepared?)] {
        done.wait()
        done.signal()
        return made
    }
}

/// What an import wrote: its batch (nil when it added and changed nothing), and the lines whose
/// record someone changed between the preview and the apply, which were left as they were.
public struct ImportApplied: Equatable, Sendable {
    public var batch: Int64?
    public var changedMeanwhile: [Int]
}

/// One import as it can be taken back.
public struct ImportBatch: Equatable, Sendable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var added: Int
    public var updated: Int
    public var undoneAt: String?
}

extension WardStore {
    /// Writes a plan in one transaction: the valid rows are added or updated, all together or
    /// not at all, as one batch that `undoImport` can take back. With `strict`, any rejected row
    /// (or record changed since the preview) means nothing is written. A record someone changed
    /// between the preview and the apply is not overwritten: its line comes back.
    /// Cancelling through `progress` rolls the whole transaction back.
    @discardableResult
    public func apply(_ plan: EstablishmentImport.Plan, strict: Bool, by account: Account, progress: WorkProgress = .silent) throws -> ImportApplied {
        if strict && plan.rejected > 0 { throw WardError.importStrict(plan.rejected) }
        let now = clock()
        progress.add(total: plan.rows.count)
        return try write(as: account, .registerEstablishments) { db, me in
            var batch = try ImportWriter(db: db, at: now, actor: Actor(me))
            for name in plan.newGroups { try batch.addGroup(name) }
            for row in plan.rows {
                try progress.advance()
                try batch.write(row)
            }
            if strict && !batch.changedMeanwhile.isEmpty { throw WardError.importChangedMeanwhile(batch.changedMeanwhile) }
            return ImportApplied(batch: try batch.finish(), changedMeanwhile: batch.changedMeanwhile)
        }
    }

    /// Imports a sheet read one row at a time (`next`), in one pass and one transaction: each row
    /// is checked as `plan` checks it and, unless `dryRun`, written as `apply` writes it before the
    /// next is read; `report` hears each row's lines as the preview words them. Nothing is kept
    /// of a row once written, so that memory stays flat whatever the sheet's length. With
    /// `strict`, a rejected row means nothing is written; so does an error, or Esc through
    /// `progress` (which counts the file's bytes, `bytesRead` of `size`).
    @discardableResult
    public func importEstablishments(rows next: () throws -> [String]?, bytesRead: () -> Int = { 0 }, size: Int = 0,
                                     overrides: [String: EstablishmentField] = [:], clearEmpty: Bool = false, strict: Bool = false,
                                     dryRun: Bool = false, by account: Account, l: Localizer, progress: WorkProgress = .silent,
                                     report: ([(text: String, rejected: Bool)]) -> Void) throws -> ImportSummary {
        let known = EstablishmentImport.known(l, overrides: overrides)
        // The header is among the first 30 rows.
        var first: [[String]] = []
        while first.count < 30, let row = try next() { first.append(row) }
        let header = try EstablishmentImport.headerIndex(first, known: known)
        let now = clock(), today = Formats.Day.today(now)
        progress.unit = .bytes
        progress.add(total: size)
        func pass(_ db: Database, _ writer: inout ImportWriter?) throws -> ImportSummary {
            var planner = try EstablishmentImport.Planner(header: first[header], line: header + 1, known: known, clearEmpty: clearEmpty,
                                                         today: today, l: l, db: db)
            report(EstablishmentImport.opening(headerLine: header + 1, columns: planner.columns, unknown: planner.unknown, l))
            var summary = ImportSummary()
            var named = Set<String>(), listed = Set(planner.groups.map(\.name))
            var line = header + 1, buffered = first.dropFirst(header + 1).makeIterator()
            // Rows are checked here, a few hundred at a time; each batch's report lines and new
            // records' inserts are made on a second thread while the batch before is written.
            var planned: [EstablishmentImport.Row] = [], inFlight: PreparedBatch?
            func write(_ batch: PreparedBatch?) throws {
                guard let rows = batch?.rows() else { return }
                // The batch's lines at once, then the progress again under them while it is written.
                report(rows.flatMap(\.1))
                try progress.tell()
                for (row, _, insert) in rows { try writer?.write(row, prepared: insert) }
            }
            func send() throws {
                let next = PreparedBatch(planned, l: l)
                planned = []
                try write(inFlight)
                inFlight = next
            }
            while let row = try buffered.next() ?? next() {
                line += 1
                try progress.set(done: bytesRead())
                guard let outcome = try planner.outcome(row, line: line, db: db) else { continue }
                planned.append(EstablishmentImport.Row(line: line, outcome: outcome))
                if planned.count == PreparedBatch.rows { try send() }
                switch outcome {
                case .add: summary.added += 1
                case .update: summary.updated += 1
                case .reject: summary.rejected += 1
                }
                if let group = outcome.group, !group.isEmpty {
                    named.insert(group)
                    // A group the list does not have yet is added the first time a row names it.
                    if writer != nil, !listed.contains(group) {
                        try writer?.addGroup(group)
                        listed.insert(group)
                    }
                }
            }
            try send()
            try write(inFlight)
            summary.newGroups = planner.newGroups(named)
            report(EstablishmentImport.closing(newGroups: summary.newGroups, added: summary.added, updated: summary.updated,
                                               rejected: summary.rejected, l))
            // A dry run only says what would happen, strict or not (as the preview always has).
            if strict && !dryRun && summary.rejected > 0 { throw WardError.importStrict(summary.rejected) }
            summary.batch = try writer?.finish()
            return summary
        }
        if dryRun {
            return try read(as: account, .registerEstablishments) { db, _ in
                var none: ImportWriter?
                return try pass(db, &none)
            }
        }
        return try write(as: account, .registerEstablishments) { db, me in
            var writer: ImportWriter? = try ImportWriter(db: db, at: now, actor: Actor(me))
            return try pass(db, &writer)
        }
    }

    /// The imports that can be looked back on, newest first.
    public func importBatches(by account: Account) throws -> [ImportBatch] {
        try read(as: account, .viewRegister) { db, _ in
            try Row.fetchAll(db, sql: "SELECT * FROM import_batch ORDER BY id DESC").map {
                ImportBatch(id: $0["id"], at: $0["at"], actor: $0["actor"], added: $0["added"], updated: $0["updated"], undoneAt: $0["undone_at"])
            }
        }
    }

    /// Takes an import back, in one transaction: the records it added are removed and the ones
    /// it changed get back what they held before. When a record was changed again since (or an
    /// added one is used by a visit, a plan or a tip-off), nothing changes and those records are
    /// named. The undo is in the audit trail, record by record.
    public func undoImport(_ batch: Int64, by account: Account) throws {
        let now = clock()
        try write(as: account, .registerEstablishments) { db, me in
            let actor = Actor(me)
            guard let row = try Row.fetchOne(db, sql: "SELECT undone_at FROM import_batch WHERE id = ?", arguments: [batch]) else {
                throw WardError.importBatchNotFound(batch)
            }
            if (row["undone_at"] as String?) != nil { throw WardError.importBatchUndone(batch) }
            var blocked: [String] = []
            for change in try Row.fetchAll(db, sql: "SELECT * FROM import_change WHERE batch_id = ? ORDER BY establishment_id DESC", arguments: [batch]) {
                let id: Int64 = change["establishment_id"]
                guard let current = try Establishment.fetchOne(db, key: id) else { continue }
                if current.version != change["version_after"] { blocked.append(current.name); continue }
                if let before = change["before"] as String? {
                    guard let data = before.data(using: .utf8), let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                        throw WardError.notFound
                    }
                    let values = object.mapValues { v -> (any DatabaseValueConvertible)? in
                        switch v { case let s as String: s; case let n as NSNumber: n.int64Value; default: nil }
                    }
                    var restored = try Establishment(row: Row(values))
                    restored.id = id
                    _ = try Self.update(db, current, to: restored, at: now, by: actor)
                } else {
                    do {
                        try db.inSavepoint {
                            try db.execute(sql: "DELETE FROM establishment WHERE id = ?", arguments: [id])
                            return .commit
                        }
                        try Audit.write(db, at: now, actor: actor, action: .archive, recordType: "establishment", recordId: id,
                                        before: current.auditFields, after: ["removed_by_undo_of_import": String(batch)])
                    } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                        blocked.append(current.name)
                    }
                }
            }
            if !blocked.isEmpty { throw WardError.importUndoBlocked(batch, blocked.sorted()) }
            try db.execute(sql: "UPDATE import_batch SET undone_at = ? WHERE id = ?", arguments: [Timestamp.string(now), batch])
            try Audit.write(db, at: now, actor: actor, action: .update, recordType: "import", recordId: batch, after: ["undone": "1"])
        }
    }

    /// A record's columns as JSON (text and numbers only: the register holds nothing else).
    static func json(_ row: [String: DatabaseValue]) -> String {
        var object: [String: Any] = [:]
        for (column, value) in row {
            switch value.storage {
            case .null: object[column] = NSNull()
            case .int64(let n): object[column] = n
            case .double(let d): object[column] = d
            case .string(let s): object[column] = s
            case .blob: break
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
