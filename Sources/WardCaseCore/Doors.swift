import Foundation
import GRDB

/// The one door every write and every sensitive read of the core goes through, whoever calls
/// (a screen, a shell command, an import). The signed-in account is read again by its id inside
/// the same transaction as the work, so a disabled account, a removed role or a lockout counts at
/// once in every open terminal; a refusal is itself written to the audit trail.
extension WardStore {
    /// The account as the database holds it now, if it may do any of `permissions` (none: any
    /// active, unlocked account).
    static func admit(_ db: Database, _ account: Account, anyOf permissions: [Permission], at now: Date) throws -> Account {
        guard let current = try Self.account(db, id: account.id) else { throw WardError.notSignedIn }
        guard current.active else { throw WardError.accountDisabled }
        if let until = current.lockedUntil, until > now { throw WardError.accountLocked(until: until) }
        if let first = permissions.first, !permissions.contains(where: current.can) { throw WardError.permissionDenied(first) }
        return current
    }

    /// A write transaction for `account`, which must hold one of `permissions`; `body` gets the
    /// account as it is now.
    package func write<T>(as account: Account, _ permissions: Permission..., what: String = #function,
                  _ body: (Database, Account) throws -> T) throws -> T {
        let now = clock()
        do {
            return try write { db in try body(db, try Self.admit(db, account, anyOf: permissions, at: now)) }
        } catch {
            throw refused(error, account: account, what: what)
        }
    }

    /// A read for `account`, which must hold one of `permissions`.
    package func read<T>(as account: Account, _ permissions: Permission..., what: String = #function,
                 _ body: (Database, Account) throws -> T) throws -> T {
        let now = clock()
        do {
            return try reading { db in try body(db, try Self.admit(db, account, anyOf: permissions, at: now)) }
        } catch {
            throw refused(error, account: account, what: what)
        }
    }

    /// Asks the door before work that does not start in the core (a shell command about to ask for
    /// a new password, say): the account as it is now, or the refusal, audited like any other.
    @discardableResult
    public func require(_ permission: Permission, of account: Account, for what: String) throws -> Account {
        try read(as: account, permission, what: what) { _, me in me }
    }

    /// Writes an audit row that records a read (a sign-in, a list that left the app). A disk too
    /// full for it, or a read-only file, does not stop the reading itself: the data is unchanged.
    package func auditRead(_ body: (Database) throws -> Void) throws {
        do {
            try write(body)
        } catch let e as WardError {
            switch e {
            case .diskFull, .databaseReadOnly: return
            default: throw e
            }
        }
    }

    /// Writes a refusal to the audit trail (in its own transaction: the refused one wrote nothing)
    /// and hands the error back. Other errors pass untouched.
    private func refused(_ error: Error, account: Account, what: String) -> Error {
        guard let e = error as? WardError, let reason = e.refusalReason else { return error }
        recordRefusal(Actor(account), recordType: "account", recordId: account.id, what: String(what.prefix { $0 != "(" }), reason: reason)
        return error
    }

    /// A shell command refused before any account was known (no sign-in): the attempt is kept.
    public func recordShellRefusal(osUser: String, command: String, reason: String) {
        recordRefusal(.shell(osUser), recordType: "shell", recordId: nil, what: command, reason: reason)
    }

    /// The `denied` row, in a transaction of its own (the refused one wrote nothing).
    func recordRefusal(_ actor: Actor, recordType: String, recordId: Int64?, what: String, reason: String) {
        let now = clock()
        _ = try? write { db in
            try Audit.write(db, at: now, actor: actor, action: .denied, recordType: recordType, recordId: recordId,
                            after: ["what": what, "reason": reason])
        }
    }

    /// A wrong passphrase is kept in the audit trail (best effort: the refusal is what matters).
    package func recordFailedPassphrase(by account: Account, recordType: String, recordId: Int64?) {
        let now = clock()
        try? write { db in
            try Audit.write(db, at: now, actor: Actor(account), action: .signInFailed, recordType: recordType, recordId: recordId)
        }
    }
}

extension WardError {
    /// Why a door said no, as the audit trail records it; nil for errors that are no refusal.
    var refusalReason: String? {
        switch self {
        case .notSignedIn: "not_signed_in"
        case .accountDisabled: "disabled"
        case .accountLocked: "locked"
        case .permissionDenied(let p): "needs " + p.rawValue
        case .ownVisit: "own_visit"
        default: nil
        }
    }
}
