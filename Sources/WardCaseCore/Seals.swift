import Crypto
import Foundation
import GRDB

// Every sealed value in the ward, handled as a whole: binding the values sealed before seals
// were bound, rotating the ward key, finding values moved to another record, and the informants
// of tip-offs, sealed to the ward's informant key so that an officer can record one without
// holding the ward key and nobody without it reads one back.

extension WardStore {
    static let informantKeyLabel = Data("wardcase informant key v1".utf8)
    package static func informantLabel(_ tipId: Int64?) -> String { "wardcase informant of tip \(tipId ?? 0)" }

    /// Visits every sealed value, a few hundred rows at a time (memory stays flat), and writes
    /// back what `change` returns for it (nil: leave it).
    static func resealAll(_ db: Database, progress: WorkProgress, _ change: (Data, SealedColumn, Int64) throws -> Data?) throws {
        var total = 0
        for c in SealedColumn.allCases {
            total += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(c.table) WHERE \(c.column) IS NOT NULL") ?? 0
        }
        progress.add(total: total)
        try progress.tell()
        for c in SealedColumn.allCases {
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid AS r, \(c.ownerColumn) AS owner, \(c.column) AS v FROM \(c.table)
                    WHERE rowid > ? AND \(c.column) IS NOT NULL ORDER BY rowid LIMIT 500
                    """, arguments: [after])
                guard let last = rows.last else { break }
                for row in rows {
                    if let changed = try change(row["v"], c, row["owner"]) {
                        try db.execute(sql: "UPDATE \(c.table) SET \(c.column) = ? WHERE rowid = ?", arguments: [changed, row["r"] as Int64])
                    }
                }
                after = last["r"]
                try progress.advance(rows.count)
            }
        }
    }

    /// Binds each value sealed before seals were bound to its record (once, at the first unlock
    /// after the upgrade), makes the informant key if the ward has none, and seals any informant
    /// still in plain text. Afterwards a value without a binding opens nowhere.
    func bindSeals(key: WardKey, by account: Account, progress: WorkProgress = .silent) throws {
        let (bound, informantKey, plain) = try reading { db in
            (try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'seals_bound'") == "1",
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM informant_key") ?? 0 > 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tip WHERE reporter <> ''") ?? 0)
        }
        if bound && informantKey && plain == 0 { return }
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            var count = 0
            if !bound {
                try Self.resealAll(db, progress: progress) { blob, column, owner in
                    guard Sealed.owner(of: blob) == nil else { return nil }
                    count += 1
                    return try key.seal(try key.open(blob, for: column, of: owner, unbound: true), for: column, of: owner)
                }
                try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('seals_bound', '1')")
            }
            try Self.ensureInformantKey(db, key: key, at: now)
            let informants = try Self.sealPlainReporters(db)
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "ward_key", recordId: 1,
                            after: ["seals_bound": String(count), "informants_sealed": String(informants)])
        }
    }

    /// The ward's informant key pair: the public half seals informants, the private half is sealed
    /// under the ward key.
    static func ensureInformantKey(_ db: Database, key: WardKey, at now: Date) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM informant_key") ?? 0 == 0 else { return }
        let pair = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try sealInformantKey(pair, wardKey: key)
        try db.execute(sql: "INSERT INTO informant_key (id, public_key, private_sealed, created_at) VALUES (1, ?, ?, ?)",
                       arguments: [pair.publicKey.rawRepresentation, sealed, Timestamp.string(now)])
    }

    /// The informant key's private half sealed under the ward key; `nonce` as for `WardKey.seal`.
    package static func sealInformantKey(_ pair: Curve25519.KeyAgreement.PrivateKey, wardKey: WardKey,
                                         nonce: AES.GCM.Nonce = .init()) throws -> Data {
        guard let sealed = try AES.GCM.seal(pair.rawRepresentation, using: wardKey.key, nonce: nonce,
                                            authenticating: informantKeyLabel).combined else { throw WardError.wrongPassphrase }
        return sealed
    }

    static func informantPublicKey(_ db: Database) throws -> Curve25519.KeyAgreement.PublicKey? {
        try Data.fetchOne(db, sql: "SELECT public_key FROM informant_key WHERE id = 1")
            .flatMap { try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: $0) }
    }

    static func informantSecret(_ db: Database, key: WardKey) throws -> Curve25519.KeyAgreement.PrivateKey {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT private_sealed FROM informant_key WHERE id = 1") else { throw WardError.noWardKey }
        do {
            let raw = try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key.key, authenticating: informantKeyLabel)
            return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        } catch { throw WardError.sealMisplaced }
    }

    /// Seals the informants still written in plain text (from before, or from a generator); returns how many.
    @discardableResult
    static func sealPlainReporters(_ db: Database) throws -> Int {
        guard let publicKey = try informantPublicKey(db) else { return 0 }
        var count = 0
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT id, reporter FROM tip WHERE reporter <> '' ORDER BY id LIMIT 500")
            if rows.isEmpty { return count }
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(sql: "UPDATE tip SET reporter_sealed = ?, reporter = '' WHERE id = ?",
                               arguments: [try PublicSeal.seal(Data((row["reporter"] as String).utf8), to: publicKey, label: informantLabel(id)), id])
                count += 1
            }
        }
    }

    /// Who reported a tip-off, for someone who handles tip-offs and holds the ward key; the
    /// showing is in the audit trail, never the name.
    public func informant(ofTip tipId: Int64, key: WardKey, by account: Account) throws -> String {
        let now = clock()
        // Both: one who handles tip-offs, and one who holds the key.
        try read(as: account, .viewIdentities) { _, _ in }
        return try write(as: account, .logTipOffs) { db, me in
            guard let sealed = try Data.fetchOne(db, sql: "SELECT reporter_sealed FROM tip WHERE id = ?", arguments: [tipId]) else { return "" }
            let name = String(decoding: try PublicSeal.open(sealed, with: try Self.informantSecret(db, key: key), label: Self.informantLabel(tipId)),
                              as: UTF8.self)
            try Audit.write(db, at: now, actor: Actor(me), action: .viewIdentity, recordType: "tip", recordId: tipId, after: ["informant": "sealed"])
            return name
        }
    }

    // MARK: Rotation

    /// A new ward key for everything sealed: every identity, note and the informant key are
    /// opened with the old key and sealed with the new one, and the new key is sealed to every
    /// holder and to the recovery key, all in one transaction (cancelled or failed, nothing
    /// changes). Copies of the database made before still open with the old key, but nothing
    /// written afterwards does; the ward's shared passphrase from before, if any, is retired.
    public func rotateWardKey(key old: WardKey, by account: Account, progress: WorkProgress = .silent) throws -> WardKey {
        let new = WardKey(key: SymmetricKey(data: WardKey.random(32)))
        let now = clock()
        try write(as: account, .viewIdentities) { db, me in
            try Self.resealAll(db, progress: progress) { blob, column, owner in
                try new.seal(try old.open(blob, for: column, of: owner), for: column, of: owner)
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM informant_key") ?? 0 > 0 {
                let secret = try Self.informantSecret(db, key: old)
                guard let sealed = try AES.GCM.seal(secret.rawRepresentation, using: new.key, authenticating: Self.informantKeyLabel).combined
                else { throw WardError.wrongPassphrase }
                try db.execute(sql: "UPDATE informant_key SET private_sealed = ? WHERE id = 1", arguments: [sealed])
            } else {
                try Self.ensureInformantKey(db, key: new, at: now)
            }
            for row in try Row.fetchAll(db, sql: "SELECT account_id, public_key FROM key_holder WHERE ward_key IS NOT NULL") {
                let id: Int64 = row["account_id"]
                let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: row["public_key"] as Data)
                try db.execute(sql: "UPDATE key_holder SET ward_key = ? WHERE account_id = ?",
                               arguments: [try PublicSeal.seal(new.raw, to: publicKey, label: Self.holderKeyLabel(id)), id])
            }
            if let recovery = try Data.fetchOne(db, sql: "SELECT public_key FROM recovery_key WHERE id = 1") {
                try Self.storeRecovery(db, try Curve25519.KeyAgreement.PublicKey(rawRepresentation: recovery), wardKey: new, at: now)
            }
            try db.execute(sql: "DELETE FROM ward_key")
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('seals_bound', '1')")
            try Audit.write(db, at: now, actor: Actor(me), action: .update, recordType: "ward_key", recordId: 1, after: ["rotated": "1"])
        }
        return new
    }

    // MARK: Check

    /// Sealed values sitting in a record they were not sealed for, found without the key by the
    /// owner each seal names: "support_case 12" for a case's identity or notes, else the table and row.
    static func misplacedSeals(_ db: Database) throws -> [String] {
        let bound = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'seals_bound'") == "1"
        var out: [String] = []
        for c in SealedColumn.allCases {
            let rows = try Row.fetchCursor(db, sql: "SELECT rowid AS r, \(c.ownerColumn) AS owner, \(c.column) AS v FROM \(c.table) WHERE \(c.column) IS NOT NULL")
            while let row = try rows.next() {
                let named = Sealed.owner(of: row["v"])
                if named.map({ $0 != row["owner"] }) ?? bound { out.append("\(c.rawValue) #\(row["r"] as Int64)") }
            }
        }
        return out
    }
}
