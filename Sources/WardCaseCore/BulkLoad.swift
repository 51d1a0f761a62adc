import Foundation
import GRDB
import Crypto

/// Filling an empty ward in one go: the demo ward and the generated city (WardCaseDemo). This is
/// the only way rows are written from outside the store's own files, and every row is typed here,
/// beside the schema: when a table gains or loses a column, a row type below changes with it and
/// the generators stop compiling, instead of writing rows the app then misreads.
package final class BulkLoad {
    fileprivate let db: Database
    fileprivate init(_ db: Database) { self.db = db }

    // MARK: Records the app itself writes

    package func insert<R: MutablePersistableRecord>(_ record: inout R) throws { try record.insert(db) }
    package func update<R: MutablePersistableRecord>(_ record: R) throws { try record.update(db) }
    package func save(_ ward: WardIdentity) throws { try ward.save(db) }

    /// An account, checked and audited as `addAccount` writes it.
    package func addAccount(login: String, displayName: String, roles: Set<Role>, hash: String, at now: Date) throws -> Account {
        try WardStore.insertAccount(db, login: login, displayName: displayName, roles: roles, hash: hash, osUser: nil, at: now, by: .system)
    }

    /// A visit's team, checklist and violations, as saving a visit writes them.
    package func addChildren(of visit: VisitRecord) throws { try WardStore.replaceChildren(db, visit) }

    /// One row, at once.
    package func insert<R: BulkRow>(_ row: R) throws {
        var batch = BulkBatch<R>()
        _ = batch.add(row)
        try batch.flush(self)
    }

    /// The record of what was loaded, in the audit trail.
    package func audit(recordType: String, at now: Date, after: [String: String]) throws {
        try Audit.write(db, at: now, actor: .system, action: .create, recordType: recordType, recordId: nil, after: after)
    }

    // MARK: Settings and keys

    /// Marks the database as the demo ward (switching accounts needs no password there).
    package func markDemo() throws {
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('demo', '1')")
    }

    /// The ward key wrapped under a shared passphrase (the row `createWardKey` writes), with every
    /// seal written from here on bound to its record.
    package func storeWardKey(salt: Data, wrapped: Data, at now: Date) throws {
        try db.execute(sql: "INSERT INTO ward_key (id, kdf, salt, wrapped, created_at) VALUES (1, ?, ?, ?, ?)",
                       arguments: [WardKey.kdf, salt, wrapped, Timestamp.string(now)])
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('seals_bound', '1')")
    }

    /// The informant key pair, made from the ward key as an unlock makes it.
    package func makeInformantKey(wardKey: WardKey, at now: Date) throws {
        try WardStore.ensureInformantKey(db, key: wardKey, at: now)
    }

    /// The informant key pair made by the caller (a generator that must give the same bytes each run):
    /// the public half and the private half sealed under the ward key.
    package func storeInformantKey(publicKey: Data, privateSealed: Data, at now: Date) throws {
        try db.execute(sql: "INSERT INTO informant_key (id, public_key, private_sealed, created_at) VALUES (1, ?, ?, ?)",
                       arguments: [publicKey, privateSealed, Timestamp.string(now)])
    }

    package func sealPlainReporters() throws { try WardStore.sealPlainReporters(db) }

    package func storeRecovery(_ publicKey: Curve25519.KeyAgreement.PublicKey, wardKey: WardKey, at now: Date) throws {
        try WardStore.storeRecovery(db, publicKey, wardKey: wardKey, at: now)
    }
}

extension WardStore {
    /// Runs `body` in one transaction on a database with no ward, no establishment and no account;
    /// returns nil (and writes nothing) when it has any. Foreign keys are checked once, before the
    /// commit: a broken link rolls everything back. `deferIndexes` (a large load) drops the loaded
    /// tables' indexes and the derived-fact triggers for the load and builds them again from their
    /// stored definitions afterwards, so the schema ends as it began; `progress` hears each index.
    package func bulkLoad<T>(deferIndexes: Bool = false, progress: WorkProgress = .silent,
                             _ body: (BulkLoad) throws -> T) throws -> T? {
        let where_ = path ?? ":memory:"
        var result: T?
        do {
            try withoutTransaction { db in
                let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                // Off while it runs, so that a visit's children can go in before it (the schema's
                // lock on approved visits lets them); checked at the end.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                // A 64 MB page cache; the sorts that build the indexes again spill to temporary
                // files, not memory: a city's load peaks under 300 MB (it was 958 MB with a
                // 256 MB cache and temporary storage in memory), in the same time.
                if deferIndexes { try db.execute(sql: "PRAGMA cache_size = -65536") }
                defer {
                    try? db.execute(sql: "PRAGMA foreign_keys = ON")
                    try? db.execute(sql: "PRAGMA cache_size = \(cache)")
                }
                try db.inTransaction(.immediate) {
                    // Checked inside the transaction: two terminals loading at once load once.
                    guard try Self.isEmptyWard(db) else { return .rollback }
                    var rebuilt: [String] = []
                    if deferIndexes {
                        // The loaded tables' indexes and the derived-fact triggers: dropped now, made again from their own text.
                        let set = try Row.fetchAll(db, sql: """
                            SELECT type || ' ' || quote(name) AS what, sql FROM sqlite_master WHERE sql IS NOT NULL AND (
                                (type = 'index' AND tbl_name IN (\(Self.bulkTables.map { "'\($0)'" }.joined(separator: ", "))))
                                OR (type = 'trigger' AND name LIKE 'derived\\_%' ESCAPE '\\'))
                            ORDER BY type, rowid
                            """)
                        rebuilt = set.map { $0["sql"] }
                        progress.add(total: rebuilt.count + 1)
                        for row in set { try db.execute(sql: "DROP " + (row["what"] as String)) }
                    }
                    result = try body(BulkLoad(db))
                    // The ward's list of residential groups: those the loaded places name, as they name them.
                    for name in try String.fetchAll(db, sql: """
                        SELECT residential_group FROM establishment WHERE residential_group <> ''
                        UNION SELECT residential_group FROM hotspot WHERE residential_group <> ''
                        """) {
                        let canonical = ResidentialGroup.canonical(name)
                        try db.execute(sql: "INSERT OR IGNORE INTO residential_group (name, number) VALUES (?, ?)",
                                       arguments: [name, canonical.name == name ? canonical.number : nil])
                    }
                    for sql in rebuilt {
                        try db.execute(sql: sql)
                        try progress.advance()
                    }
                    // The facts kept on records (Derived.swift), filled in once for every row.
                    if deferIndexes {
                        try DerivedFacts.fillAll(db)
                        try progress.advance()
                    }
                    // The approved records' numbers, each year's in the order of their dates (as v23 numbers them).
                    try db.execute(sql: """
                        INSERT INTO visit_record_number (visit_id, year, number)
                        SELECT id, CAST(substr(visit_date, 1, 4) AS INTEGER),
                               ROW_NUMBER() OVER (PARTITION BY substr(visit_date, 1, 4) ORDER BY visit_date, id)
                        FROM visit WHERE status = 'approved'
                        """)
                    if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                        throw WardError.databaseUnreadable(path: where_, reason: "loaded data: broken link in \((broken[0] as String?) ?? "?")")
                    }
                    return .commit
                }
            }
        } catch let e as WardError {
            throw e
        } catch {
            throw WardError.from(error, path: where_)
        }
        if deferIndexes {
            // The commit's checkpoint has copied the pages; the write-ahead log would otherwise stay
            // as large as the database until the last connection closes.
            _ = try? withoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return result
    }

    /// True when the database has no ward, no establishment and no account: a bulk load may fill it.
    public func isEmptyWard() throws -> Bool { try reading(Self.isEmptyWard) }

    static func isEmptyWard(_ db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM ward) + (SELECT COUNT(*) FROM establishment) + (SELECT COUNT(*) FROM account)
            """) == 0
    }

    /// How many rows each table filled in bulk holds.
    package func bulkCounts() throws -> [String: Int] {
        try reading { db in
            var counts: [String: Int] = [:]
            for table in Self.bulkTables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return counts
        }
    }

    /// The tables a large load fills, many rows to a statement.
    static let bulkTables = ["establishment", "tip", "visit", "visit_member", "visit_check", "violation", "support_case",
                             "consent", "screening", "case_contact", "referral", "hotspot", "hotspot_status", "inspection_plan"]
}

// MARK: - Rows

/// One row of one table, its values in the order of `insert`'s columns.
package protocol BulkRow {
    /// `INSERT INTO table (columns) VALUES`, or for a row spread out by SQL, `INSERT ... SELECT ... FROM (VALUES`.
    static var insert: String { get }
    static var columns: Int { get }
    func put(into values: inout [DatabaseValue])
}

/// Rows of one table, many to a statement (a multi-row INSERT), to spare the per-statement cost.
package struct BulkBatch<Row: BulkRow> {
    private let head: String
    private let row: String
    /// After the rows: an `INSERT ... SELECT ... FROM (VALUES` batch closes here.
    private let tail: String
    private let perStatement: Int
    private var values: [DatabaseValue] = []
    private var rows = 0
    private var statements: [Int: Statement] = [:]

    package init() { self.init(tail: "") }

    fileprivate init(tail: String) {
        head = Row.insert + " "
        self.tail = tail.isEmpty ? "" : " " + tail
        row = "(" + Array(repeating: "?", count: Row.columns).joined(separator: ", ") + ")"
        perStatement = max(1, 960 / Row.columns)
        values.reserveCapacity(perStatement * Row.columns)
    }

    /// Adds a row: true when the batch is full and should be flushed.
    package mutating func add(_ r: Row) -> Bool {
        r.put(into: &values)
        rows += 1
        return rows >= perStatement
    }

    package mutating func flush(_ load: BulkLoad) throws {
        guard rows > 0 else { return }
        let statement: Statement
        if let s = statements[rows] {
            statement = s
        } else {
            statement = try load.db.makeStatement(sql: head + Array(repeating: row, count: rows).joined(separator: ", ") + tail)
            statements[rows] = statement
        }
        try statement.execute(arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}

private extension Array where Element == DatabaseValue {
    mutating func put(_ v: Int64) { append(v.databaseValue) }
    mutating func put(_ v: Int) { append(Int64(v).databaseValue) }
    mutating func put(_ v: Int64?) { append(v?.databaseValue ?? .null) }
    mutating func put(_ v: String) { append(v.databaseValue) }
    mutating func put(_ v: String?) { append(v?.databaseValue ?? .null) }
    mutating func put(_ v: Bool) { append(Int64(v ? 1 : 0).databaseValue) }
    mutating func put(_ v: Data?) { append(v?.databaseValue ?? .null) }
}

/// The rows a bulk load writes, one type per table. Dates are ISO `yyyy-mm-dd`, times `Timestamp` strings.
package enum Load {
    package struct Establishment: BulkRow {
        package static let insert = """
            INSERT INTO establishment (id, name, name_fold, type_id, street, residential_group, owner_name, owner_phone,
                licence_no, risk_level, status, notes, search_fold, version, business_reg_no, licence_issued, licence_expires,
                security_certificate, workers, workers_health_checked, workers_reached, commitment_signed, commitment_date,
                risk_reason, status_date, archived, address_fold) VALUES
            """
        package static let columns = 27
        var id: Int64, name: String, typeId: Int64, street: String, group: String, owner: String, phone: String
        var licence: String, risk: RiskLevel, status: EstablishmentStatus, notes: String, regNo: String
        var issued: String?, expires: String?, security: Bool, workers: Int, healthChecked: Int, reached: Int
        var commitment: String?, riskReason: String, statusDate: String, archived: Bool
        package init(id: Int64, name: String, typeId: Int64, street: String, group: String, owner: String, phone: String,
                     licence: String, risk: RiskLevel, status: EstablishmentStatus, notes: String, regNo: String,
                     issued: String?, expires: String?, security: Bool, workers: Int, healthChecked: Int, reached: Int,
                     commitment: String?, riskReason: String, statusDate: String, archived: Bool) {
            self.id = id; self.name = name; self.typeId = typeId; self.street = street; self.group = group; self.owner = owner
            self.phone = phone; self.licence = licence; self.risk = risk; self.status = status; self.notes = notes
            self.regNo = regNo; self.issued = issued; self.expires = expires; self.security = security; self.workers = workers
            self.healthChecked = healthChecked; self.reached = reached; self.commitment = commitment; self.riskReason = riskReason
            self.statusDate = statusDate; self.archived = archived
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(name); v.put(VietText.fold(name)); v.put(typeId); v.put(street); v.put(group); v.put(owner)
            v.put(phone); v.put(licence); v.put(risk.rawValue); v.put(status.rawValue); v.put(notes)
            v.put(WardCaseCore.Establishment.searchFold(name: name, street: street, group: group, owner: owner, licence: licence))
            v.put(Int64(1)); v.put(regNo); v.put(issued); v.put(expires); v.put(security); v.put(workers); v.put(healthChecked)
            v.put(reached); v.put(commitment != nil); v.put(commitment); v.put(riskReason); v.put(statusDate); v.put(archived)
            v.put(VietText.fold(street))
        }
    }

    package struct Hotspot: BulkRow {
        package static let insert = "INSERT INTO hotspot (id, name, address, residential_group, description, found_date, status, status_date) VALUES"
        package static let columns = 8
        var id: Int64, name: String, address: String, group: String, description: String, found: String, status: WardCaseCore.HotspotStatus
        var statusDate: String
        package init(id: Int64, name: String, address: String, group: String, description: String, found: String,
                     status: WardCaseCore.HotspotStatus, statusDate: String) {
            self.id = id; self.name = name; self.address = address; self.group = group; self.description = description
            self.found = found; self.status = status; self.statusDate = statusDate
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(name); v.put(address); v.put(group); v.put(description); v.put(found); v.put(status.rawValue); v.put(statusDate)
        }
    }

    package struct HotspotChange: BulkRow {
        package static let insert = "INSERT INTO hotspot_status (hotspot_id, status, date, note, actor) VALUES"
        package static let columns = 5
        var hotspot: Int64, status: WardCaseCore.HotspotStatus, date: String, note: String, actor: String
        package init(hotspot: Int64, status: WardCaseCore.HotspotStatus, date: String, note: String, actor: String) {
            self.hotspot = hotspot; self.status = status; self.date = date; self.note = note; self.actor = actor
        }
        package func put(into v: inout [DatabaseValue]) { v.put(hotspot); v.put(status.rawValue); v.put(date); v.put(note); v.put(actor) }
    }

    package struct Plan: BulkRow {
        package static let insert = "INSERT INTO inspection_plan (id, title, period_start, period_end, author_name, created_at) VALUES"
        package static let columns = 6
        var id: Int64, title: String, start: String, end: String, author: String, created: String
        package init(id: Int64, title: String, start: String, end: String, author: String, created: String) {
            self.id = id; self.title = title; self.start = start; self.end = end; self.author = author; self.created = created
        }
        package func put(into v: inout [DatabaseValue]) { v.put(id); v.put(title); v.put(start); v.put(end); v.put(author); v.put(created) }
    }

    /// A communication session or a training, with whom it reached ("residents=120") and its trainees ("Công an=3").
    package struct Activity: BulkRow {
        package static let insert = "INSERT INTO activity (date, kind, audience, people, author_name, channel, reached, trainees) VALUES"
        package static let columns = 8
        var date: String, kind: String, audience: String, people: Int, author: String, channel: String, reached: String, trainees: String
        package init(date: String, kind: String, audience: String, people: Int, author: String, channel: String, reached: String, trainees: String) {
            self.date = date; self.kind = kind; self.audience = audience; self.people = people; self.author = author
            self.channel = channel; self.reached = reached; self.trainees = trainees
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(date); v.put(kind); v.put(audience); v.put(people); v.put(author); v.put(channel); v.put(reached); v.put(trainees)
        }
    }

    package struct Tip: BulkRow {
        package static let insert = """
            INSERT INTO tip (id, received_date, kind, channel, anonymous, reporter_sealed, content, establishment_id, hotspot_id, place,
                verify_due, classify_due, handle_due, verified_date, verify_result, classified_date, classification,
                handled_date, handle_result, author_name, search_fold) VALUES
            """
        package static let columns = 21
        var id: Int64, received: String, kind: TipKind, channel: TipChannel, anonymous: Bool, reporterSealed: Data?
        var content: String, establishment: Int64?, hotspot: Int64?, place: String
        var verifyDue: String, classifyDue: String, handleDue: String, verified: String?, verifyResult: String
        var classified: String?, classification: TipClass?, handled: String?, handleResult: String, author: String
        package init(id: Int64, received: String, kind: TipKind, channel: TipChannel, anonymous: Bool, reporterSealed: Data?,
                     content: String, establishment: Int64?, hotspot: Int64?, place: String,
                     verifyDue: String, classifyDue: String, handleDue: String, verified: String?, verifyResult: String,
                     classified: String?, classification: TipClass?, handled: String?, handleResult: String, author: String) {
            self.id = id; self.received = received; self.kind = kind; self.channel = channel; self.anonymous = anonymous
            self.reporterSealed = reporterSealed; self.content = content; self.establishment = establishment; self.hotspot = hotspot
            self.place = place; self.verifyDue = verifyDue; self.classifyDue = classifyDue; self.handleDue = handleDue
            self.verified = verified; self.verifyResult = verifyResult; self.classified = classified
            self.classification = classification; self.handled = handled; self.handleResult = handleResult; self.author = author
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(received); v.put(kind.rawValue); v.put(channel.rawValue); v.put(anonymous); v.put(reporterSealed)
            v.put(content); v.put(establishment); v.put(hotspot); v.put(place); v.put(verifyDue); v.put(classifyDue)
            v.put(handleDue); v.put(verified); v.put(verifyResult); v.put(classified); v.put(classification?.rawValue)
            v.put(handled); v.put(handleResult); v.put(author); v.put(TipOff.searchFold(content: content, place: place))
        }
    }

    package struct Visit: BulkRow {
        package static let insert = """
            INSERT INTO visit (id, establishment_id, hotspot_id, visit_date, visit_time, kind, status, team, findings,
                remedy_deadline, follow_up_due, follows_visit_id, tip_id, plan_id, author_id, author_name, submitted_at,
                reviewer_name, reviewed_at, return_comment) VALUES
            """
        package static let columns = 20
        var id: Int64, establishment: Int64?, hotspot: Int64?, date: String, time: String, kind: VisitKind, status: VisitStatus
        var team: String, findings: String, remedy: String?, followUpDue: String?, follows: Int64?, tip: Int64?, plan: Int64?
        var authorId: Int64, author: String, submitted: String?, reviewer: String, reviewed: String?, returnComment: String
        package init(id: Int64, establishment: Int64?, hotspot: Int64?, date: String, time: String, kind: VisitKind, status: VisitStatus,
                     team: String, findings: String, remedy: String?, followUpDue: String?, follows: Int64?, tip: Int64?, plan: Int64?,
                     authorId: Int64, author: String, submitted: String?, reviewer: String, reviewed: String?, returnComment: String) {
            self.id = id; self.establishment = establishment; self.hotspot = hotspot; self.date = date; self.time = time
            self.kind = kind; self.status = status; self.team = team; self.findings = findings; self.remedy = remedy
            self.followUpDue = followUpDue; self.follows = follows; self.tip = tip; self.plan = plan; self.authorId = authorId
            self.author = author; self.submitted = submitted; self.reviewer = reviewer; self.reviewed = reviewed
            self.returnComment = returnComment
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(establishment); v.put(hotspot); v.put(date); v.put(time); v.put(kind.rawValue); v.put(status.rawValue)
            v.put(team); v.put(findings); v.put(remedy); v.put(followUpDue); v.put(follows); v.put(tip); v.put(plan)
            v.put(authorId); v.put(author); v.put(submitted); v.put(reviewer); v.put(reviewed); v.put(returnComment)
        }
    }

    /// A visit's team in one number: up to three members, ten bits each, numbered (from 1) in a
    /// roster given to the batch, which SQL spreads out into rows.
    package struct VisitTeam: BulkRow {
        package static let insert = "INSERT INTO visit_member (visit_id, name, agency) SELECT v.column1, h.name, h.agency FROM (VALUES"
        package static let columns = 2
        var visit: Int64, packed: Int
        package init(visit: Int64, packed: Int) { self.visit = visit; self.packed = packed }
        package func put(into v: inout [DatabaseValue]) { v.put(visit); v.put(packed) }

        package static func batch(roster: [TeamMember]) -> BulkBatch<VisitTeam> {
            let holders = roster.enumerated().map { "SELECT \($0.offset + 1) AS k, \(literal($0.element.name)) AS name, \(literal($0.element.agency)) AS agency" }
                .joined(separator: " UNION ALL ")
            return BulkBatch(tail: """
                ) AS v, (\(holders)) AS h, (SELECT 0 AS slot UNION ALL SELECT 1 UNION ALL SELECT 2) AS s
                WHERE h.k = (v.column2 >> (10 * s.slot)) & 1023 ORDER BY v.column1, s.slot
                """)
        }
    }

    /// A visit's checklist in two bit masks over a list of items given to the batch: the items
    /// checked, and of those the ones found not in order.
    package struct VisitChecks: BulkRow {
        package static let insert = """
            INSERT INTO visit_check (visit_id, item_id, result)
            SELECT v.column1, c.id, CASE WHEN (v.column3 >> c.pos) & 1 THEN 'not_ok' ELSE 'ok' END FROM (VALUES
            """
        package static let columns = 3
        var visit: Int64, checked: Int, notOk: Int
        package init(visit: Int64, checked: Int, notOk: Int) { self.visit = visit; self.checked = checked; self.notOk = notOk }
        package func put(into v: inout [DatabaseValue]) { v.put(visit); v.put(checked); v.put(notOk) }

        package static func batch(items: [Int64]) -> BulkBatch<VisitChecks> {
            let table = items.enumerated().map { "SELECT \($0.element) AS id, \($0.offset) AS pos" }.joined(separator: " UNION ALL ")
            return BulkBatch(tail: ") AS v, (\(table)) AS c WHERE (v.column2 >> c.pos) & 1 ORDER BY v.column1, c.id")
        }
    }

    package struct Violation: BulkRow {
        package static let insert = "INSERT INTO violation (visit_id, description, legal_basis, handling, fine) VALUES"
        package static let columns = 5
        var visit: Int64, description: String, legalBasis: String, handling: Handling, fine: Int64
        package init(visit: Int64, description: String, legalBasis: String, handling: Handling, fine: Int64) {
            self.visit = visit; self.description = description; self.legalBasis = legalBasis; self.handling = handling; self.fine = fine
        }
        package func put(into v: inout [DatabaseValue]) { v.put(visit); v.put(description); v.put(legalBasis); v.put(handling.rawValue); v.put(fine) }
    }

    /// A member of the standing inspection team.
    package struct RosterMember: BulkRow {
        package static let insert = "INSERT INTO team_member (name, agency, role, from_date, to_date) VALUES"
        package static let columns = 5
        var name: String, agency: String, role: TeamRole, from: String, to: String?
        package init(name: String, agency: String, role: TeamRole, from: String, to: String?) {
            self.name = name; self.agency = agency; self.role = role; self.from = from; self.to = to
        }
        package func put(into v: inout [DatabaseValue]) { v.put(name); v.put(agency); v.put(role.rawValue); v.put(from); v.put(to) }
    }

    /// The decision imposing a violation's fine; `violation` is the id the violation got (the
    /// n-th violation loaded into an empty ward is number n).
    package struct Sanction: BulkRow {
        package static let insert = "INSERT INTO sanction (violation_id, decision_no, decision_date, signer, paid_date) VALUES"
        package static let columns = 5
        var violation: Int64, number: String, date: String, signer: String, paid: String?
        package init(violation: Int64, number: String, date: String, signer: String, paid: String?) {
            self.violation = violation; self.number = number; self.date = date; self.signer = signer; self.paid = paid
        }
        package func put(into v: inout [DatabaseValue]) { v.put(violation); v.put(number); v.put(date); v.put(signer); v.put(paid) }
    }

    package struct Case: BulkRow {
        package static let insert = """
            INSERT INTO support_case (id, code, sex, age_group, residence, source, first_contact, status, status_date, close_reason,
                identity, notes, author_name, target_groups) VALUES
            """
        package static let columns = 14
        var id: Int64, code: String, sex: Sex, age: AgeGroup, residence: Residence, source: ContactSource, firstContact: String
        var status: CaseStatus, statusDate: String, closeReason: CloseReason?, identity: Data?, notes: Data?, author: String
        var groups: Set<TargetGroup>
        package init(id: Int64, code: String, sex: Sex, age: AgeGroup, residence: Residence, source: ContactSource, firstContact: String,
                     status: CaseStatus, statusDate: String, closeReason: CloseReason?, identity: Data?, notes: Data?, author: String,
                     groups: Set<TargetGroup>) {
            self.id = id; self.code = code; self.sex = sex; self.age = age; self.residence = residence; self.source = source
            self.firstContact = firstContact; self.status = status; self.statusDate = statusDate; self.closeReason = closeReason
            self.identity = identity; self.notes = notes; self.author = author; self.groups = groups
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(code); v.put(sex.rawValue); v.put(age.rawValue); v.put(residence.rawValue); v.put(source.rawValue)
            v.put(firstContact); v.put(status.rawValue); v.put(statusDate); v.put(closeReason?.rawValue); v.put(identity)
            v.put(notes); v.put(author); v.put(TargetGroup.encode(groups))
        }
    }

    package struct Consent: BulkRow {
        package static let insert = "INSERT INTO consent (case_id, date, recording, services, agencies, recorded_by) VALUES"
        package static let columns = 6
        var caseId: Int64, date: String, recording: Bool, services: Set<Service>, agencies: String, recordedBy: String
        package init(caseId: Int64, date: String, recording: Bool, services: Set<Service>, agencies: String, recordedBy: String) {
            self.caseId = caseId; self.date = date; self.recording = recording; self.services = services
            self.agencies = agencies; self.recordedBy = recordedBy
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(caseId); v.put(date); v.put(recording); v.put(Service.encode(services)); v.put(agencies); v.put(recordedBy)
        }
    }

    package struct Screening: BulkRow {
        package static let insert = "INSERT INTO screening (case_id, date, needs, notes, author_name) VALUES"
        package static let columns = 5
        var caseId: Int64, date: String, needs: Set<Service>, notes: Data?, author: String
        package init(caseId: Int64, date: String, needs: Set<Service>, notes: Data?, author: String) {
            self.caseId = caseId; self.date = date; self.needs = needs; self.notes = notes; self.author = author
        }
        package func put(into v: inout [DatabaseValue]) { v.put(caseId); v.put(date); v.put(Service.encode(needs)); v.put(notes); v.put(author) }
    }

    package struct Contact: BulkRow {
        package static let insert = "INSERT INTO case_contact (case_id, date, kind, notes, author_name) VALUES"
        package static let columns = 5
        var caseId: Int64, date: String, kind: ContactKind, notes: Data?, author: String
        package init(caseId: Int64, date: String, kind: ContactKind, notes: Data?, author: String) {
            self.caseId = caseId; self.date = date; self.kind = kind; self.notes = notes; self.author = author
        }
        package func put(into v: inout [DatabaseValue]) { v.put(caseId); v.put(date); v.put(kind.rawValue); v.put(notes); v.put(author) }
    }

    package struct Referral: BulkRow {
        package static let insert = """
            INSERT INTO referral (case_id, service, provider_id, status, proposed_date, referred_date, received_date, used_date,
                ended_date, follow_up, outcome, referred_by) VALUES
            """
        package static let columns = 12
        var caseId: Int64, service: Service, provider: Int64, status: ReferralStatus, proposed: String, referred: String?
        var received: String?, used: String?, ended: String?, followUp: String?, outcome: Data?, referredBy: String
        package init(caseId: Int64, service: Service, provider: Int64, status: ReferralStatus, proposed: String, referred: String?,
                     received: String?, used: String?, ended: String?, followUp: String?, outcome: Data?, referredBy: String) {
            self.caseId = caseId; self.service = service; self.provider = provider; self.status = status; self.proposed = proposed
            self.referred = referred; self.received = received; self.used = used; self.ended = ended; self.followUp = followUp
            self.outcome = outcome; self.referredBy = referredBy
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(caseId); v.put(service.rawValue); v.put(provider); v.put(status.rawValue); v.put(proposed); v.put(referred)
            v.put(received); v.put(used); v.put(ended); v.put(followUp); v.put(outcome); v.put(referredBy)
        }
    }

    package struct PoliceList: BulkRow {
        package static let insert = "INSERT INTO police_list (id, received_on, reference, imported_at, actor, opened, linked) VALUES"
        package static let columns = 7
        var id: Int64, receivedOn: String, reference: String, importedAt: String, actor: String, opened: Int, linked: Int
        package init(id: Int64, receivedOn: String, reference: String, importedAt: String, actor: String, opened: Int, linked: Int) {
            self.id = id; self.receivedOn = receivedOn; self.reference = reference; self.importedAt = importedAt; self.actor = actor
            self.opened = opened; self.linked = linked
        }
        package func put(into v: inout [DatabaseValue]) {
            v.put(id); v.put(receivedOn); v.put(reference); v.put(importedAt); v.put(actor); v.put(opened); v.put(linked)
        }
    }

    package struct PoliceEntry: BulkRow {
        package static let insert = "INSERT INTO police_list_entry (list_id, case_id, opened, sanction) VALUES"
        package static let columns = 4
        var listId: Int64, caseId: Int64, opened: Bool, sanction: Data?
        package init(listId: Int64, caseId: Int64, opened: Bool, sanction: Data?) {
            self.listId = listId; self.caseId = caseId; self.opened = opened; self.sanction = sanction
        }
        package func put(into v: inout [DatabaseValue]) { v.put(listId); v.put(caseId); v.put(opened ? 1 : 0); v.put(sanction) }
    }
}

private func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
