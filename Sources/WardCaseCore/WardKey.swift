import Foundation
import Crypto
import GRDB

/// The ward key: a random AES-256 key that seals people's identities and case notes. It is kept
/// in the database only sealed under a key derived (scrypt) from the case workers' passphrase, so
/// the database file, a backup or a copy reveals no name, phone or ID number without it. It lives
/// in memory for one session, once a case worker has typed the passphrase.
public struct WardKey: Sendable {
    let key: SymmetricKey
    static let minimumPassphrase = 10
    /// Binds the sealed key to its purpose (a report-signing key is sealed under another label).
    static let label = Data("wardcase ward key v1".utf8)

    /// Seals data; a fresh random nonce each time, so equal values never look equal.
    public func seal(_ data: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(data, using: key).combined else { throw WardError.wrongPassphrase }
        return combined
    }

    public func open(_ data: Data) throws -> Data {
        do { return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key) } catch { throw WardError.wrongPassphrase }
    }

    /// Empty text is not stored at all.
    func seal(text: String) throws -> Data? { text.isEmpty ? nil : try seal(Data(VietText.nfc(text).utf8)) }

    func openText(_ data: Data?) throws -> String {
        guard let data else { return "" }
        return String(decoding: try open(data), as: UTF8.self)
    }

    func seal(identity: Identity) throws -> Data? { identity.isEmpty ? nil : try seal(JSONEncoder().encode(identity)) }

    func openIdentity(_ data: Data?) throws -> Identity {
        guard let data else { return Identity() }
        return try JSONDecoder().decode(Identity.self, from: try open(data))
    }

    /// How the sealing key is derived, as written beside the sealed ward key: "scrypt-N-r-p".
    /// A key is always opened with the parameters it was sealed with, so that raising the cost
    /// for new keys never locks a ward out of the identities it already keeps.
    static let kdf = "scrypt-\(PasswordHasher.rounds)-\(PasswordHasher.blockSize)-\(PasswordHasher.parallelism)"

    static func derive(_ passphrase: String, salt: Data, kdf: String = kdf) throws -> SymmetricKey {
        let parts = kdf.split(separator: "-")
        guard parts.count == 4, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              PasswordHasher.sane(rounds: n, blockSize: r, parallelism: p) else { throw WardError.unknownKeyDerivation(kdf) }
        return SymmetricKey(data: try PasswordHasher.derive(passphrase, salt: salt, rounds: n, blockSize: r, parallelism: p))
    }

    static func random(_ count: Int) -> Data {
        var rng = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    static func wrap(_ raw: Data, passphrase: String, salt: Data, label: Data = label) throws -> Data {
        let kek = try derive(passphrase, salt: salt)
        guard let sealed = try AES.GCM.seal(raw, using: kek, authenticating: label).combined else { throw WardError.wrongPassphrase }
        return sealed
    }

    static func unwrap(_ wrapped: Data, passphrase: String, salt: Data, kdf: String) throws -> WardKey {
        WardKey(key: SymmetricKey(data: try unwrapRaw(wrapped, passphrase: passphrase, salt: salt, kdf: kdf)))
    }

    static func unwrapRaw(_ wrapped: Data, passphrase: String, salt: Data, kdf: String, label: Data = label) throws -> Data {
        let kek = try derive(passphrase, salt: salt, kdf: kdf)
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: wrapped), using: kek, authenticating: label)
        } catch {
            throw WardError.wrongPassphrase
        }
    }
}

extension WardStore {
    /// Whether the ward has set its passphrase yet.
    public func hasWardKey() throws -> Bool {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ward_key") ?? 0 > 0 }
    }

    /// Creates the ward key under a passphrase, once. Only a case worker may.
    @discardableResult
    public func createWardKey(passphrase: String, by account: Account) throws -> WardKey {
        guard passphrase.count >= WardKey.minimumPassphrase else { throw WardError.passphraseTooShort(WardKey.minimumPassphrase) }
        let raw = WardKey.random(32), salt = WardKey.random(16)
        let wrapped = try WardKey.wrap(raw, passphrase: passphrase, salt: salt)
        let now = clock()
        try write(as: account, .viewIdentities) { db, account in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ward_key") ?? 0 > 0 { throw WardError.wardKeyExists }
            try db.execute(sql: "INSERT INTO ward_key (id, kdf, salt, wrapped, created_at) VALUES (1, ?, ?, ?, ?)",
                           arguments: [WardKey.kdf, salt, wrapped, Timestamp.string(now)])
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "ward_key", recordId: 1)
        }
        return WardKey(key: SymmetricKey(data: raw))
    }

    /// Opens the ward key with the passphrase; a wrong one is refused (and written to the audit trail).
    public func unlockWardKey(passphrase: String, by account: Account) throws -> WardKey {
        let stored = try read(as: account, .viewIdentities) { db, _ in try Row.fetchOne(db, sql: "SELECT kdf, salt, wrapped FROM ward_key WHERE id = 1") }
        guard let row = stored else { throw WardError.noWardKey }
        do {
            return try WardKey.unwrap(row["wrapped"], passphrase: passphrase, salt: row["salt"], kdf: row["kdf"])
        } catch {
            recordFailedPassphrase(by: account, recordType: "ward_key", recordId: 1)
            throw error
        }
    }
}
