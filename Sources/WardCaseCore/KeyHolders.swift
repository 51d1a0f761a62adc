import Crypto
import Foundation
import GRDB

// Who holds the ward key, and how it is got back.
//
// Each case worker has a key pair of their own (X25519); its private half is sealed under their
// own passphrase (scrypt), and the ward key is sealed to its public half. So a case worker
// changes their passphrase alone; a colleague who holds the key gives a new case worker access
// without learning their passphrase; removing the role removes the holder, and with it what
// their passphrase could open; and rotating the ward key reaches every holder without anyone's
// passphrase. The ward key is also sealed to a recovery key printed once at set-up and kept
// offline (8 groups of 5 characters): it re-opens the ward when every passphrase is forgotten.
//
// A ward set up before this kept one shared wrapping in `ward_key`: each case worker who opens
// with that passphrase becomes a holder with it, and `rotateWardKey` retires it.

/// Sealing to a public key: an ephemeral X25519 agreement, HKDF-SHA256 and AES-GCM, with a label
/// saying what the value is and whose it is (so a sealed value cannot be taken for another).
package enum PublicSeal {
    /// `ephemeral` and `nonce` are fresh and random unless given (the city demo gives them from its seed).
    package static func seal(_ data: Data, to recipient: Curve25519.KeyAgreement.PublicKey, label: String,
                     ephemeral: Curve25519.KeyAgreement.PrivateKey = .init(), nonce: AES.GCM.Nonce = .init()) throws -> Data {
        let key = try derive(ephemeral.sharedSecretFromKeyAgreement(with: recipient), ephemeral.publicKey, recipient, label)
        guard let box = try AES.GCM.seal(data, using: key, nonce: nonce, authenticating: Data(label.utf8)).combined else {
            throw WardError.wrongPassphrase
        }
        return ephemeral.publicKey.rawRepresentation + box
    }

    static func open(_ blob: Data, with me: Curve25519.KeyAgreement.PrivateKey, label: String) throws -> Data {
        guard blob.count > 32, let sender = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: blob.prefix(32)) else {
            throw WardError.sealMisplaced
        }
        do {
            let key = try derive(me.sharedSecretFromKeyAgreement(with: sender), sender, me.publicKey, label)
            return try AES.GCM.open(AES.GCM.SealedBox(combined: blob.dropFirst(32)), using: key, authenticating: Data(label.utf8))
        } catch {
            throw WardError.sealMisplaced
        }
    }

    private static func derive(_ secret: SharedSecret, _ sender: Curve25519.KeyAgreement.PublicKey,
                               _ recipient: Curve25519.KeyAgreement.PublicKey, _ label: String) -> SymmetricKey {
        secret.hkdfDerivedSymmetricKey(using: SHA256.self, salt: sender.rawRepresentation + recipient.rawRepresentation,
                                       sharedInfo: Data(label.utf8), outputByteCount: 32)
    }
}

/// The recovery key: 25 random bytes written as 40 characters of Crockford's base32 (no I, L, O
/// or U to misread) in 8 groups of 5. It is never stored; its public half is.
public enum RecoveryKey {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func make() -> (code: String, key: Curve25519.KeyAgreement.PrivateKey) {
        let bytes = WardKey.random(25)
        return (format(bytes), privateKey(bytes))
    }

    static func format(_ bytes: Data) -> String {
        var bits = 0, value = 0, out: [Character] = []
        for b in bytes {
            value = value << 8 | Int(b); bits += 8
            while bits >= 5 { bits -= 5; out.append(alphabet[(value >> bits) & 31]) }
            value &= (1 << bits) - 1
        }
        return stride(from: 0, to: out.count, by: 5).map { String(out[$0..<min($0 + 5, out.count)]) }.joined(separator: "-")
    }

    /// The key from a code as typed: any case, spaces or dashes, O for 0 and I or L for 1.
    package static func parse(_ typed: String) -> Curve25519.KeyAgreement.PrivateKey? {
        var bits = 0, value = 0
        var bytes = Data()
        var count = 0
        for ch in typed.uppercased() where !" -\t".contains(ch) {
            let c: Character = ch == "O" ? "0" : (ch == "I" || ch == "L") ? "1" : ch
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            value = value << 5 | v; bits += 5; count += 1
            if bits >= 8 { bits -= 8; bytes.append(UInt8((value >> bits) & 255)) }
            value &= (1 << bits) - 1
        }
        return count == 40 && bytes.count == 25 ? privateKey(bytes) : nil
    }

    static func privateKey(_ bytes: Data) -> Curve25519.KeyAgreement.PrivateKey {
        let raw = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), info: Data("wardcase recovery key v1".utf8),
                                         outputByteCount: 32)
        return try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw.withUnsafeBytes { Data($0) })
    }
}

/// A ward key just set up, with the recovery key to write down (shown once, never stored).
public struct NewWardKey: Sendable {
    public let key: WardKey
    public let recoveryCode: String
}

/// A case worker who set their passphrase and waits for a colleague to give them the ward key.
public struct WaitingHolder: Equatable, Sendable {
    public let accountId: Int64
    public let login: String
    public let displayName: String
}

extension WardKey {
    var raw: Data { key.withUnsafeBytes { Data($0) } }
}

extension WardStore {
    static let holderLabel = Data("wardcase key holder v1".utf8)
    static func holderKeyLabel(_ accountId: Int64?) -> String { "wardcase ward key for holder \(accountId ?? 0)" }
    static let recoveryLabel = "wardcase ward key for recovery"

    /// Whether the ward has set up its ward key yet.
    public func hasWardKey() throws -> Bool {
        try reading { db in try Self.wardHasKey(db) }
    }

    static func wardHasKey(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ward_key) OR EXISTS (SELECT 1 FROM recovery_key)") ?? false
    }

    /// Where the signed-in case worker stands with the ward key.
    public enum KeyStanding: Equatable, Sendable {
        /// The ward has no key yet: the first case worker sets it up.
        case noWardKey
        /// The ward has a key; this case worker has no passphrase of their own yet.
        case noPassphrase
        /// Their passphrase is set; a colleague who holds the key has not given it to them yet.
        case waiting
        /// They open the key with their passphrase (or the ward's shared one, from before).
        case holder
    }

    public func keyStanding(by account: Account) throws -> KeyStanding {
        try read(as: account, .viewIdentities) { db, me in
            if let row = try Row.fetchOne(db, sql: "SELECT ward_key FROM key_holder WHERE account_id = ?", arguments: [me.id]) {
                return (row["ward_key"] as Data?) == nil ? .waiting : .holder
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ward_key") ?? 0 > 0 { return .holder }
            return try Self.wardHasKey(db) ? .noPassphrase : .noWardKey
        }
    }

    // MARK: Setting up

    /// Sets up the ward key, once: the first case worker becomes its first holder, and a recovery
    /// key is made to be written down and kept offline.
    @discardableResult
    public func createWardKey(passphrase: String, by account: Account) throws -> NewWardKey {
        try Self.checkPassphrase(passphrase)
        let raw = WardKey.random(32)
        let key = WardKey(key: SymmetricKey(data: raw))
        let holder = try HolderSecret(passphrase: passphrase)
        let recovery = RecoveryKey.make()
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            if try Self.wardHasKey(db) { throw WardError.wardKeyExists }
            try holder.insert(db, accountId: me.id, wardKey: key, grantedBy: me.login, at: now)
            try Self.storeRecovery(db, recovery.key.publicKey, wardKey: key, at: now)
            try Self.ensureInformantKey(db, key: key, at: now)
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('seals_bound', '1')")
            try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "ward_key", recordId: 1)
        }
        return NewWardKey(key: key, recoveryCode: recovery.code)
    }

    static func checkPassphrase(_ passphrase: String) throws {
        guard passphrase.count >= WardKey.minimumPassphrase else { throw WardError.passphraseTooShort(WardKey.minimumPassphrase) }
    }

    static func storeRecovery(_ db: Database, _ publicKey: Curve25519.KeyAgreement.PublicKey, wardKey: WardKey, at now: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO recovery_key (id, public_key, ward_key, created_at) VALUES (1, ?, ?, ?)",
                       arguments: [publicKey.rawRepresentation, try PublicSeal.seal(wardKey.raw, to: publicKey, label: recoveryLabel),
                                   Timestamp.string(now)])
    }

    // MARK: Opening

    /// Opens the ward key with the case worker's own passphrase (or the shared one of a ward set
    /// up before, which makes them a holder with it). A wrong one is refused and kept in the
    /// audit trail. Seals from before they were bound are bound on the way (`bindSeals`).
    public func unlockWardKey(passphrase: String, by account: Account, progress: WorkProgress = .silent) throws -> WardKey {
        let (holder, legacy) = try read(as: account, .viewIdentities) { db, me in
            (try Row.fetchOne(db, sql: "SELECT * FROM key_holder WHERE account_id = ?", arguments: [me.id]),
             try Row.fetchOne(db, sql: "SELECT kdf, salt, wrapped FROM ward_key WHERE id = 1"))
        }
        let key: WardKey
        do {
            if let holder {
                let secret = try HolderSecret.open(holder, passphrase: passphrase)
                guard let sealed = holder["ward_key"] as Data? else { throw WardError.keyNotGiven }
                key = WardKey(key: SymmetricKey(data: try PublicSeal.open(sealed, with: secret, label: Self.holderKeyLabel(account.id))))
            } else if let legacy {
                key = try WardKey.unwrap(legacy["wrapped"], passphrase: passphrase, salt: legacy["salt"], kdf: legacy["kdf"])
                let mine = try HolderSecret(passphrase: passphrase)
                let now = clock()
                try write(as: account, .viewIdentities) { db, me in
                    try mine.insert(db, accountId: me.id, wardKey: key, grantedBy: me.login, at: now)
                    try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "key_holder", recordId: me.id)
                }
            } else {
                throw try hasWardKey() ? WardError.passphraseNotSet : WardError.noWardKey
            }
        } catch WardError.wrongPassphrase {
            recordFailedPassphrase(by: account, recordType: "ward_key", recordId: 1)
            throw WardError.wrongPassphrase
        }
        try bindSeals(key: key, by: account, progress: progress)
        return key
    }

    // MARK: Holders

    /// A case worker with no passphrase of their own sets one; a colleague who holds the key then
    /// gives it to them (`giveWardKey`).
    public func setOwnPassphrase(_ passphrase: String, by account: Account) throws {
        try Self.checkPassphrase(passphrase)
        let mine = try HolderSecret(passphrase: passphrase)
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            guard try Self.wardHasKey(db) else { throw WardError.noWardKey }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM key_holder WHERE account_id = ?", arguments: [me.id]) ?? 0 > 0 {
                throw WardError.wardKeyExists
            }
            try mine.insert(db, accountId: me.id, wardKey: nil, grantedBy: nil, at: now)
            try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "key_holder", recordId: me.id)
        }
    }

    /// Changes one's own passphrase: the same key pair, sealed under the new one. The old
    /// passphrase is needed; it opens nothing afterwards.
    public func changePassphrase(old: String, new: String, by account: Account) throws {
        try Self.checkPassphrase(new)
        func holder() throws -> Row? {
            try read(as: account, .viewIdentities) { db, me in
                try Row.fetchOne(db, sql: "SELECT * FROM key_holder WHERE account_id = ?", arguments: [me.id])
            }
        }
        // A ward from before: opening with the shared passphrase makes them a holder first.
        if try holder() == nil, try keyStanding(by: account) == .holder { _ = try unlockWardKey(passphrase: old, by: account) }
        guard let row = try holder() else { throw WardError.passphraseNotSet }
        let secret: Curve25519.KeyAgreement.PrivateKey
        do { secret = try HolderSecret.open(row, passphrase: old) } catch {
            recordFailedPassphrase(by: account, recordType: "key_holder", recordId: account.id)
            throw error
        }
        let salt = WardKey.random(16)
        let wrapped = try WardKey.wrap(secret.rawRepresentation, passphrase: new, salt: salt, label: Self.holderLabel)
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            try db.execute(sql: "UPDATE key_holder SET kdf = ?, salt = ?, wrapped_private = ? WHERE account_id = ?",
                           arguments: [WardKey.kdf, salt, wrapped, me.id])
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "key_holder", recordId: me.id,
                            after: ["passphrase": "changed"])
        }
    }

    /// Case workers who set their passphrase and wait for the key.
    public func waitingHolders(by account: Account) throws -> [WaitingHolder] {
        try read(as: account, .viewIdentities) { db, _ in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.login, a.display_name FROM key_holder h JOIN account a ON a.id = h.account_id
                WHERE h.ward_key IS NULL AND a.active = 1 ORDER BY a.login
                """).map { WaitingHolder(accountId: $0["id"], login: $0["login"], displayName: $0["display_name"]) }
        }
    }

    /// Gives the ward key to a colleague who set their passphrase: only a holder can (they have
    /// the key open), only to an active case worker, and it is in the audit trail.
    public func giveWardKey(to accountId: Int64, key: WardKey, by account: Account) throws {
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            guard let other = try Self.account(db, id: accountId), other.active, other.can(.viewIdentities),
                  let row = try Row.fetchOne(db, sql: "SELECT public_key FROM key_holder WHERE account_id = ?", arguments: [accountId])
            else { throw WardError.notFound }
            // The key given must be the ward's current one (not one a rotation elsewhere has replaced).
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM informant_key") ?? 0 > 0 { _ = try Self.informantSecret(db, key: key) }
            let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: row["public_key"] as Data)
            try db.execute(sql: "UPDATE key_holder SET ward_key = ?, granted_by = ?, granted_at = ? WHERE account_id = ?",
                           arguments: [try PublicSeal.seal(key.raw, to: publicKey, label: Self.holderKeyLabel(accountId)),
                                       me.login, Timestamp.string(now), accountId])
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "key_holder", recordId: accountId,
                            after: ["given_to": other.login])
        }
    }

    /// An account that no longer sees identities (role removed, account disabled) holds no key.
    static func dropKeyHolder(_ db: Database, _ account: Account, at now: Date, by actor: Actor) throws {
        guard !account.active || !account.can(.viewIdentities) else { return }
        try db.execute(sql: "DELETE FROM key_holder WHERE account_id = ?", arguments: [account.id])
        if db.changesCount > 0 {
            try Audit.write(db, at: now, actor: actor, action: .archive, recordType: "key_holder", recordId: account.id,
                            before: ["holder": account.login])
        }
    }

    // MARK: Recovery

    /// A new recovery key (the old one opens nothing afterwards), for a ward set up before
    /// recovery keys or whose recovery key may be lost. Shown once.
    public func newRecoveryKey(key: WardKey, by account: Account) throws -> String {
        let recovery = RecoveryKey.make()
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            try Self.storeRecovery(db, recovery.key.publicKey, wardKey: key, at: now)
            try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "recovery_key", recordId: 1)
        }
        return recovery.code
    }

    public func hasRecoveryKey() throws -> Bool {
        try reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM recovery_key") ?? 0 > 0 }
    }

    /// Opens the ward with the recovery key and sets the case worker's new passphrase.
    public func recoverWardKey(code: String, newPassphrase: String, by account: Account) throws -> WardKey {
        try Self.checkPassphrase(newPassphrase)
        let sealed = try read(as: account, .viewIdentities) { db, _ in try Data.fetchOne(db, sql: "SELECT ward_key FROM recovery_key WHERE id = 1") }
        guard let sealed else { throw WardError.noRecoveryKey }
        guard let secret = RecoveryKey.parse(code), let raw = try? PublicSeal.open(sealed, with: secret, label: Self.recoveryLabel) else {
            recordFailedPassphrase(by: account, recordType: "recovery_key", recordId: 1)
            throw WardError.wrongRecoveryKey
        }
        let key = WardKey(key: SymmetricKey(data: raw))
        let mine = try HolderSecret(passphrase: newPassphrase)
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            try db.execute(sql: "DELETE FROM key_holder WHERE account_id = ?", arguments: [me.id])
            try mine.insert(db, accountId: me.id, wardKey: key, grantedBy: "recovery", at: now)
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "recovery_key", recordId: 1,
                            after: ["recovered_by": me.login])
        }
        try bindSeals(key: key, by: account)
        return key
    }
}

/// One holder's key pair, its private half sealed under their passphrase.
struct HolderSecret {
    let secret = Curve25519.KeyAgreement.PrivateKey()
    let salt = WardKey.random(16)
    let wrapped: Data

    init(passphrase: String) throws {
        wrapped = try WardKey.wrap(secret.rawRepresentation, passphrase: passphrase, salt: salt, label: WardStore.holderLabel)
    }

    func insert(_ db: Database, accountId: Int64?, wardKey: WardKey?, grantedBy: String?, at now: Date) throws {
        let sealed = try wardKey.map { try PublicSeal.seal($0.raw, to: secret.publicKey, label: WardStore.holderKeyLabel(accountId)) }
        try db.execute(sql: """
            INSERT OR REPLACE INTO key_holder (account_id, public_key, kdf, salt, wrapped_private, ward_key, created_at, granted_by, granted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [accountId, secret.publicKey.rawRepresentation, WardKey.kdf, salt, wrapped, sealed, Timestamp.string(now),
                             grantedBy, wardKey == nil ? nil : Timestamp.string(now)])
    }

    static func open(_ row: Row, passphrase: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        let raw = try WardKey.unwrapRaw(row["wrapped_private"], passphrase: passphrase, salt: row["salt"], kdf: row["kdf"],
                                        label: WardStore.holderLabel)
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else { throw WardError.wrongPassphrase }
        return key
    }
}
