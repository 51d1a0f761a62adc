import Foundation
import Crypto
import GRDB

/// The ward key: a random AES-256 key that seals people's identities and case notes. It is kept
/// in the database only sealed under a key derived (scrypt) from the case workers' passphrase, so
/// the database file, a backup or a copy reveals no name, phone or ID number without it. It lives
/// in memory for one session, once a case worker has typed the passphrase.
public struct WardKey: Sendable {
    let key: SymmetricKey
    init(key: SymmetricKey) { self.key = key }
    package init(raw: Data) { key = SymmetricKey(data: raw) }
    package static let minimumPassphrase = 10
    /// Binds the sealed key to its purpose (a report-signing key is sealed under another label).
    static let label = Data("wardcase ward key v1".utf8)

    /// Seals a value for one place: its column and the record it belongs to (the case, or the
    /// tip-off). The place is authenticated with the value (AES-GCM associated data), so a sealed
    /// value moved to another record, by hand or with the sqlite3 shell, does not open there.
    /// A fresh random nonce each time, so equal values never look equal.
    /// `nonce` is fresh and random unless given (the city generator gives never-repeated ones from its seed).
    package func seal(_ data: Data, for column: SealedColumn, of owner: Int64, nonce: AES.GCM.Nonce = .init()) throws -> Data {
        guard let combined = try AES.GCM.seal(data, using: key, nonce: nonce, authenticating: Sealed.binding(column, owner)).combined else {
            throw WardError.wrongPassphrase
        }
        return Sealed.header(owner) + combined
    }

    /// Opens a value sealed for `column` of `owner`. A value sealed for another record is refused
    /// as misplaced; one from before seals were bound opens only while `unbound` allows it (until
    /// the ward's seals have been bound, see `WardStore.bindSeals`).
    func open(_ blob: Data, for column: SealedColumn, of owner: Int64, unbound: Bool = false) throws -> Data {
        guard let sealedFor = Sealed.owner(of: blob) else {
            guard unbound else { throw WardError.sealMisplaced }
            do { return try AES.GCM.open(AES.GCM.SealedBox(combined: blob), using: key) } catch { throw WardError.wrongPassphrase }
        }
        guard sealedFor == owner else { throw WardError.sealMisplaced }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: blob.dropFirst(Sealed.headerSize)), using: key,
                                    authenticating: Sealed.binding(column, owner))
        } catch {
            // The header names this record, so the value was sealed elsewhere (another column) or changed.
            throw WardError.sealMisplaced
        }
    }

    /// Empty text is not stored at all.
    package func seal(text: String, for column: SealedColumn, of owner: Int64) throws -> Data? {
        text.isEmpty ? nil : try seal(Data(VietText.nfc(text).utf8), for: column, of: owner)
    }

    func openText(_ data: Data?, for column: SealedColumn, of owner: Int64) throws -> String {
        guard let data else { return "" }
        return String(decoding: try open(data, for: column, of: owner), as: UTF8.self)
    }

    package func seal(identity: Identity, of caseId: Int64) throws -> Data? {
        identity.isEmpty ? nil : try seal(JSONEncoder().encode(identity), for: .caseIdentity, of: caseId)
    }

    func openIdentity(_ data: Data?, of caseId: Int64) throws -> Identity {
        guard let data else { return Identity() }
        return try JSONDecoder().decode(Identity.self, from: try open(data, for: .caseIdentity, of: caseId))
    }

    /// How the sealing key is derived, as written beside the sealed ward key: "scrypt-N-r-p".
    /// A key is always opened with the parameters it was sealed with, so that raising the cost
    /// for new keys never locks a ward out of the identities it already keeps.
    package static let kdf = "scrypt-\(PasswordHasher.rounds)-\(PasswordHasher.blockSize)-\(PasswordHasher.parallelism)"

    static func derive(_ passphrase: String, salt: Data, kdf: String = kdf) throws -> SymmetricKey {
        let parts = kdf.split(separator: "-")
        guard parts.count == 4, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              PasswordHasher.sane(rounds: n, blockSize: r, parallelism: p) else { throw WardError.unknownKeyDerivation(kdf) }
        return SymmetricKey(data: try PasswordHasher.derive(passphrase, salt: salt, rounds: n, blockSize: r, parallelism: p))
    }

    package static func random(_ count: Int) -> Data {
        var rng = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    package static func wrap(_ raw: Data, passphrase: String, salt: Data, label: Data = label, nonce: AES.GCM.Nonce = .init()) throws -> Data {
        let kek = try derive(passphrase, salt: salt)
        guard let sealed = try AES.GCM.seal(raw, using: kek, nonce: nonce, authenticating: label).combined else { throw WardError.wrongPassphrase }
        return sealed
    }

    static func unwrap(_ wrapped: Data, passphrase: String, salt: Data, kdf: String) throws -> WardKey {
        WardKey(key: SymmetricKey(data: try unwrapRaw(wrapped, passphrase: passphrase, salt: salt, kdf: kdf)))
    }

    package static func unwrapRaw(_ wrapped: Data, passphrase: String, salt: Data, kdf: String, label: Data = label) throws -> Data {
        let kek = try derive(passphrase, salt: salt, kdf: kdf)
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: wrapped), using: kek, authenticating: label)
        } catch {
            throw WardError.wrongPassphrase
        }
    }
}

/// The columns that hold sealed values, and what their owner is: the support case for a person's
/// identity, notes and timeline, the tip-off for its informant.
public enum SealedColumn: String, CaseIterable, Sendable {
    case caseIdentity = "support_case.identity", caseNotes = "support_case.notes"
    case screeningNotes = "screening.notes", contactNotes = "case_contact.notes", referralOutcome = "referral.outcome"
    case policeSanction = "police_list_entry.sanction"

    var table: String { String(rawValue.split(separator: ".")[0]) }
    var column: String { String(rawValue.split(separator: ".")[1]) }
    /// The column naming the owner in the row: the case itself, or the case the entry is about.
    var ownerColumn: String { table == "support_case" ? "id" : "case_id" }
}

/// The wire form of a bound seal: a header naming the owner, then AES-GCM's nonce, text and tag.
/// The header is there so that `check` can find a value sitting in the wrong record without the
/// key; what protects the value is the binding inside the tag.
enum Sealed {
    static let magic: [UInt8] = Array("wcseal".utf8) + [2, 0]
    static let headerSize = magic.count + 8

    static func header(_ owner: Int64) -> Data {
        var d = Data(magic)
        withUnsafeBytes(of: owner.bigEndian) { d.append(contentsOf: $0) }
        return d
    }

    /// The owner a bound seal names, or nil for a value sealed before seals were bound.
    static func owner(of blob: Data) -> Int64? {
        guard blob.count > headerSize, blob.prefix(magic.count).elementsEqual(magic) else { return nil }
        return blob.dropFirst(magic.count).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    static func binding(_ column: SealedColumn, _ owner: Int64) -> Data {
        Data("wardcase seal v2|\(column.rawValue)|\(owner)".utf8)
    }
}
