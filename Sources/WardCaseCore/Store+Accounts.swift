import Foundation
import GRDB

/// Accounts, sign-in, settings and the audit trail.
extension WardStore {
    // MARK: Accounts

    public func accounts() throws -> [Account] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY login").map(Account.init(row:)) }
    }

    public func account(login: String) throws -> Account? {
        try writer.read { db in try Self.account(db, login: login) }
    }

    /// The one active account mapped to an operating-system user, if there is exactly one.
    public func account(osUser: String) throws -> Account? {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM account WHERE os_user = ? AND active = 1", arguments: [osUser])
            return rows.count == 1 ? Account(row: rows[0]) : nil
        }
    }

    public func accountCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 }
    }

    static func account(_ db: Database, login: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE login = ?", arguments: [login.lowercased()]).map(Account.init(row:))
    }

    /// Creates an account after checking every rule (login form, name, roles, password).
    @discardableResult
    public func createAccount(login: String, displayName: String, roles: Set<Role>, password: String,
                              osUser: String? = nil, by actor: Actor) throws -> Account {
        let login = try AccountRules.checkLogin(login)
        let name = VietText.clean(displayName)
        if name.isEmpty { throw WardError.required(field: .fieldDisplayName) }
        if roles.isEmpty { throw WardError.noRoles }
        try AccountRules.checkPassword(password)
        let hash = try PasswordHasher.hash(password)
        let now = clock()
        return try write { db in
            try Self.insertAccount(db, login: login, displayName: name, roles: roles, hash: hash, osUser: osUser, at: now, by: actor)
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
    public func updateAccount(_ changed: Account, original: Account, by actor: Actor) throws -> Account {
        let name = VietText.clean(changed.displayName)
        if name.isEmpty { throw WardError.required(field: .fieldDisplayName) }
        if changed.roles.isEmpty { throw WardError.noRoles }
        let now = clock()
        return try write { db in
            guard let id = original.id, let current = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id])
                .map(Account.init(row:)) else { throw WardError.notFound }
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
            return saved
        }
    }

    /// Sets a new password (and lifts any lockout).
    public func setPassword(login: String, password: String, by actor: Actor) throws {
        try AccountRules.checkPassword(password)
        let hash = try PasswordHasher.hash(password)
        let now = clock()
        try write { db in
            guard let a = try Self.account(db, login: login) else { throw WardError.unknownAccount(login) }
            try db.execute(sql: """
                UPDATE account SET password_hash = ?, failed_attempts = 0, locked_until = NULL, version = version + 1 WHERE id = ?
                """, arguments: [hash, a.id])
            try Audit.write(db, at: now, actor: actor, action: .update, recordType: "account", recordId: a.id,
                            before: ["password": "•••"], after: ["password": "••• (mới)"])
        }
    }

    /// Convenience for the shell: change one account found by login.
    @discardableResult
    public func modifyAccount(login: String, by actor: Actor, _ change: (inout Account) -> Void) throws -> Account {
        guard let original = try account(login: login) else { throw WardError.unknownAccount(login) }
        var changed = original
        change(&changed)
        return try updateAccount(changed, original: original, by: actor)
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

    /// Checks a password. Five wrong ones in a row lock the account for 15 minutes; every
    /// attempt is in the audit trail.
    public func signIn(login: String, password: String) throws -> SignInResult {
        guard let account = try account(login: login) else {
            // An unknown login looks like a wrong password, so logins cannot be guessed.
            return .wrongPassword(remaining: AccountRules.lockoutAttempts)
        }
        return try checkPassword(account, password, action: .signIn)
    }

    /// The idle lock asks the signed-in person for their password again.
    public func unlock(_ account: Account, password: String) throws -> SignInResult {
        try checkPassword(account, password, action: .unlocked)
    }

    private func checkPassword(_ account: Account, _ password: String, action: AuditAction) throws -> SignInResult {
        let now = clock()
        if !account.active { return .disabled }
        if let until = account.lockedUntil, until > now { return .locked(until: until) }
        let ok = PasswordHasher.verify(password, against: account.passwordHash)
        return try write { db in
            let actor = Actor(account)
            if ok {
                try db.execute(sql: "UPDATE account SET failed_attempts = 0, locked_until = NULL WHERE id = ?", arguments: [account.id])
                try Audit.write(db, at: now, actor: actor, action: action, recordType: "account", recordId: account.id)
                var a = account
                a.failedAttempts = 0; a.lockedUntil = nil
                return .success(a)
            }
            let fails = (try Int.fetchOne(db, sql: "SELECT failed_attempts FROM account WHERE id = ?", arguments: [account.id]) ?? 0) + 1
            try Audit.write(db, at: now, actor: actor, action: .signInFailed, recordType: "account", recordId: account.id)
            if fails >= AccountRules.lockoutAttempts {
                let until = now.addingTimeInterval(Double(AccountRules.lockoutMinutes * 60))
                try db.execute(sql: "UPDATE account SET failed_attempts = 0, locked_until = ? WHERE id = ?",
                               arguments: [Timestamp.string(until), account.id])
                try Audit.write(db, at: now, actor: actor, action: .locked, recordType: "account", recordId: account.id,
                                after: ["locked_until": Timestamp.string(until)])
                return .locked(until: until)
            }
            try db.execute(sql: "UPDATE account SET failed_attempts = ? WHERE id = ?", arguments: [fails, account.id])
            return .wrongPassword(remaining: AccountRules.lockoutAttempts - fails)
        }
    }

    /// Records that someone signed in without a password because their OS user is mapped.
    public func recordAutomaticSignIn(_ account: Account, osUser: String) throws {
        let now = clock()
        try write { db in
            try Audit.write(db, at: now, actor: Actor(account), action: .signIn, recordType: "account", recordId: account.id,
                            after: ["os_user": osUser])
        }
    }

    // MARK: Settings

    func setting(_ key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    // MARK: Audit trail

    public func countAudit(_ filter: AuditFilter) throws -> Int {
        let (clause, args) = filter.clause()
        return try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit \(clause)", arguments: args) ?? 0 }
    }

    /// Newest first, one window at a time.
    public func auditEntries(_ filter: AuditFilter, offset: Int, limit: Int) throws -> [AuditEntry] {
        let (clause, args) = filter.clause()
        var all = args
        _ = all.append(contentsOf: [limit, offset])
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit \(clause) ORDER BY id DESC LIMIT ? OFFSET ?", arguments: all).map(Audit.entry)
        }
    }

    /// Every time a person's identity fields are shown, the showing is itself recorded.
    public func recordIdentityView(recordType: String, recordId: Int64, by actor: Actor) throws {
        let now = clock()
        try write { db in
            try Audit.write(db, at: now, actor: actor, action: .viewIdentity, recordType: recordType, recordId: recordId)
        }
    }
}
