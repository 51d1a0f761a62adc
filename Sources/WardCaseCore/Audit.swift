import Crypto
import Foundation
import GRDB

/// Kinds of audited events.
public enum AuditAction: String, CaseIterable, Sendable {
    case create, update, archive, status
    case viewIdentity = "view_identity", exportIdentity = "export_identity"
    case signIn = "sign_in", signInFailed = "sign_in_failed", locked, unlocked
    case backup, restore
    /// A door said no: who tried what, and why.
    case denied
    case viewNotes = "view_notes", exportList = "export_list", editNarrative = "edit_narrative"
    /// A case worker searched the cases by who they are (the identities opened in memory).
    case searchIdentities = "search_identities"

    public var label: Msg {
        switch self {
        case .create: .auditCreate
        case .update: .auditUpdate
        case .archive: .auditArchive
        case .status: .auditStatus
        case .viewIdentity: .auditViewIdentity
        case .exportIdentity: .auditExportIdentity
        case .signIn: .auditSignIn
        case .signInFailed: .auditSignInFailed
        case .locked: .auditLocked
        case .unlocked: .auditUnlocked
        case .backup: .auditBackup
        case .restore: .auditRestore
        case .denied: .auditDenied
        case .viewNotes: .auditViewNotes
        case .exportList: .auditExportList
        case .editNarrative: .auditEditNarrative
        case .searchIdentities: .auditSearchIdentities
        }
    }
}

/// One row of the append-only audit trail: who, when, which record, fields before and after.
public struct AuditEntry: Equatable, Sendable {
    public var id: Int64
    public var at: Date
    public var accountId: Int64?
    public var actor: String
    public var action: AuditAction
    public var recordType: String
    public var recordId: Int64?
    public var before: [String: String]
    public var after: [String: String]

    /// "roles: officer → officer,clerk; active: 1 → 0"
    public var changeSummary: String {
        let keys = Set(before.keys).union(after.keys).sorted()
        return keys.compactMap { k -> String? in
            let b = before[k], a = after[k]
            if b == a { return nil }
            switch (b, a) {
            case (nil, let a?): return "\(k): \(a)"
            case (let b?, nil): return "\(k): \(b) → —"
            case (let b?, let a?): return "\(k): \(b) → \(a)"
            default: return nil
            }
        }.joined(separator: "; ")
    }
}

/// What the audit browser asks for.
public struct AuditFilter: Equatable, Sendable {
    public var actor = ""
    /// A record type ("account"), or a type and id ("account#3").
    public var record = ""
    public var from: Formats.Day?
    public var to: Formats.Day?
    public init(actor: String = "", record: String = "", from: Formats.Day? = nil, to: Formats.Day? = nil) {
        self.actor = actor; self.record = record; self.from = from; self.to = to
    }

    func clause() -> (String, StatementArguments) {
        var parts: [String] = [], args: StatementArguments = []
        let a = actor.trimmingCharacters(in: .whitespaces)
        if !a.isEmpty { parts.append("actor LIKE ?"); _ = args.append(contentsOf: ["%" + a + "%"]) }
        let r = record.trimmingCharacters(in: .whitespaces)
        if !r.isEmpty {
            let pieces = r.split(separator: "#", maxSplits: 1).map(String.init)
            parts.append("record_type = ?"); _ = args.append(contentsOf: [pieces[0]])
            if pieces.count == 2, let id = Int64(pieces[1]) { parts.append("record_id = ?"); _ = args.append(contentsOf: [id]) }
        }
        // Days are the computer's local days; stored times are UTC.
        if let from { parts.append("at >= ?"); _ = args.append(contentsOf: [Timestamp.string(from.startDate)]) }
        if let to { parts.append("at < ?"); _ = args.append(contentsOf: [Timestamp.string(to.startDate.addingTimeInterval(86_400))]) }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }
}

extension Formats.Day {
    /// Local midnight at the start of the day.
    var startDate: Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        return cal.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }
}

package enum Audit {
    package static func write(_ db: Database, at: Date, actor: Actor, action: AuditAction, recordType: String, recordId: Int64?,
                      before: [String: String]? = nil, after: [String: String]? = nil) throws {
        func sorted(_ fields: [String: String]) -> [(key: String, value: String)] { fields.sorted { $0.key < $1.key } }
        try write(db, row(at: Timestamp.string(at), actor: actor, action: action, recordType: recordType, recordId: recordId,
                          before: before.map(sorted), after: after.map(sorted)))
    }

    /// One row, its fields given in key order.
    package static func row(at: String, actor: Actor, action: AuditAction, recordType: String, recordId: Int64?,
                            before: [(key: String, value: String)]? = nil, after: [(key: String, value: String)]?) -> ChainedRow {
        ChainedRow(at: at, accountId: actor.accountId, actor: actor.name, action: action.rawValue, recordType: recordType,
                   recordId: recordId, before: before.map { json(sorted: $0) },
                   after: after.map { action == .create ? created($0) : json(sorted: $0) })
    }

    /// A new record's fields as its row holds them: the empty ones say nothing and are left out.
    package static func created(_ fields: [(key: String, value: String)]) -> String {
        json(sorted: fields.lazy.filter { !$0.value.isEmpty })
    }

    /// Writes `row` after the last row of the trail.
    package static func write(_ db: Database, _ row: ChainedRow) throws {
        _ = try write(row, after: lastChain(db), with: db.cachedStatement(sql: insertSQL))
    }

    /// The chain of the trail's last row ("" before the first).
    package static func lastChain(_ db: Database) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT chain FROM audit ORDER BY id DESC LIMIT 1")) ?? ""
    }

    /// Writes `row` after the row whose chain is `previous` through `insert` (a statement of
    /// `insertSQL` the caller prepared once for many rows), and returns the row's chain.
    package static func write(_ row: ChainedRow, after previous: String, with insert: Statement) throws -> String {
        let chain = row.chain(after: previous)
        try insert.execute(arguments: [row.at, row.accountId, row.actor, row.action, row.recordType, row.recordId,
                                       row.before, row.after, chain])
        return chain
    }

    package static let insertSQL = """
        INSERT INTO audit (at, account_id, actor, action, record_type, record_id, before, after, chain)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// One row as the chain sees it. Each row's `chain` is SHA-256 over the previous row's chain
    /// and this row's content, so that a row changed, removed or slipped in by hand (the file is
    /// anyone's who can write it) shows at the first row after it. It makes a change visible; it
    /// cannot make one impossible.
    package struct ChainedRow {
        var at: String, accountId: Int64?, actor: String, action: String, recordType: String, recordId: Int64?
        var before: String?, after: String?

        init(at: String, accountId: Int64?, actor: String, action: String, recordType: String, recordId: Int64?,
             before: String?, after: String?) {
            self.at = at; self.accountId = accountId; self.actor = actor; self.action = action
            self.recordType = recordType; self.recordId = recordId; self.before = before; self.after = after
        }

        init(_ row: Row) {
            self.init(at: row["at"], accountId: row["account_id"], actor: row["actor"], action: row["action"],
                      recordType: row["record_type"], recordId: row["record_id"], before: row["before"], after: row["after"])
        }

        func chain(after previous: String) -> String {
            // Each field with its length, so that no two rows can read the same: "N:field|N:field…".
            var text: [UInt8] = []
            text.reserveCapacity(256 + (before?.utf8.count ?? 0) + (after?.utf8.count ?? 0))
            for (i, field) in [previous, at, accountId.map(String.init) ?? "", actor, action, recordType,
                               recordId.map(String.init) ?? "", before ?? "\u{0}", after ?? "\u{0}"].enumerated() {
                if i > 0 { text.append(UInt8(ascii: "|")) }
                text.append(contentsOf: String(field.utf8.count).utf8)
                text.append(UInt8(ascii: ":"))
                text.append(contentsOf: field.utf8)
            }
            // Hex by table: an import writes one row per record, and String(format:) per byte showed.
            let digits = Array("0123456789abcdef".utf8)
            var hex = [UInt8]()
            hex.reserveCapacity(64)
            for byte in SHA256.hash(data: text) {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: hex, as: UTF8.self)
        }
    }

    /// The first row whose chain does not follow from the rows before it, if any. Rows from before
    /// the chain began (no chain) are skipped; the chain starts at the first row that has one.
    static func firstBrokenLink(_ db: Database, progress: WorkProgress) throws -> Int64? {
        var previous: String?
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY id")
        while let row = try rows.next() {
            try progress.advance()
            guard let chain = row["chain"] as String? else {
                if previous != nil { return row["id"] }   // a row without its link, after the chain began
                continue
            }
            if ChainedRow(row).chain(after: previous ?? "") != chain { return row["id"] }
            previous = chain
        }
        return nil
    }

    /// Only the fields that differ, so that an update row says exactly what changed.
    package static func writeChange(_ db: Database, at: Date, actor: Actor, action: AuditAction = .update, recordType: String,
                            recordId: Int64?, before: [String: String], after: [String: String]) throws {
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return }
        try write(db, at: at, actor: actor, action: action, recordType: recordType, recordId: recordId,
                  before: before.filter { changed.contains($0.key) }, after: after.filter { changed.contains($0.key) })
    }

    /// `{"key":"value",...}` with the keys sorted: the text JSONEncoder (.sortedKeys,
    /// .withoutEscapingSlashes) writes, without its cost on every saved record.
    static func json(_ fields: [String: String]?) -> String? {
        fields.map { json(sorted: $0.sorted { $0.key < $1.key }) }
    }

    /// The same text from pairs already in key order (a record that lists its fields so).
    static func json(sorted pairs: some Sequence<(key: String, value: String)>) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(512)
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(pair.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendQuoted(pair.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string of `s`, as JSONEncoder writes one: quotes, backslashes and control
    /// characters escaped, the rest as it is (also the exports' JSON).
    package static func jsonString(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte by byte: what is escaped is ASCII, and no byte of a longer UTF-8 sequence is.
    private static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        out.append(quote)
        // Most text needs no escaping at all: then it goes in whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == quote || $0 == backslash }) {
            out.append(contentsOf: s.utf8)
            out.append(quote)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in s.utf8 {
            switch byte {
            case quote, backslash: out += [backslash, byte]
            case 0x0A: out += [backslash, UInt8(ascii: "n")]
            case 0x0D: out += [backslash, UInt8(ascii: "r")]
            case 0x09: out += [backslash, UInt8(ascii: "t")]
            case 0x08: out += [backslash, UInt8(ascii: "b")]
            case 0x0C: out += [backslash, UInt8(ascii: "f")]
            case ..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(quote)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], at: Timestamp.parse(row["at"]) ?? Date(timeIntervalSince1970: 0), accountId: row["account_id"],
                   actor: row["actor"], action: AuditAction(rawValue: row["action"]) ?? .update,
                   recordType: row["record_type"], recordId: row["record_id"],
                   before: decode(row["before"]), after: decode(row["after"]))
    }
}
