import XCTest
import GRDB
import Crypto
@testable import WardCaseCore

/// Files that only their owner reads, and a backup that can never eat the database it copies.
final class SafeFileTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("ward.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-safe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A careless day: the admin types the live database's own path (or its -wal, or a link to it)
    /// as the backup's target. Before, the live file was deleted to make room. Now nothing is
    /// touched and the sentence says why.
    func testABackupIsNeverWrittenOverTheLiveDatabase() throws {
        let store = try WardStore.open(path: path)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        let admin = try store.everyRole()
        try store.addEstablishment(Establishment(name: "Karaoke Còn Nguyên", typeId: 4), by: admin)
        let link = folder.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let hard = folder.appendingPathComponent("hard.sqlite").path
        XCTAssertEqual(Foundation.link(path, hard), 0)
        let sameByDots = folder.appendingPathComponent("sub/../ward.sqlite").path
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for target in [path, path + "-wal", path + "-shm", link, hard, sameByDots] {
            XCTAssertThrowsError(try store.backup(to: target, by: admin, replace: true), target) {
                XCTAssertEqual($0 as? WardError, .backupOntoLive(path: target))
            }
        }
        XCTAssertEqual(try store.countEstablishments(EstablishmentQuery(language: .vi)), 1)
        XCTAssertEqual(try WardStore.open(path: path).check(by: admin), [])
    }

    /// An existing file is replaced only when asked to; the copy is readable by its owner alone.
    func testABackupReplacesAFileOnlyWhenToldAndIsTheOwnersAlone() throws {
        let store = try WardStore.open(path: path)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        let admin = try store.everyRole()
        let target = folder.appendingPathComponent("copy.sqlite").path
        try Data("ảnh của tôi".utf8).write(to: URL(fileURLWithPath: target))
        XCTAssertThrowsError(try store.backup(to: target, by: admin)) { XCTAssertEqual($0 as? WardError, .fileExists(path: target)) }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "ảnh của tôi")
        try store.backup(to: target, by: admin, replace: true)
        try WardStore.verifyBackup(target)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }, [])
    }

    /// Copies made by hand are kept by the same rule as the daily ones: the newest fourteen.
    func testManualBackupsArePrunedLikeTheDailyOnes() throws {
        let clock = TestClock()
        let store = try WardStore.open(path: path, clock: clock.closure)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        let admin = try store.everyRole()
        var made: [String] = []
        for _ in 0..<16 {
            let target = store.backupPath(label: "manual")
            try store.backup(to: target, by: admin)
            made.append(URL(fileURLWithPath: target).lastPathComponent)
            clock.advance(60)
        }
        let backups = folder.appendingPathComponent("backups").path
        let kept = try FileManager.default.contentsOfDirectory(atPath: backups).filter { $0.contains("-manual-") }.sorted()
        XCTAssertEqual(kept, Array(made.suffix(WardStore.backupsKept)))
    }
}

/// Keys and hashes are opened with the parameters they were made with.
final class KeyDerivationTests: XCTestCase {
    /// A ward whose key was sealed with other scrypt parameters (an older version, or a cost
    /// raised since) must still open it: the stored `kdf` is honoured, not today's default.
    func testAWardKeySealedWithOtherParametersStillOpens() throws {
        let store = try WardStore.inMemory()
        let worker = try store.createFirstAccount(login: "hang", displayName: "Hằng", roles: [.admin, .caseWorker], password: "matkhau123")
        let salt = WardKey.random(16), raw = WardKey.random(32)
        let older = "scrypt-1024-8-1"
        let wrapped = try AES.GCM.seal(raw, using: try WardKey.derive("cụm mật khẩu cũ", salt: salt, kdf: older),
                                       authenticating: Data("wardcase ward key v1".utf8)).combined!
        try store.testConnection.write { db in
            try db.execute(sql: "INSERT INTO ward_key (id, kdf, salt, wrapped, created_at) VALUES (1, ?, ?, ?, '2020-01-01T00:00:00Z')",
                           arguments: [older, salt, wrapped])
        }
        let key = try store.unlockWardKey(passphrase: "cụm mật khẩu cũ", by: worker)
        XCTAssertEqual(key.key.withUnsafeBytes { Data($0) }, raw)
        // A derivation this version does not know, or absurd parameters from a tampered row, are refused in words.
        for kdf in ["argon2id-3-65536-4", "scrypt-1073741824-8-1"] {
            // The shared wrapping and the holder's own, made with it at the first unlock.
            try store.testConnection.write { db in
                try db.execute(sql: "UPDATE ward_key SET kdf = ?", arguments: [kdf])
                try db.execute(sql: "UPDATE key_holder SET kdf = ?", arguments: [kdf])
            }
            XCTAssertThrowsError(try store.unlockWardKey(passphrase: "cụm mật khẩu cũ", by: worker)) {
                XCTAssertEqual($0 as? WardError, .unknownKeyDerivation(kdf))
            }
        }
    }

    /// A password hashed with older parameters still signs in, and is hashed again with today's.
    func testAnOlderPasswordHashIsRenewedAtTheNextSignIn() throws {
        let store = try WardStore.inMemory()
        let a = try store.createFirstAccount(login: "lan", displayName: "Lan", password: "matkhau123")
        let salt = Data(repeating: 7, count: 16)
        let old = try PasswordHasher.derive("matkhau123", salt: salt, rounds: 1024, blockSize: 8, parallelism: 1)
        let oldHash = ["scrypt", "1024", "8", "1", salt.base64EncodedString(), old.base64EncodedString()].joined(separator: "$")
        try store.testConnection.write { db in try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ?", arguments: [oldHash, a.id]) }
        guard case .success = try store.signIn(login: "lan", password: "matkhau123") else { return XCTFail("the old hash still signs in") }
        let renewed = try XCTUnwrap(store.account(login: "lan")?.passwordHash)
        XCTAssertFalse(PasswordHasher.isOutdated(renewed), renewed)
        XCTAssertEqual(try store.signIn(login: "lan", password: "matkhau123"), .success(try XCTUnwrap(store.account(login: "lan"))))
    }
}

/// An audit trail whose tampering shows. Someone with the sqlite3 shell drops the trail's
/// triggers, changes what a row says, removes one or slips one in, and puts the triggers back.
/// The trail cannot stop them; `check` must name the first row that no longer follows.
final class AuditChainTests: XCTestCase {
    func store() throws -> (WardStore, Account) {
        let store = try WardStore.inMemory()
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        let admin = try store.everyRole()
        for i in 0..<5 { try store.addEstablishment(Establishment(name: "Nhà nghỉ \(i)", typeId: 2), by: admin) }
        XCTAssertEqual(try store.check(by: admin), [])
        return (store, admin)
    }

    /// Runs `sql` with the trail's own triggers out of the way, as an attacker with the file would.
    func tamper(_ store: WardStore, _ sql: String) throws {
        try store.testConnection.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete")
            try db.execute(sql: sql)
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
        }
    }

    func testAChangedRowIsNamed() throws {
        let (s, admin) = try store()
        let id = try XCTUnwrap(s.testConnection.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM audit WHERE after LIKE '%Nhà nghỉ 2%'") })
        try tamper(s, "UPDATE audit SET actor = 'nguoi-khac' WHERE id = \(id)")
        XCTAssertEqual(try s.check(by: admin), [.auditChainBroken(at: id)])
    }

    func testARemovedRowShowsAtTheNextOne() throws {
        let (s, admin) = try store()
        let id = try XCTUnwrap(s.testConnection.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM audit WHERE after LIKE '%Nhà nghỉ 1%'") })
        try tamper(s, "DELETE FROM audit WHERE id = \(id)")
        XCTAssertEqual(try s.check(by: admin), [.auditChainBroken(at: id + 1)])
    }

    func testARowSlippedInIsNamed() throws {
        let (s, admin) = try store()
        try s.testConnection.write { db in
            try db.execute(sql: "INSERT INTO audit (at, actor, action, record_type) VALUES ('2026-01-01T00:00:00Z', 'ai-do', 'create', 'ward')")
        }
        let last = try XCTUnwrap(s.testConnection.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit") })
        XCTAssertEqual(try s.check(by: admin), [.auditChainBroken(at: last)])
    }
}
