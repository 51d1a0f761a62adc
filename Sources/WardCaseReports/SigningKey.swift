import Crypto
import Foundation
import WardCaseCore
import GRDB

// The ward's report-signing key (Ed25519) is sealed at rest under the signing passphrase, which
// whoever sends the ward's reports holds, as the office clerk keeps the ward's seal. Not under the
// ward key: that belongs to the case workers, who never send reports, and a clerk must never be
// able to open identities. So a copy of the database file (a backup on a USB stick) cannot sign
// figures in the ward's name; the public half stays readable, for `wardcase report key`.

extension WardStore {
    /// The label the signing key is sealed under, so that a wrapped ward key can never be taken for it.
    static let signingKeyLabel = Data("wardcase report signing key v1".utf8)

    /// The fingerprint of the ward's current signing key, for reading out to the receiving
    /// office; nil before the first bundle. Anyone who may send reports may ask.
    public func signingKeyFingerprint(by account: Account) throws -> String? {
        try read(as: account, .exportReports) { db, _ in try Self.currentPublicKey(db).map(ReportBundle.fingerprint) }
    }

    /// Whether signing will ask for a new passphrase (no sealed key yet) or the one set before.
    public func hasSealedSigningKey() throws -> Bool {
        try reading { db in try Self.sealedSigningKey(db) != nil }
    }

    /// The ward's report-signing key, opened with the signing passphrase. The first time, the key
    /// is made (or the plain key an older wardcase kept is taken over, so that offices that
    /// trust it keep trusting it) and sealed under the passphrase given.
    func reportSigningKey(passphrase: String, by account: Account) throws -> Curve25519.Signing.PrivateKey {
        let stored = try read(as: account, .draftReports, .exportReports) { db, _ in try Self.sealedSigningKey(db) }
        if let row = stored {
            do {
                let raw = try WardKey.unwrapRaw(row["wrapped"], passphrase: passphrase, salt: row["salt"], kdf: row["kdf"],
                                                label: Self.signingKeyLabel)
                return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            } catch WardError.wrongPassphrase {
                recordFailedPassphrase(by: account, recordType: "signing_key", recordId: row["id"])
                throw WardError.wrongPassphrase
            } catch let e as WardError { throw e } catch { throw BundleError.brokenKey }
        }
        return try sealSigningKey(passphrase: passphrase, by: account, replacing: false)
    }

    /// A new signing key, for a ward whose passphrase is lost or whose key may be known to someone
    /// who left. The old key is retired (kept, so the trail can say which key signed what); the
    /// receiving office must be told the new fingerprint, since it refuses the new key until then.
    @discardableResult
    public func newSigningKey(passphrase: String, by account: Account) throws -> String {
        let key = try sealSigningKey(passphrase: passphrase, by: account, replacing: true)
        return ReportBundle.fingerprint(key.publicKey.rawRepresentation.base64EncodedString())
    }

    private func sealSigningKey(passphrase: String, by account: Account, replacing: Bool) throws -> Curve25519.Signing.PrivateKey {
        guard passphrase.count >= WardKey.minimumPassphrase else { throw WardError.passphraseTooShort(WardKey.minimumPassphrase) }
        let salt = WardKey.random(16), now = clock()
        return try write(as: account, .draftReports, .exportReports) { db, me in
            if !replacing, try Self.sealedSigningKey(db) != nil { throw WardError.wardKeyExists }
            let plain = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [ReportBundle.plainSigningKeySetting])
            let key: Curve25519.Signing.PrivateKey
            if !replacing, let raw = plain.flatMap({ Data(base64Encoded: $0) }), let old = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) {
                key = old
            } else {
                key = Curve25519.Signing.PrivateKey()
            }
            let wrapped = try WardKey.wrap(key.rawRepresentation, passphrase: passphrase, salt: salt, label: Self.signingKeyLabel)
            try db.execute(sql: "UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL", arguments: [Timestamp.string(now)])
            let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
            try db.execute(sql: "INSERT INTO signing_key (public_key, kdf, salt, wrapped, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [publicKey, WardKey.kdf, salt, wrapped, Timestamp.string(now)])
            // The plain copy goes (secure_delete overwrites its bytes in the file).
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [ReportBundle.plainSigningKeySetting])
            // The public half only: the private key never goes into the audit trail.
            try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "signing_key", recordId: db.lastInsertedRowID,
                            after: ["fingerprint": ReportBundle.fingerprint(publicKey)])
            return key
        }
    }

    static func sealedSigningKey(_ db: Database) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT id, kdf, salt, wrapped FROM signing_key WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1")
    }

    /// The current public key (base64): the sealed key's, else the plain one an older wardcase kept.
    static func currentPublicKey(_ db: Database) throws -> String? {
        if let sealed = try String.fetchOne(db, sql: "SELECT public_key FROM signing_key WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1") {
            return sealed
        }
        let plain = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [ReportBundle.plainSigningKeySetting])
        return plain.flatMap { Data(base64Encoded: $0) }.flatMap { try? Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
            .map { $0.publicKey.rawRepresentation.base64EncodedString() }
    }
}
