import Foundation
import GRDB

/// The ward's SQLite database. One `Sendable` wrapper around a private GRDB writer; migrations are
/// registered here and writes are methods named for what they do. Screens never see SQL.
public final class WardStore: Sendable {
    /// Only this file touches the connection: everything else reads through `reading`, the doors
    /// (`read(as:)`, `write(as:)`, Doors.swift) and the one bulk load (BulkLoad.swift).
    private let writer: any DatabaseWriter
    public let path: String?
    /// Opened from a file this user may only read: nothing can be saved.
    public let readOnly: Bool
    /// Now, for lockouts and audit times; tests move it.
    package let clock: @Sendable () -> Date
    /// A connection of its own that only asks SQLite whether anyone changed the file.
    private let watcher: DatabaseQueue?
    /// Commits made through this store, so that its own screens refresh even in memory.
    private let localWrites = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() { lock.withLock { value += 1 } }
        var current: Int { lock.withLock { value } }
    }

    /// Opens (creating on first use, mode 0600 in a 0700 folder) the database at `path`.
    /// `trace` hears every SQL statement run, with its arguments (the benchmark replays them in the sqlite3 shell).
    /// `migrating` counts the migrations a database from an older version still needs, one step each
    /// (a city's can take a while: the person waiting sees it move).
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() },
                            trace: (@Sendable (String) -> Void)? = nil, migrating: WorkProgress = .silent) throws -> WardStore {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder) {
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw WardError.cannotCreateFolder(path: folder)
            }
        }
        if fm.fileExists(atPath: path) {
            // A copy the user may only read (a backup, a USB stick): open for reading, nothing is saved.
            if !fm.isWritableFile(atPath: path) { return try openReadOnly(path: path, clock: clock) }
        } else {
            // Create the file ourselves so that it is never readable by others, even for a moment.
            let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd < 0 { throw WardError.databaseUnreadable(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
        }
        var config = withFunctions()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // WAL lets several terminals read while one writes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // What is deleted (a plain key, a plain informant once sealed) is overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            if let trace { db.trace { if case .statement(let s) = $0 { trace(s.expandedSQL) } } }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            var watchConfig = Configuration()
            watchConfig.readonly = true
            watchConfig.busyMode = .timeout(5)
            let store = try WardStore(writer: pool, path: path, clock: clock,
                                      watcher: try DatabaseQueue(path: path, configuration: watchConfig), migrating: migrating)
            return store
        } catch {
            throw WardError.from(error, path: path)
        }
    }

    /// A private database in memory, for tests.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> WardStore {
        var config = withFunctions()
        config.foreignKeysEnabled = true
        return try WardStore(writer: DatabaseQueue(configuration: config), path: nil, clock: clock, watcher: nil)
    }

    /// A private in-memory copy of another store (tests start from one seeded demo ward).
    public static func inMemoryCopy(of other: WardStore) throws -> WardStore {
        let copy = try inMemory(clock: other.clock)
        try other.writer.backup(to: copy.writer)
        return copy
    }

    /// A database the user can only read: checks, lists, reports and the app work; saving says
    /// why it cannot. It must be of this version already (bringing it up to date is a write).
    static func openReadOnly(path: String, clock: @escaping @Sendable () -> Date) throws -> WardStore {
        var config = withFunctions()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            do {
                let queue = try DatabaseQueue(path: path, configuration: config)
                return try WardStore(writer: queue, path: path, clock: clock, watcher: nil, readOnly: true)
            } catch let e as DatabaseError where e.resultCode == .SQLITE_READONLY {
                // A WAL database in a folder this user cannot write either (its -shm cannot be
                // made): SQLite reads it as an unchanging file. Not when its log holds writes the
                // file does not have yet: they would be missed, and the copy read as older than it is.
                let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
                if (log?.intValue ?? 0) > 0 { throw WardError.databaseReadOnly(path: path) }
                let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
                let queue = try DatabaseQueue(path: uri, configuration: config)
                return try WardStore(writer: queue, path: path, clock: clock, watcher: nil, readOnly: true)
            }
        } catch let e as WardError {
            throw e
        } catch {
            throw WardError.from(error, path: path)
        }
    }

    private init(writer: any DatabaseWriter, path: String?, clock: @escaping @Sendable () -> Date, watcher: DatabaseQueue?,
                 readOnly: Bool = false, migrating: WorkProgress = .silent) throws {
        self.writer = writer
        self.path = path
        self.clock = clock
        self.watcher = watcher
        self.readOnly = readOnly
        let migrator = Migrations.migrator
        let known = Set(migrator.migrations)
        let applied = try reading { db in try migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: known) {
            throw WardError.databaseNewer(path: path ?? ":memory:")
        }
        if readOnly {
            if applied != known { throw WardError.databaseReadOnlyOutdated(path: path ?? "") }
            return
        }
        // One migration at a time (each in its own transaction, as GRDB runs them), counted.
        let pending = migrator.migrations.filter { !applied.contains($0) }
        migrating.add(total: pending.count)
        for id in pending {
            try migrator.migrate(writer, upTo: id)
            try migrating.advance()
        }
    }

    /// `fold(text)` in SQL: the same accent- and case-free form as `VietText.fold`, for filters
    /// over text that has no folded column.
    static let foldFunction = DatabaseFunction("fold", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(VietText.fold) ?? ""
    }

    /// A connection with the SQL functions the schema's triggers and migrations call (`fold`).
    static func withFunctions() -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in db.add(function: WardStore.foldFunction) }
        return config
    }

    /// Today by the store's clock: screens ask this, so that tests can fix the date.
    public var today: Formats.Day { .today(clock()) }

    /// Applied migration identifiers, oldest first.
    public func appliedMigrations() throws -> [String] {
        let migrator = Migrations.migrator
        let applied = try reading { db in try migrator.appliedIdentifiers(db) }
        // In the order they were written (v10 after v9), not as text sorts.
        return migrator.migrations.filter(applied.contains)
    }

    public func journalMode() throws -> String {
        try reading { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Ward identity

    public func ward() throws -> WardIdentity? {
        try reading { db in try WardIdentity.fetchOne(db, key: 1) }
    }

    /// Saves the ward's identity (an admin's work). `original` is what the form was opened with:
    /// if someone else changed it since, nothing is saved and the conflict says what they changed.
    public func setWard(_ ward: WardIdentity, original: WardIdentity? = nil, by account: Account) throws {
        let now = clock()
        try write(as: account, .manageSettings) { db, me in
            try Self.saveWard(db, ward, original: original, at: now, by: Actor(me))
        }
    }

    /// Names the ward of a new database, with nobody signed in (first start, `wardcase init`):
    /// refused once the database has its ward.
    public func initialiseWard(_ ward: WardIdentity) throws {
        let now = clock()
        let firstRun = Actor.firstRun
        do {
            try write { db in
                if try WardIdentity.fetchOne(db, key: 1) != nil { throw WardError.wardAlreadySet }
                try Self.saveWard(db, ward, original: nil, at: now, by: firstRun)
            }
        } catch WardError.wardAlreadySet {
            recordRefusal(firstRun, recordType: "ward", recordId: 1, what: "initialiseWard", reason: "ward_already_set")
            throw WardError.wardAlreadySet
        }
    }

    static func saveWard(_ db: Database, _ ward: WardIdentity, original: WardIdentity?, at now: Date, by actor: Actor) throws {
        let current = try WardIdentity.fetchOne(db, key: 1)
        if let current, let original, current.version != original.version {
            throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields))
        }
        var saved = ward
        saved.version = (current?.version ?? 0) + 1
        try saved.save(db)
        if let current {
            try Audit.writeChange(db, at: now, actor: actor, recordType: "ward", recordId: 1,
                                  before: current.auditFields, after: saved.auditFields)
        } else {
            try Audit.write(db, at: now, actor: actor, action: .create, recordType: "ward", recordId: 1, after: saved.auditFields)
        }
    }

    // MARK: Establishment types

    public func establishmentTypes() throws -> [EstablishmentType] {
        try reading { db in
            try EstablishmentType.order(Column("sort_order"), Column("id")).fetchAll(db)
        }
    }

    /// A code for ward-editable lists (types, checklist lines): 2-30 lower-case letters, digits or
    /// underscores, lower-cased as typed; nil when it is not one.
    static func code(_ text: String) -> String? {
        let c = text.lowercased()
        let allowed = c.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        return (2...30).contains(c.count) && allowed ? c : nil
    }

    /// Adds a kind of establishment to the ward's list (or renames one with the same code): an
    /// admin's or an officer's work.
    @discardableResult
    public func saveEstablishmentType(code: String, nameVi: String, nameEn: String, by account: Account) throws -> EstablishmentType {
        guard let c = Self.code(code) else { throw WardError.invalidTypeCode }
        let vi = VietText.clean(nameVi)
        if vi.isEmpty { throw WardError.required(field: .colType) }
        let now = clock()
        return try write(as: account, .manageSettings, .registerEstablishments) { db, me in
            let actor = Actor(me)
            let old = try EstablishmentType.filter(Column("code") == c).fetchOne(db)
            var t = old ?? EstablishmentType(code: c, nameVi: vi, nameEn: "", sortOrder: 50)
            t.nameVi = vi
            t.nameEn = VietText.clean(nameEn)
            try t.save(db)
            if t.id == nil { t.id = db.lastInsertedRowID }
            let fields: (EstablishmentType) -> [String: String] = { ["code": $0.code, "name_vi": $0.nameVi, "name_en": $0.nameEn] }
            if let old {
                try Audit.writeChange(db, at: now, actor: actor, recordType: "establishment_type", recordId: t.id, before: fields(old), after: fields(t))
            } else {
                try Audit.write(db, at: now, actor: actor, action: .create, recordType: "establishment_type", recordId: t.id, after: fields(t))
            }
            return t
        }
    }

    // MARK: Establishments

    /// Whether migration v17 set this establishment's risk back to "chưa phân loại" (it was "low"
    /// only because that was the default).
    public func riskUnclassifiedAtUpgrade(establishmentId id: Int64) throws -> Bool {
        try reading { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM risk_unclassified_at_upgrade WHERE establishment_id = ?", arguments: [id]) ?? false }
    }

    /// Adds an establishment after checking every rule; the audit trail records it.
    @discardableResult
    public func addEstablishment(_ e: Establishment, by account: Account) throws -> Establishment {
        try checkRules(e)
        let now = clock()
        return try write(as: account, .registerEstablishments) { db, me in try Self.insert(db, e, at: now, by: Actor(me)) }
    }

    /// Inserts `e` with its group as the ward lists it, and its audit row.
    static func insert(_ db: Database, _ e: Establishment, at now: Date, by actor: Actor) throws -> Establishment {
        var copy = e
        copy.residentialGroup = try ResidentialGroup.listed(db, e.residentialGroup)
        var inserter = try EstablishmentInserter(db, at: now, by: actor)
        return try inserter.insert(copy)
    }

    func checkRules(_ e: Establishment) throws {
        let problems = EstablishmentRules.problems(e, today: .today(clock()))
        if !problems.isEmpty { throw WardError.invalidRecord(problems) }
    }

    /// Saves changes to an establishment opened as `original`. If someone else saved it
    /// meanwhile, nothing is written and the conflict says what they changed.
    @discardableResult
    public func updateEstablishment(_ changed: Establishment, original: Establishment, by account: Account) throws -> Establishment {
        try checkRules(changed)
        let now = clock()
        return try write(as: account, .registerEstablishments) { db, me in
            guard let id = original.id, let current = try Establishment.fetchOne(db, key: id) else { throw WardError.notFound }
            if current.version != original.version {
                throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields))
            }
            return try Self.update(db, current, to: changed, at: now, by: Actor(me))
        }
    }

    /// Writes `changed` over `current` with the next version and the audit row saying what changed.
    package static func update(_ db: Database, _ current: Establishment, to changed: Establishment, at now: Date, by actor: Actor) throws -> Establishment {
        var saved = changed
        saved.id = current.id
        saved.version = current.version + 1
        saved.residentialGroup = try ResidentialGroup.listed(db, changed.residentialGroup, keeping: current.residentialGroup)
        try saved.update(db)
        let action: AuditAction = current.archived != saved.archived ? .archive : current.status != saved.status ? .status : .update
        try Audit.writeChange(db, at: now, actor: actor, action: action, recordType: "establishment", recordId: current.id,
                              before: current.auditFields, after: saved.auditFields)
        return saved
    }

    public func establishment(id: Int64, language: Language = .vi) throws -> EstablishmentRow? {
        try reading { db in
            try EstablishmentQuery(language: language, includeArchived: true)
                .rows(db, extra: "e.id = ?", arguments: [id], offset: 0, limit: 1).first
        }
    }

    /// The audit rows of one register record ("establishment", "visit"), newest first: its
    /// history of changes, for whoever may see the register.
    public func history(of recordType: String, id: Int64, limit: Int = 200, by account: Account) throws -> [AuditEntry] {
        try read(as: account, .viewRegister) { db, _ in
            try Self.auditEntries(db, AuditFilter(record: "\(recordType)#\(id)"), offset: 0, limit: limit)
        }
    }

    public func countEstablishments(_ query: EstablishmentQuery) throws -> Int {
        try reading { db in try query.count(db) }
    }

    /// Fetches only the window a list shows.
    public func establishments(_ query: EstablishmentQuery, offset: Int, limit: Int) throws -> [EstablishmentRow] {
        try reading { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Every establishment of the list in its order, a page at a time within one read (exports).
    public func eachEstablishment(_ query: EstablishmentQuery, _ body: (EstablishmentRow) throws -> Void) throws {
        try reading { db in try Self.paged({ try query.rows(db, offset: $0, limit: $1) }, body) }
    }

    /// The rows of a list a page of 5,000 at a time, each handed on before the next page is read:
    /// memory holds one page, and a list of tens of thousands is read in a few windows.
    static func paged<Row>(_ page: (_ offset: Int, _ limit: Int) throws -> [Row], _ body: (Row) throws -> Void) throws {
        var offset = 0
        while true {
            let rows = try page(offset, 5000)
            for row in rows { try body(row) }
            if rows.count < 5000 { return }
            offset += rows.count
        }
    }

    /// Records that look like the same business: the same licence number, or the same name
    /// and address once accents and case are ignored. Archived records are included: re-adding
    /// a closed business should be noticed too.
    public func likelyDuplicates(of e: Establishment) throws -> [EstablishmentRow] {
        try reading { db in try Self.duplicates(db, of: e) }
    }

    static func duplicates(_ db: Database, of e: Establishment) throws -> [EstablishmentRow] {
        let licence = e.licenceNo.trimmingCharacters(in: .whitespaces)
        return try EstablishmentQuery(language: .vi, includeArchived: true).rows(
            db, extra: "e.id IS NOT ? AND ((? <> '' AND e.licence_no = ?) OR (e.name_fold = ? AND e.address_fold = ?))",
            arguments: [e.id, licence, licence, VietText.fold(e.name), VietText.fold(e.street)], offset: 0, limit: 5)
    }

    /// A read of data any signed-in person may see (lists, settings, the schema). Sensitive reads
    /// go through `read(as:)`, which checks the account.
    package func reading<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Outside any transaction, for work that sets connection state first (the bulk load's pragmas,
    /// a checkpoint) and opens its own.
    func withoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(body)
    }

    #if DEBUG
    /// The connection itself, for tests that play someone at the sqlite3 shell: no door, no
    /// audit. Debug builds only; the app and the shell never see it.
    package var testConnection: any DatabaseWriter { writer }
    #endif

    /// Copies every page of this database into `target` (a backup).
    func copyOut(to target: some DatabaseWriter, progress: WorkProgress) throws {
        try Self.copy(writer, to: target, progress: progress)
    }

    /// Replaces this database, page by page, with `source` (a restore, checked before).
    func copyIn(from source: some DatabaseReader, progress: WorkProgress) throws {
        try Self.copy(source, to: writer, progress: progress)
    }

    /// Runs `body` in one write transaction: all of it is saved or none of it. Database errors
    /// (disk full, locked for too long) come out as `WardError`s with a plain message.
    package func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            defer { localWrites.increment() }
            return try writer.write { db in try body(db) }
        } catch {
            throw WardError.from(error, path: path ?? ":memory:")
        }
    }

    /// A number that changes whenever any connection, in this process or another, commits a
    /// change: screens poll it to refresh within a second.
    public func changeToken() -> Int {
        // data_version only moves for commits made by *other* connections; the watcher never writes.
        let others = (try? watcher?.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }) ?? 0
        return others &+ localWrites.current &* 1_000_003
    }
}

/// What the establishment list asks for: filter words, quick filters and sort order. Builds its
/// own SQL so that screens never do.
public struct EstablishmentQuery: Equatable, Sendable {
    public enum Sort: String, CaseIterable, Sendable { case name, type, group, risk, lastInspection, status }
    public var filter: String = ""
    public var sort: Sort = .name
    public var ascending = true
    public var language: Language
    public var typeId: Int64?
    public var risk: RiskLevel?
    public var status: EstablishmentStatus?
    /// Only establishments whose licence expires within this many days from `today`.
    public var licenceExpiringWithin: Int?
    public var noCommitment = false
    public var notInspectedThisYear = false
    /// Only one residential group's establishments ("" is those without one), as coverage counts them.
    public var residentialGroup: String?
    public var includeArchived = false
    public var today: Formats.Day = .today()

    public init(filter: String = "", sort: Sort = .name, ascending: Bool = true, language: Language, includeArchived: Bool = false) {
        self.filter = filter; self.sort = sort; self.ascending = ascending; self.language = language
        self.includeArchived = includeArchived
    }

    /// True when any quick filter is on.
    public var hasQuickFilters: Bool {
        typeId != nil || risk != nil || status != nil || licenceExpiringWithin != nil || noCommitment || notInspectedThisYear
            || residentialGroup != nil
    }

    private func whereClause(extra: String? = nil, arguments extraArgs: StatementArguments = []) -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        func add(_ sql: String, _ values: [(any DatabaseValueConvertible)?] = []) {
            parts.append(sql)
            _ = args.append(contentsOf: StatementArguments(values))
        }
        // The whole query is one phrase: Vietnamese words are syllables, and "dong da" must find
        // "Đống Đa", not every record that has "dong" and "da" somewhere.
        let phrase = VietText.fold(filter)
        if !phrase.isEmpty {
            let escaped = phrase.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            add("e.search_fold LIKE ? ESCAPE '\\'", ["%" + escaped + "%"])
        }
        if !includeArchived { add("e.archived = 0") }
        if let typeId { add("e.type_id = ?", [typeId]) }
        if let risk { add("e.risk_level = ?", [risk.rawValue]) }
        if let status { add("e.status = ?", [status.rawValue]) }
        if let days = licenceExpiringWithin {
            add("e.licence_expires IS NOT NULL AND e.licence_expires >= ? AND e.licence_expires <= ?",
                [today.iso, today.adding(days: days).iso])
        }
        if noCommitment { add("e.commitment_signed = 0") }
        if let residentialGroup { add("e.residential_group = ?", [residentialGroup]) }
        if notInspectedThisYear {
            add("\(Coverage.underManagement) AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.establishment_id = e.id AND \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?)",
                ["\(today.year)-01-01", "\(today.year)-12-31"])
        }
        if let extra {
            parts.append(extra)
            _ = args.append(contentsOf: extraArgs)
        }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }

    func count(_ db: Database) throws -> Int {
        let (clause, args) = whereClause()
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM establishment e \(clause)", arguments: args) ?? 0
    }

    func rows(_ db: Database, extra: String? = nil, arguments: StatementArguments = [], offset: Int, limit: Int) throws -> [EstablishmentRow] {
        let (clause, args) = whereClause(extra: extra, arguments: arguments)
        let dir = ascending ? "ASC" : "DESC"
        let key: String
        switch sort {
        case .name: key = "e.name_fold \(dir)"
        case .type: key = "t.sort_order \(dir), e.name_fold"
        case .group: key = "e.residential_group \(dir), e.name_fold"
        case .risk: key = "CASE e.risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END \(dir), e.name_fold"
        case .status: key = "CASE e.status WHEN 'active' THEN 1 WHEN 'suspended' THEN 2 ELSE 3 END \(dir), e.name_fold"
        case .lastInspection: key = "last_inspection \(dir), e.name_fold"
        }
        let typeColumn = language == .en ? "CASE WHEN t.name_en <> '' THEN t.name_en ELSE t.name_vi END" : "t.name_vi"
        let lastInspection = """
            (SELECT MAX(v.visit_date) FROM visit v INDEXED BY visit_approved_place
             WHERE v.establishment_id = e.id AND \(VisitQuery.inspected)) AS last_inspection
            """
        // The window is chosen first; the type's name and the last inspection are looked up for
        // its rows only (unless the list is sorted by them).
        let sql = """
            SELECT e.*, \(typeColumn) AS type_name, \(lastInspection)
            FROM (SELECT e.id \(sort == .lastInspection ? ", " + lastInspection : "") FROM establishment e
                  \(sort == .type ? "JOIN establishment_type t ON t.id = e.type_id" : "")
                  \(clause) ORDER BY \(key), e.id LIMIT ? OFFSET ?) w
            JOIN establishment e ON e.id = w.id
            JOIN establishment_type t ON t.id = e.type_id
            ORDER BY \(key), e.id
            """
        var all = args
        _ = all.append(contentsOf: [limit, offset])
        return try Row.fetchAll(db, sql: sql, arguments: all).map { row in
            EstablishmentRow(establishment: try Establishment(row: row), typeName: row["type_name"], lastInspection: row["last_inspection"])
        }
    }
}

/// Inserts establishments one after another in one transaction, each with its audit row: the two
/// statements prepared once, and each audit row chained to the one before without reading it back
/// (an import writes 20,000 this way).
struct EstablishmentInserter {
    let actor: Actor
    /// The time as the audit trail writes it.
    let stamp: String
    private let insert: Statement, audit: Statement
    private let db: Database
    /// The chain of the trail's last row, once this inserter has written one; nil when someone
    /// else may have written since (`trailWritten()`).
    private var chain: String?

    static let insertSQL = "INSERT INTO establishment (" + Establishment.storedColumns.joined(separator: ", ") + ") VALUES ("
        + Array(repeating: "?", count: Establishment.storedColumns.count).joined(separator: ", ") + ")"

    init(_ db: Database, at now: Date, by actor: Actor) throws {
        self.db = db; self.actor = actor; stamp = Timestamp.string(now)
        insert = try db.cachedStatement(sql: Self.insertSQL)
        audit = try db.cachedStatement(sql: Audit.insertSQL)
    }

    /// What a new record's insert needs, made from the record alone (an import makes it on a
    /// thread of its own while the rows before are written): its stored values, its audit text.
    struct Prepared: Sendable {
        var establishment: Establishment
        var arguments: StatementArguments
        var audit: String

        init(_ e: Establishment) {
            establishment = e
            establishment.version = 1
            arguments = StatementArguments(establishment.storedValues)
            audit = Audit.created(establishment.auditPairs)
        }
    }

    /// Inserts `e` as it is (its group already as listed) and its audit row; returns it as stored.
    mutating func insert(_ e: Establishment) throws -> Establishment { try insert(Prepared(e)) }

    mutating func insert(_ p: Prepared) throws -> Establishment {
        var copy = p.establishment
        try insert.execute(arguments: p.arguments)
        copy.id = db.lastInsertedRowID
        let row = Audit.ChainedRow(at: stamp, accountId: actor.accountId, actor: actor.name, action: AuditAction.create.rawValue,
                                   recordType: "establishment", recordId: copy.id, before: nil, after: p.audit)
        chain = try Audit.write(row, after: chain ?? Audit.lastChain(db), with: audit)
        return copy
    }

    /// Someone else wrote to the audit trail: the next row reads the last chain again.
    mutating func trailWritten() { chain = nil }
}
