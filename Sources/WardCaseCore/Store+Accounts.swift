import Foundation
import GRDB

/// Accounts, sign-in, settings and the audit trail.
extension WardStore {
    // MARK: Accounts

    /// Every account, for the admin's list.
    public func accounts(by account: Account) throws -> [Account] {
        try read(as: account, .manageAccounts) { db, _ in try Self.allAccounts(db) }
    }

    static func allAccounts(_ db: Database) throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY login").map(Account.init(row:))
    }

    /// The demo ward's active accounts, for its chooser; nobody else's accounts are listed without a password.
    public func demoAccounts() throws -> [Account] {
        try reading { db in
            guard try Self.isDemo(db) else { return [] }
            return try Self.allAccounts(db).filter(\.active)
        }
    }

    public func account(login: String) throws -> Account? {
        try reading { db in try Self.account(db, login: login) }
    }

    /// The signed-in account as it is now: nil once it is disabled, locked out or gone, so that an
    /// open terminal follows what the admin did elsewhere.
    public func current(_ account: Account) throws -> Account? {
        let now = clock()
        return try reading { db in
            do {
                return try Self.admit(db, account, anyOf: [], at: now)
            } catch let e as WardError where e.refusalReason != nil {
                return nil
            }
        }
    }

    public func accountCount() throws -> Int {
        try reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 }
    }

    /// The account with this id as the database holds it now (nil for no id).
    static func account(_ db: Database, id: Int64?) throws -> Account? {
        guard let id else { return nil }
        return try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Account.init(row:))
    }

    static func account(_ db: Database, login: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE login = ?", arguments: [login.lowercased()]).map(Account.init(row:))
    }

    /// Checks a new account's login, name, roles and password, and hashes the password (the slow part, outside any transaction).
    private static func checkedNewAccount(login: String, displayName: String, roles: Set<Role>, password: String) throws -> (String, String, String) {
        let login = try AccountRules.checkLogin(login)
        let name = VietText.clean(displayName)
        if name.isEmpty { throw WardError.required(field: .fieldDisplayName) }
        if roles.isEmpty { throw WardError.noRoles }
        try AccountRules.checkPassword(password)
        return (login, name, try PasswordHasher.hash(password))
    }

    /// Creates an account after checking every rule (login form, name, roles, password); an admin's work.
    @discardableResult
    public func createAccount(login: String, displayName: String, roles: Set<Role>, password: String,
                              osUser: String? = nil, by account: Account) throws -> Account {
        let (login, name, hash) = try Self.checkedNewAccount(login: login, displayName: displayName, roles: roles, password: password)
        let now = clock()
        return try write(as: account, .manageAccounts) { db, me in
            try Self.insertAccount(db, login: login, displayName: name, roles: roles, hash: hash, osUser: osUser, at: now, by: Actor(me))
        }
    }

    /// The ward's first account, made at the first start (or by the shell on an empty database)
    /// with nobody signed in. It must be an admin, and it is refused once any account exists.
    @discardableResult
    public func createFirstAccount(login: String, displayName: String, roles: Set<Role> = [.admin], password: String,
                                   osUser: String? = nil) throws -> Account {
        guard roles.contains(.admin) else { throw WardError.firstAccountAdmin }
        let (login, name, hash) = try Self.checkedNewAccount(login: login, displayName: displayName, roles: roles, password: password)
        let now = clock()
        let firstRun = Actor.firstRun
        do {
            return try write { db in
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 > 0 { throw WardError.permissionDenied(.manageAccounts) }
                return try Self.insertAccount(db, login: login, displayName: name, roles: roles, hash: hash, osUser: osUser, at: now, by: firstRun)
            }
        } catch WardError.permissionDenied(let p) {
            recordRefusal(firstRun, recordType: "account", recordId: nil, what: "createFirstAccount", reason: "needs " + p.rawValue)
            throw WardError.permissionDenied(p)
        }
    }

    /// Inserts a checked account with its audit row, inside the caller's transaction.
    static func insertAccount(_ db: Database, login: String, displayName: String, roles: Set<Role>, hash: String,
                              osUser: String?, at now: Date, by actor: Actor) throws -> Account {
        if try account(db, login: login) != nil { throw WardError.loginTaken(login) }
        if let osUser { try db.execute(sql: "UPDATE account SET os_user = NULL WHERE os_user = ?", arguments: [osUser]) }
        try db.execute(sql: """
            INSERT INTO account (login, display_name, roles, active, password_hash, os_user) VALUES (?, ?, ?, 1, ?, ?)
            """, arguments: [login, displayName, Account.encode(roles), hash, osUser])
        let account = Account(id: db.lastInsertedRowID, login: login, displayName: displayName, roles: roles,
                              passwordHash: hash, osUser: osUser)
        try Audit.write(db, at: now, actor: actor, action: .create, recordType: "account", recordId: account.id,
                        after: account.auditFields)
        return account
    }

    /// Saves changes to an account's name, roles, active flag and OS user. `original` is the
    /// account as the form opened it: a change made meanwhile by someone else is a conflict.
    @discardableResult
    public func updateAccount(_ changed: Account, original: Account, by account: Account) throws -> Account {
        let name = VietText.clean(changed.displayName)
        if name.isEmpty { throw WardError.required(field: .fieldDisplayName) }
        if changed.roles.isEmpty { throw WardError.noRoles }
        let now = clock()
        return try write(as: account, .manageAccounts) { db, me in
            try Self.updateAccount(db, changed, name: name, original: original, at: now, by: Actor(me))
        }
    }

    static func updateAccount(_ db: Database, _ changed: Account, name: String, original: Account, at now: Date, by actor: Actor) throws -> Account {
        guard let id = original.id, let current = try account(db, id: id) else { throw WardError.notFound }
        if current.version != original.version {
            throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields))
        }
        var saved = current
        saved.displayName = name
        saved.roles = changed.roles
        saved.active = changed.active
        saved.osUser = changed.osUser.flatMap { $0.isEmpty ? nil : $0 }
        saved.version += 1
        try Self.keepAnAdmin(db, before: current, after: saved)
        if let os = saved.osUser {
            try db.execute(sql: "UPDATE account SET os_user = NULL WHERE os_user = ? AND id <> ?", arguments: [os, id])
        }
        try db.execute(sql: """
            UPDATE account SET display_name = ?, roles = ?, active = ?, os_user = ?, version = ? WHERE id = ?
            """, arguments: [saved.displayName, Account.encode(saved.roles), saved.active, saved.osUser, saved.version, id])
        let action: AuditAction = current.active != saved.active ? .status : .update
        try Audit.writeChange(db, at: now, actor: actor, action: action, recordType: "account", recordId: id,
                              before: current.auditFields, after: saved.auditFields)
        // Without the role (or the account), what their passphrase could open goes too.
        try dropKeyHolder(db, saved, at: now, by: actor)
        return saved
    }

    /// Sets a new password (and lifts any lockout); an admin's work.
    public func setPassword(login: String, password: String, by account: Account) throws {
        try AccountRules.checkPassword(password)
        let hash = try PasswordHasher.hash(password)
        let now = clock()
        try write(as: account, .manageAccounts) { db, me in
            guard let a = try Self.account(db, login: login) else { throw WardError.unknownAccount(login) }
            try db.execute(sql: """
                UPDATE account SET password_hash = ?, failed_attempts = 0, locked_until = NULL, version = version + 1 WHERE id = ?
                """, arguments: [hash, a.id])
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "account", recordId: a.id,
                            before: ["password": "•••"], after: ["password": "••• (mới)"])
        }
    }

    /// Convenience for the shell: change one account found by login.
    @discardableResult
    public func modifyAccount(login: String, by account: Account, _ change: (inout Account) -> Void) throws -> Account {
        guard let original = try self.account(login: login) else { throw WardError.unknownAccount(login) }
        var changed = original
        change(&changed)
        return try updateAccount(changed, original: original, by: account)
    }

    /// The last active admin cannot stop being one, or nobody could manage accounts again.
    private static func keepAnAdmin(_ db: Database, before: Account, after: Account) throws {
        let wasAdmin = before.active && before.roles.contains(.admin)
        let isAdmin = after.active && after.roles.contains(.admin)
        guard wasAdmin && !isAdmin else { return }
        let others = try Row.fetchAll(db, sql: "SELECT * FROM account WHERE active = 1 AND id <> ?", arguments: [after.id])
            .map(Account.init(row:)).filter { $0.roles.contains(.admin) }
        if others.isEmpty { throw WardError.lastAdmin }
    }

    // MARK: Sign-in

    /// A hash of no one's password, with today's scrypt cost: an unknown login costs the same work
    /// as a known one (made up, not computed, so that no first call pays twice).
    private static let decoyHash = ["scrypt", "\(PasswordHasher.rounds)", "\(PasswordHasher.blockSize)", "\(PasswordHasher.parallelism)",
                                    Data(repeating: 0x5A, count: 16).base64EncodedString(),
                                    Data(repeating: 0xA5, count: PasswordHasher.length).base64EncodedString()].joined(separator: "$")

    /// Checks a password. Five wrong ones in a row lock the account for 15 minutes; every
    /// attempt is in the audit trail. An unknown login gets the same answer, after the same work,
    /// as a wrong password.
    public func signIn(login: String, password: String) throws -> SignInResult {
        guard let account = try account(login: login) else {
            _ = PasswordHasher.verify(password, against: Self.decoyHash)
            // Kept, but never with what was typed: a password typed into the login field must not stay in the trail.
            let now = clock()
            try auditRead { db in
                try Audit.write(db, at: now, actor: Actor(accountId: nil, name: "?"), action: .signInFailed, recordType: "account",
                                recordId: nil, after: ["reason": "unknown_login"])
            }
            return .refused
        }
        return try checkPassword(account, password, action: .signIn)
    }

    /// The idle lock asks the signed-in person for their password again.
    public func unlock(_ account: Account, password: String) throws -> SignInResult {
        guard let current = try reading({ db in try Self.account(db, id: account.id) }) else { return .disabled }
        return try checkPassword(current, password, action: .unlocked)
    }

    /// The slow hash runs first, outside any transaction; the lockout is then checked, counted and
    /// written in one write transaction, so parallel attempts cannot slip past the fifth.
    private func checkPassword(_ account: Account, _ password: String, action: AuditAction) throws -> SignInResult {
        let ok = PasswordHasher.verify(password, against: account.passwordHash)
        // A hash made with older parameters is made again with today's, now that the password is known.
        let renewed = ok && PasswordHasher.isOutdated(account.passwordHash) ? try PasswordHasher.hash(password) : nil
        let now = clock()
        return try write { db in
            guard let current = try Self.account(db, id: account.id), let id = current.id else { return .refused }
            let actor = Actor(current)
            if let until = current.lockedUntil, until > now {
                try Audit.write(db, at: now, actor: actor, action: .signInFailed, recordType: "account", recordId: id,
                                after: ["reason": "locked"])
                return .locked(until: until)
            }
            // A password changed meanwhile (by the admin) must be checked against the new hash.
            if ok, current.passwordHash == account.passwordHash {
                // Only someone who knows the password learns that the account is disabled.
                if !current.active {
                    try Audit.write(db, at: now, actor: actor, action: .signInFailed, recordType: "account", recordId: id,
                                    after: ["reason": "disabled"])
                    return .disabled
                }
                try db.execute(sql: "UPDATE account SET failed_attempts = 0, locked_until = NULL, password_hash = ? WHERE id = ?",
                               arguments: [renewed ?? current.passwordHash, id])
                try Audit.write(db, at: now, actor: actor, action: action, recordType: "account", recordId: id)
                var a = current
                a.failedAttempts = 0; a.lockedUntil = nil; a.passwordHash = renewed ?? current.passwordHash
                return .success(a)
            }
            // A lockout that has run out starts the count again.
            let fails = (current.lockedUntil == nil ? current.failedAttempts : 0) + 1
            try Audit.write(db, at: now, actor: actor, action: .signInFailed, recordType: "account", recordId: id)
            if fails >= AccountRules.lockoutAttempts {
                let until = now.addingTimeInterval(Double(AccountRules.lockoutMinutes * 60))
                try db.execute(sql: "UPDATE account SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                               arguments: [fails, Timestamp.string(until), id])
                try Audit.write(db, at: now, actor: actor, action: .locked, recordType: "account", recordId: id,
                                after: ["locked_until": Timestamp.string(until)])
                return .locked(until: until)
            }
            try db.execute(sql: "UPDATE account SET failed_attempts = ?, locked_until = NULL WHERE id = ?", arguments: [fails, id])
            return .refused
        }
    }

    /// Signs in without a password the one account mapped to this operating-system user, unless
    /// it is disabled or locked out. The sign-in is in the audit trail.
    public func signInAutomatically(osUser: String) throws -> Account? {
        let now = clock()
        let mapped = try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account WHERE os_user = ?", arguments: [osUser]).map(Account.init(row:))
        }
        guard mapped.count == 1, let account = mapped.first, account.active, !account.isLocked(at: now) else { return nil }
        try auditRead { db in
            try Audit.write(db, at: now, actor: Actor(account), action: .signIn, recordType: "account", recordId: account.id,
                            after: ["os_user": osUser])
        }
        return account
    }

    /// The demo ward's chooser signs in as a demo account without a password; only in the demo.
    public func switchToDemoAccount(_ chosen: Account, osUser: String) throws -> Account? {
        let now = clock()
        return try write { db in
            guard try Self.isDemo(db), let account = try Self.account(db, id: chosen.id),
                  account.active, !account.isLocked(at: now) else { return nil }
            try Audit.write(db, at: now, actor: Actor(account), action: .signIn, recordType: "account", recordId: account.id,
                            after: ["os_user": osUser])
            return account
        }
    }

    // MARK: Settings

    func setting(_ key: String) throws -> String? {
        try reading { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    // MARK: Audit trail

    public func countAudit(_ filter: AuditFilter, by account: Account) throws -> Int {
        let (clause, args) = filter.clause()
        return try read(as: account, .viewAudit) { db, _ in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit \(clause)", arguments: args) ?? 0 }
    }

    /// Newest first, one window at a time; for admins and team leaders.
    public func auditEntries(_ filter: AuditFilter, offset: Int, limit: Int, by account: Account) throws -> [AuditEntry] {
        try read(as: account, .viewAudit) { db, _ in try Self.auditEntries(db, filter, offset: offset, limit: limit) }
    }

    /// Every entry the filter finds, newest first, from one cursor (exports); for admins and team leaders.
    public func eachAuditEntry(_ filter: AuditFilter, by account: Account, _ body: (AuditEntry) throws -> Void) throws {
        let (clause, args) = filter.clause()
        try read(as: account, .viewAudit) { db, _ in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit \(clause) ORDER BY id DESC", arguments: args)
            while let row = try rows.next() { try body(Audit.entry(row)) }
        }
    }

    package static func auditEntries(_ db: Database, _ filter: AuditFilter, offset: Int, limit: Int) throws -> [AuditEntry] {
        let (clause, args) = filter.clause()
        var all = args
        _ = all.append(contentsOf: [limit, offset])
        return try Row.fetchAll(db, sql: "SELECT * FROM audit \(clause) ORDER BY id DESC LIMIT ? OFFSET ?", arguments: all).map(Audit.entry)
    }

    /// A list written to a file (CSV, XLSX): what and how many rows, never the rows themselves.
    public func recordListExport(_ list: String, rows: Int, format: String, by account: Account) throws {
        let me = try read(as: account) { _, me in me }
        let now = clock()
        try auditRead { db in
            try Audit.write(db, at: now, actor: Actor(me), action: .exportList, recordType: list, recordId: nil,
                            after: ["rows": String(rows), "format": format])
        }
    }

    /// Whether this database is the demo ward (its `demo` setting), where switching accounts needs no password.
    public var isDemo: Bool {
        (try? reading(Self.isDemo)) ?? false
    }

    static func isDemo(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'demo'") == "1"
    }

    /// In the demo ward only: maps the operating-system user to the account `login`, so the demo
    /// opens signed in. Elsewhere it does nothing.
    public func mapDemoAccount(_ login: String, toOSUser osUser: String) throws {
        guard isDemo, let account = try account(login: login), account.osUser != osUser else { return }
        let now = clock()
        try write { db in
            var mapped = account
            mapped.osUser = osUser
            _ = try Self.updateAccount(db, mapped, name: account.displayName, original: account, at: now, by: .system)
        }
    }
}
