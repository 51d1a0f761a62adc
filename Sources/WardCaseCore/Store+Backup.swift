import Foundation
import GRDB

/// A problem `wardcase check` found, in words a ward officer can act on.
public enum CheckProblem: Equatable, Sendable {
    case integrity(String)
    case brokenLinks(table: String, count: Int)
    case wardMissing
    case noActiveAdmin
    case staleSearchText(count: Int)
    case staleTipSearchText(count: Int)
    case accountWithoutRoles(String)
    case auditUnprotected
    /// A trigger that keeps approved visits or finalised reports locked is gone.
    case lockMissing(String)
    /// The audit trail was changed by hand: this row does not follow from the rows before it.
    case auditChainBroken(at: Int64)
    /// Facts kept on records (Derived.swift) that disagree with the records they come from.
    case staleDerived(what: String, count: Int)
    /// Sealed values that sit in a record they were not sealed for ("support_case.identity #12").
    case sealsMisplaced([String])
    /// Informants still in plain text: they are sealed when a case worker next opens the ward key.
    case informantsInPlainText(count: Int)

    public func message(_ l: Localizer) -> String {
        switch self {
        case .integrity(let s): return l.t(.checkIntegrity, s)
        case .brokenLinks(let table, let n): return l.t(.checkBrokenLinks, n, table)
        case .wardMissing: return l.t(.checkWardMissing)
        case .noActiveAdmin: return l.t(.checkNoAdmin)
        case .staleSearchText(let n): return l.t(.checkStaleSearch, n)
        case .staleTipSearchText(let n): return l.t(.checkStaleTipSearch, n)
        case .accountWithoutRoles(let login): return l.t(.checkNoRoles, login)
        case .auditUnprotected: return l.t(.checkAuditUnprotected)
        case .lockMissing(let name): return l.t(.checkLockMissing, name)
        case .auditChainBroken(let id): return l.t(.checkAuditChainBroken, id)
        case .staleDerived(let what, let n): return l.t(.checkStaleDerived, n, what)
        case .sealsMisplaced(let places):
            return l.t(.checkSealsMisplaced, places.count, places.prefix(10).joined(separator: ", ") + (places.count > 10 ? ", …" : ""))
        case .informantsInPlainText(let n): return l.t(.checkInformantsPlain, n)
        }
    }
}

/// Backups, restore and the health check: nothing gets lost.
extension WardStore {
    public static let backupsKept = 14

    /// The folder beside the database where automatic backups go.
    public var backupFolder: String? {
        path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("backups").path }
    }

    private var stem: String { path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "ward" }

    /// A consistent copy made while others keep working (SQLite's online backup from one read
    /// snapshot), written beside the target and renamed into place so that a half-written file
    /// never has its name. An existing file is replaced only when `replace` says so; the live
    /// database and its -wal and -shm files never are.
    public func backup(to target: String, by account: Account, replace: Bool = false, progress: WorkProgress = .silent) throws {
        // Who may: checked (and the refusal audited) before a byte is copied.
        let me = try read(as: account, .manageSettings) { _, me in me }
        try backup(to: target, actor: Actor(me), replace: replace, progress: progress)
    }

    /// Whether `target` is this database's own file, or its -wal or -shm (by name, or the same file by another name).
    func isLive(_ target: String) -> Bool {
        guard let path else { return false }
        func named(_ p: String) -> String {
            let url = URL(fileURLWithPath: p)
            return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
        }
        func identity(_ p: String) -> [UInt64]? {
            var s = stat()
            return stat(p, &s) == 0 ? [UInt64(s.st_dev), UInt64(s.st_ino)] : nil
        }
        let live = ["", "-wal", "-shm"].map { path + $0 }
        if live.map(named).contains(named(target)) { return true }
        guard let it = identity(target) else { return false }
        return live.compactMap(identity).contains(it)
    }

    func backup(to target: String, actor: Actor, replace: Bool = false, progress: WorkProgress) throws {
        if isLive(target) { throw WardError.backupOntoLive(path: target) }
        let fm = FileManager.default
        if !replace, fm.fileExists(atPath: target) || (try? fm.destinationOfSymbolicLink(atPath: target)) != nil {
            throw WardError.fileExists(path: target)
        }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        if !fm.fileExists(atPath: folder) {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            catch { throw WardError.cannotCreateFolder(path: folder) }
        }
        // Unique per call: two terminals making the same daily backup must not share a half-written file.
        let partial = target + ".\(UUID().uuidString).partial"
        try? fm.removeItem(atPath: partial)
        do {
            let fd = Foundation.open(partial, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0o600)
            guard fd >= 0 else { throw WardError.backupFailed(reason: String(cString: strerror(errno))) }
            close(fd)
            let copy = try DatabaseQueue(path: partial)
            try copyOut(to: copy, progress: progress)
            // One self-contained file: no -wal beside it; synced, and read back before it gets its name.
            try copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let result = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if result != ["ok"] { throw WardError.backupFailed(reason: result.prefix(3).joined(separator: "; ")) }
            }
            try copy.close()
            let synced = Foundation.open(partial, O_RDONLY)
            if synced >= 0 { fsync(synced); close(synced) }
            // rename() replaces in one step (a symbolic link by that name is replaced, never followed).
            if rename(partial, target) != 0 { throw WardError.backupFailed(reason: String(cString: strerror(errno))) }
        } catch {
            try? fm.removeItem(atPath: partial)
            if error is WardError { throw error }
            if let e = WardError.from(error, path: target) as? WardError, case .diskFull = e { throw e }
            throw WardError.backupFailed(reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
        pruneBackups()
        let now = clock()
        try write { db in
            try Audit.write(db, at: now, actor: actor, action: .backup, recordType: "database", recordId: nil, after: ["file": target])
        }
    }

    /// SQLite's online backup in steps of 64 pages, so that `progress` can show pages copied and
    /// cancel between steps (SQLite then rolls the destination back).
    static func copy(_ source: some DatabaseReader, to target: some DatabaseWriter, progress: WorkProgress) throws {
        let base = progress.done
        var counted = false
        try source.backup(to: target, pagesPerStep: 64) { step in
            if !counted { progress.add(total: step.totalPageCount); counted = true }
            try progress.set(done: base + step.completedPageCount)
        }
    }

    /// A new file in the backups folder, named by the database and the moment: "ward-manual-2026-11-25T160700Z.sqlite"
    /// ("…-2.sqlite" and on when that second's name is taken already).
    public func backupPath(label: String) -> String {
        let stamp = Timestamp.string(clock()).replacingOccurrences(of: ":", with: "")
        let base = (backupFolder ?? NSTemporaryDirectory()) + "/\(stem)-\(label)-\(stamp)"
        var name = base + ".sqlite", n = 1
        while FileManager.default.fileExists(atPath: name) {
            n += 1
            name = base + "-\(n).sqlite"
        }
        return name
    }

    /// The first start of each day makes a backup into the data folder and keeps the last 14.
    /// Returns the file made, or nil when today's already exists.
    @discardableResult
    public func dailyBackupIfNeeded(progress: WorkProgress = .silent) throws -> String? {
        // A copy only read from is not the ward's working database: nothing to keep.
        if readOnly { return nil }
        guard let folder = backupFolder else { return nil }
        let target = folder + "/\(stem)-\(Formats.Day.today(clock()).iso).sqlite"
        if FileManager.default.fileExists(atPath: target) { return nil }
        try backup(to: target, actor: .system, progress: progress)
        return target
    }

    /// Keeps the newest `backupsKept` daily backups (their names sort by date), and by the same
    /// rule the copies made by hand (`B`, `wardcase backup`) and before each restore.
    func pruneBackups() {
        guard let folder = backupFolder else { return }
        let prefix = stem + "-"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") }
        let daily = files.filter { Formats.Day(iso: String($0.dropFirst(prefix.count))) != nil }
        let kinds = [daily] + ["manual", "before-restore"].map { label in files.filter { $0.hasPrefix(prefix + label + "-") } }
        for kind in kinds {
            for old in kind.sorted().dropLast(Self.backupsKept) { try? FileManager.default.removeItem(atPath: folder + "/" + old) }
        }
    }

    /// Checks that `file` is a sound wardcase database this version can read. Nothing is changed.
    public static func verifyBackup(_ file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw WardError.notABackup(path: file, .missing) }
        var config = Configuration()
        config.readonly = true
        do {
            let q = try DatabaseQueue(path: file, configuration: config)
            defer { try? q.close() }
            try q.read { db in
                let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if result != ["ok"] { throw WardError.notABackup(path: file, .damaged(result.prefix(3).joined(separator: "; "))) }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("ward") else {
                    throw WardError.notABackup(path: file, .notWardcase)
                }
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                if !applied.isSubset(of: Set(Migrations.migrator.migrations)) { throw WardError.databaseNewer(path: file) }
            }
        } catch let e as WardError {
            throw e
        } catch {
            throw WardError.notABackup(path: file, .damaged((error as? DatabaseError)?.message ?? "\(error)"))
        }
    }

    /// Replaces this database's contents with a checked backup, an admin's work. The backup is
    /// first copied beside the database and brought to this version there; it must then pass the
    /// same `check` as a live database (a file with its audit triggers dropped does not) and be of
    /// this ward, unless `otherWard` says a different ward's file is meant. The current
    /// database is backed up first, and its audit rows written after the backup's last one are
    /// carried into the restored trail, marked so, so that no row of the trail is lost; the
    /// restore itself is the last row. Returns the safety backup's path.
    @discardableResult
    public func restore(from file: String, otherWard: Bool = false, by account: Account, progress: WorkProgress = .silent) throws -> String {
        let me = try read(as: account, .manageSettings) { _, me in me }
        let actor = Actor(me)
        try Self.verifyBackup(file)
        let staged = (path ?? NSTemporaryDirectory() + "/wardcase") + ".restoring-\(UUID().uuidString)"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: staged + suffix) } }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            let source = try DatabaseQueue(path: file, configuration: readOnly)
            // The staged copy is a whole database: its owner's only, from the first byte.
            let fd = Foundation.open(staged, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw WardError.cannotWriteFile(path: staged, reason: String(cString: strerror(errno))) }
            close(fd)
            let stage = try DatabaseQueue(path: staged, configuration: WardStore.withFunctions())
            try Self.copy(source, to: stage, progress: progress)
            try source.close()
            try Migrations.migrator.migrate(stage)
            // Informants still in plain text are sealed at the next unlock: not a reason to refuse.
            let problems = try stage.read { db in try Self.problems(db, progress: progress) }
                .filter { if case .informantsInPlainText = $0 { false } else { true } }
            if !problems.isEmpty { throw WardError.restoreRefused(path: file, problems) }
            let (mine, theirs) = (try reading { db in try WardIdentity.fetchOne(db, key: 1) }, try stage.read { db in try WardIdentity.fetchOne(db, key: 1) })
            if let mine, let theirs, !otherWard,
               WardIdentity.comparable(mine.name) != WardIdentity.comparable(theirs.name) || WardIdentity.comparable(mine.province) != WardIdentity.comparable(theirs.province) {
                throw WardError.restoreOtherWard(path: file, ward: theirs.name + ", " + theirs.province)
            }
            // The trail since the backup: this database's rows after the backup's last one. A backup
            // of this database ends on a row this trail has too (same number, same content); of
            // another, the rows after its last moment are carried.
            let last = try stage.read { db in try Row.fetchOne(db, sql: "SELECT id, at, action, record_type, record_id, after FROM audit ORDER BY id DESC LIMIT 1") }
            try reading { db in
                let same = try last.map { l in
                    try Row.fetchOne(db, sql: "SELECT id, at, action, record_type, record_id, after FROM audit WHERE id = ?", arguments: [l["id"]]) == l
                } ?? false
                let rows = same
                    ? try Row.fetchCursor(db, sql: "SELECT * FROM audit WHERE id > ? ORDER BY id", arguments: [last?["id"]])
                    : try Row.fetchCursor(db, sql: "SELECT * FROM audit WHERE at > ? ORDER BY id", arguments: [last?["at"] ?? ""])
                try stage.write { target in
                    while let row = try rows.next() {
                        var after = Audit.decode(row["after"])
                        after["carried_over_at_restore"] = String(row["id"] as Int64)
                        try Audit.write(target, at: Timestamp.parse(row["at"]) ?? clock(), actor: Actor(accountId: row["account_id"], name: row["actor"]),
                                        action: AuditAction(rawValue: row["action"]) ?? .update, recordType: row["record_type"],
                                        recordId: row["record_id"], before: (row["before"] as String?).map { Audit.decode($0) }, after: after)
                    }
                }
            }
            let safety = backupPath(label: "before-restore")
            try backup(to: safety, actor: actor, progress: progress)
            try copyIn(from: stage, progress: progress)
            try stage.close()
            let now = clock()
            try write { db in
                try Audit.write(db, at: now, actor: actor, action: .restore, recordType: "database", recordId: nil,
                                after: ["from": file, "safety_backup": safety])
            }
            return safety
        } catch let e as WardError {
            throw e
        } catch {
            throw WardError.from(error, path: path ?? file)
        }
    }

    /// The triggers that keep approved visits and finalised reports as they were, whatever writes to the file.
    static let locks: Set<String> = Set(["visit_member", "visit_check", "violation"].flatMap { t in
        ["insert", "update", "delete", "move"].map { "\(t)_locked_\($0)" }
    } + ["visit_locked", "visit_no_delete", "report_locked", "report_no_delete", "report_no_reopen"])

    /// integrity_check, foreign_key_check and the app's own invariants.
    /// WorkProgress counts the integrity check as the database's pages, then one unit per table's
    /// links and per establishment's search text.
    /// Any signed-in account may run it: it changes nothing, and a ward that has lost its last
    /// admin must still be able to find that out.
    public func check(by account: Account, progress: WorkProgress = .silent) throws -> [CheckProblem] {
        try read(as: account) { db, _ in try Self.problems(db, progress: progress) }
    }

    /// What `check` finds in a database: the live one, or a backup about to be restored.
    static func problems(_ db: Database, progress: WorkProgress) throws -> [CheckProblem] {
        do {
            var problems: [CheckProblem] = []
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            let establishments = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM establishment") ?? 0
            let auditRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit") ?? 0
            progress.add(total: pages + tables.count + establishments + auditRows)
            try progress.tell()
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.prefix(5).map(CheckProblem.integrity) }
            try progress.advance(pages)
            for table in tables {
                let broken = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check(\(table.quotedDatabaseIdentifier))").count
                if broken > 0 { problems.append(.brokenLinks(table: table, count: broken)) }
                try progress.advance()
            }
            if try WardIdentity.fetchOne(db, key: 1) == nil { problems.append(.wardMissing) }
            let accounts = try Row.fetchAll(db, sql: "SELECT * FROM account").map(Account.init(row:))
            if !accounts.isEmpty && !accounts.contains(where: { $0.active && $0.roles.contains(.admin) }) {
                problems.append(.noActiveAdmin)
            }
            for a in accounts where a.roles.isEmpty { problems.append(.accountWithoutRoles(a.login)) }
            var stale = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM establishment")
            while let row = try rows.next() {
                if (try? Establishment(row: row)).map({ $0.searchText != (row["search_fold"] as String) }) ?? true { stale += 1 }
                try progress.advance()
            }
            if stale > 0 { problems.append(.staleSearchText(count: stale)) }
            let staleTips = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tip WHERE search_fold <> fold(content || ' | ' || place)") ?? 0
            if staleTips > 0 { problems.append(.staleTipSearchText(count: staleTips)) }
            let onAudit = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
            if Set(onAudit) != ["audit_no_update", "audit_no_delete"] { problems.append(.auditUnprotected) }
            let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for lock in Self.locks.subtracting(triggers).sorted() { problems.append(.lockMissing(lock)) }
            if let broken = try Audit.firstBrokenLink(db, progress: progress) { problems.append(.auditChainBroken(at: broken)) }
            for (what, sql) in DerivedFacts.mismatches {
                let n = try Int.fetchOne(db, sql: sql) ?? 0
                if n > 0 { problems.append(.staleDerived(what: what, count: n)) }
            }
            let misplaced = try Self.misplacedSeals(db)
            if !misplaced.isEmpty { problems.append(.sealsMisplaced(misplaced)) }
            let plain = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tip WHERE reporter <> ''") ?? 0
            if plain > 0 { problems.append(.informantsInPlainText(count: plain)) }
            return problems
        }
    }
}
