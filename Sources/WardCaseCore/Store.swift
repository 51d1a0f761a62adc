import Foundation
import GRDB

/// The ward's SQLite database. One `Sendable` wrapper around a private GRDB writer; migrations are
/// registered here and writes are methods named for what they do. Screens never see SQL.
public final class WardStore: Sendable {
    let writer: any DatabaseWriter
    public let path: String?
    /// Now, for lockouts and audit times; tests move it.
    let clock: @Sendable () -> Date
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
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws -> WardStore {
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
            if fm.fileExists(atPath: path), !fm.isWritableFile(atPath: path) { throw WardError.databaseReadOnly(path: path) }
        } else {
            // Create the file ourselves so that it is never readable by others, even for a moment.
            let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd < 0 { throw WardError.databaseUnreadable(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // WAL lets several terminals read while one writes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            var watchConfig = Configuration()
            watchConfig.readonly = true
            watchConfig.busyMode = .timeout(5)
            let store = try WardStore(writer: pool, path: path, clock: clock,
                                      watcher: try DatabaseQueue(path: path, configuration: watchConfig))
            return store
        } catch {
            throw WardError.from(error, path: path)
        }
    }

    /// A private database in memory, for tests.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> WardStore {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try WardStore(writer: DatabaseQueue(configuration: config), path: nil, clock: clock, watcher: nil)
    }

    /// A private in-memory copy of another store (tests start from one seeded demo ward).
    public static func inMemoryCopy(of other: WardStore) throws -> WardStore {
        let copy = try inMemory(clock: other.clock)
        try other.writer.backup(to: copy.writer)
        return copy
    }

    private init(writer: any DatabaseWriter, path: String?, clock: @escaping @Sendable () -> Date, watcher: DatabaseQueue?) throws {
        self.writer = writer
        self.path = path
        self.clock = clock
        self.watcher = watcher
        let migrator = Migrations.migrator
        let known = Set(migrator.migrations)
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: known) {
            throw WardError.databaseNewer(path: path ?? ":memory:")
        }
        try migrator.migrate(writer)
    }

    /// Applied migration identifiers, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator.appliedIdentifiers(db).sorted() }
    }

    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Ward identity

    public func ward() throws -> WardIdentity? {
        try writer.read { db in try WardIdentity.fetchOne(db, key: 1) }
    }

    /// Saves the ward's identity. `original` is what the form was opened with: if someone else
    /// changed it since, nothing is saved and the conflict says what they changed.
    public func setWard(_ ward: WardIdentity, original: WardIdentity? = nil, by actor: Actor) throws {
        let now = clock()
        try write { db in
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
    }

    // MARK: Establishment types

    public func establishmentTypes() throws -> [EstablishmentType] {
        try writer.read { db in
            try EstablishmentType.order(Column("sort_order"), Column("id")).fetchAll(db)
        }
    }

    // MARK: Establishments

    @discardableResult
    public func addEstablishment(_ e: Establishment, by actor: Actor) throws -> Establishment {
        let now = clock()
        return try write { db in
            var copy = e
            try copy.insert(db)
            try Audit.write(db, at: now, actor: actor, action: .create, recordType: "establishment", recordId: copy.id,
                            after: copy.auditFields)
            return copy
        }
    }

    public func establishment(id: Int64) throws -> EstablishmentRow? {
        try writer.read { db in
            try EstablishmentQuery(language: .vi).rows(db, extra: "e.id = ?", arguments: [id], offset: 0, limit: 1).first
        }
    }

    public func countEstablishments(_ query: EstablishmentQuery) throws -> Int {
        try writer.read { db in try query.count(db) }
    }

    /// Fetches only the window a list shows.
    public func establishments(_ query: EstablishmentQuery, offset: Int, limit: Int) throws -> [EstablishmentRow] {
        try writer.read { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Runs `body` in one write transaction: all of it is saved or none of it. Database errors
    /// (disk full, locked for too long) come out as `WardError`s with a plain message.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
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

/// What the establishment list asks for: filter words and sort order. Builds its own SQL so
/// that screens never do.
public struct EstablishmentQuery: Equatable, Sendable {
    public enum Sort: String, CaseIterable, Sendable { case name, type, group, risk, status }
    public var filter: String = ""
    public var sort: Sort = .name
    public var ascending = true
    public var language: Language

    public init(filter: String = "", sort: Sort = .name, ascending: Bool = true, language: Language) {
        self.filter = filter; self.sort = sort; self.ascending = ascending; self.language = language
    }

    private func whereClause(extra: String? = nil, arguments extraArgs: StatementArguments = []) -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        // The whole query is one phrase: Vietnamese words are syllables, and "dong da" must find
        // "Đống Đa", not every record that has "dong" and "da" somewhere.
        let phrase = VietText.fold(filter)
        if !phrase.isEmpty {
            parts.append("e.search_fold LIKE ? ESCAPE '\\'")
            let escaped = phrase.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            _ = args.append(contentsOf: ["%" + escaped + "%"])
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
        case .risk: key = "CASE e.risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END \(dir), e.name_fold"
        case .status: key = "CASE e.status WHEN 'active' THEN 1 WHEN 'suspended' THEN 2 ELSE 3 END \(dir), e.name_fold"
        }
        let typeColumn = language == .en ? "CASE WHEN t.name_en <> '' THEN t.name_en ELSE t.name_vi END" : "t.name_vi"
        let sql = """
            SELECT e.*, \(typeColumn) AS type_name FROM establishment e
            JOIN establishment_type t ON t.id = e.type_id
            \(clause) ORDER BY \(key), e.id LIMIT ? OFFSET ?
            """
        var all = args
        _ = all.append(contentsOf: [limit, offset])
        return try Row.fetchAll(db, sql: sql, arguments: all).map { row in
            EstablishmentRow(establishment: try Establishment(row: row), typeName: row["type_name"])
        }
    }
}
