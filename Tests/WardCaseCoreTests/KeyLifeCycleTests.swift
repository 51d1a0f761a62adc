import Crypto
import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// The ward key's life: bound seals, sealed informants, one wrapping per case worker, the
/// recovery key and rotation. Each attack is told as a story: what someone does, and what must
/// not happen.
final class KeyLifeCycleTests: XCTestCase {
    typealias Day = Formats.Day
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026
    static let passphrase = "Hoa sen nở giữa đầm 2026"
    var folder: URL!
    var store: WardStore!
    var today: Day!
    var tester: Account!
    var hang: Account!
    var minh: Account!
    var officer: Account!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-keys-\(UUID().uuidString)")
        store = try WardStore.open(path: folder.appendingPathComponent("ward.sqlite").path, clock: { KeyLifeCycleTests.now })
        today = Day.today(Self.now)
        try store.initialiseWard(WardIdentity(name: "Phường Láng", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế"))
        tester = try store.everyRole()
        hang = try store.createAccount(login: "hang", displayName: "Hằng", roles: [.caseWorker], password: "matkhau123", by: tester)
        minh = try store.createAccount(login: "minh", displayName: "Minh", roles: [.caseWorker], password: "matkhau123", by: tester)
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: tester)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func newCase(_ key: WardKey, _ name: String, notes: String = "") throws -> Int64 {
        let c = try store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .outreach,
                                              firstContact: today.adding(days: -30)),
                                  identity: Identity(fullName: name, phone: "0912345678"), notes: notes, key: key, by: hang)
        return try XCTUnwrap(c.id)
    }

    func assertRefused(_ expected: WardError, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Any) {
        XCTAssertThrowsError(try body(), file: file, line: line) { XCTAssertEqual($0 as? WardError, expected, file: file, line: line) }
    }

    // MARK: Bound seals

    /// The attack: someone with write access to the file swaps two people's sealed identities
    /// with the sqlite3 shell, so that the case worker reads, and exports, the wrong person
    /// under a case. Neither case may open, and `check` must name both, without the key.
    func testSwappedIdentitiesRefuseToOpenAndCheckNamesThem() throws {
        let key = try store.createWardKey(passphrase: Self.passphrase, by: hang).key
        let a = try newCase(key, "Nguyễn Thị An", notes: "Ghi chú của An")
        let b = try newCase(key, "Trần Thị Bình")
        XCTAssertEqual(try store.openCase(a, key: key, by: hang).identity.fullName, "Nguyễn Thị An")
        XCTAssertTrue(try store.check(by: tester).isEmpty)

        try store.testConnection.write { db in
            let blobA = try Data.fetchOne(db, sql: "SELECT identity FROM support_case WHERE id = ?", arguments: [a])
            let blobB = try Data.fetchOne(db, sql: "SELECT identity FROM support_case WHERE id = ?", arguments: [b])
            try db.execute(sql: "UPDATE support_case SET identity = ? WHERE id = ?", arguments: [blobB, a])
            try db.execute(sql: "UPDATE support_case SET identity = ? WHERE id = ?", arguments: [blobA, b])
        }
        assertRefused(.sealMisplaced) { try self.store.openCase(a, key: key, by: self.hang) }
        assertRefused(.sealMisplaced) { try self.store.openCase(b, key: key, by: self.hang) }
        let c = try XCTUnwrap(try store.supportCase(id: b))
        assertRefused(.sealMisplaced) { try self.store.identityForExport(of: c, key: key, by: self.hang) }
        let problems = try store.check(by: tester)
        XCTAssertEqual(problems, [.sealsMisplaced(["support_case.identity #\(a)", "support_case.identity #\(b)"])])
        XCTAssertTrue(problems[0].message(try Localizer.load(.en, resources: ResourceLocator.directory())).contains("#\(a)"))

        // Within one case, the notes put in the identity's place: the header is right, the binding is not.
        try store.testConnection.write { db in
            try db.execute(sql: "UPDATE support_case SET identity = notes WHERE id = ?", arguments: [a])
        }
        assertRefused(.sealMisplaced) { try self.store.openCase(a, key: key, by: self.hang) }
    }

    // MARK: Informants

    /// The attack: an admin or team leader (who read the audit trail but hold no key), or anyone
    /// with a copy of the file, looks for who reported a tip-off. The name must be in no byte of
    /// the database or its WAL, and in no audit row; an officer records it without the key and
    /// cannot read it back; someone who handles tip-offs and holds the key can.
    func testAnInformantIsSealedAndNeverInTheFileOrTheTrail() throws {
        var tip = try store.newTip(received: today.adding(days: -2), kind: .denunciation, channel: .hotline)
        tip.content = "Nghi có hoạt động mua bán dâm ở phòng hát số 3"
        tip.reporter = "Phạm Văn Báo Tin"
        assertRefused(.informantNeedsWardKey) { try self.store.saveTip(tip, original: nil, by: self.officer) }
        let key = try store.createWardKey(passphrase: Self.passphrase, by: hang).key

        let saved = try store.saveTip(tip, original: nil, by: officer)
        let id = try XCTUnwrap(saved.id)
        var stored = try XCTUnwrap(try store.tip(id: id))
        XCTAssertEqual(stored.reporter, "")
        XCTAssertNotNil(stored.reporterSealed)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            for form in ["Phạm Văn Báo Tin", "Báo Tin", "Phạm Văn Báo Tin".decomposedStringWithCanonicalMapping, "pham van bao tin"] {
                XCTAssertNil(bytes.range(of: Data(form.utf8)), "\(form) in \(file)")
            }
        }
        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 1000, by: tester)
        XCTAssertFalse(trail.contains { "\($0)".contains("Báo Tin") })
        XCTAssertTrue(trail.contains { $0.recordType == "tip" && $0.after["informant"] == "sealed" })

        // Who may read it back: not the officer (no key), not a case worker (no tip-offs), the one with both.
        XCTAssertThrowsError(try store.informant(ofTip: id, key: key, by: officer))
        XCTAssertThrowsError(try store.informant(ofTip: id, key: key, by: hang))
        let both = try store.createAccount(login: "tu", displayName: "Tú", roles: [.officer, .caseWorker], password: "matkhau123", by: tester)
        XCTAssertEqual(try store.informant(ofTip: id, key: key, by: both), "Phạm Văn Báo Tin")

        // Editing the tip without retyping keeps it sealed; anonymous removes it.
        stored.content += " (đã xác minh)"
        stored = try store.saveTip(stored, original: stored, by: officer)
        XCTAssertEqual(try store.informant(ofTip: id, key: key, by: both), "Phạm Văn Báo Tin")
        stored.anonymous = true
        stored = try store.saveTip(stored, original: stored, by: officer)
        XCTAssertNil(stored.reporterSealed)
        XCTAssertEqual(try store.informant(ofTip: id, key: key, by: both), "")

        // A sealed informant moved to another tip does not open there.
        var other = try store.newTip(received: today.adding(days: -1), kind: .information, channel: .hotline)
        other.content = "Tin khác"
        other.reporter = "Người Khác"
        let otherId = try XCTUnwrap(try store.saveTip(other, original: nil, by: officer).id)
        try store.testConnection.write { db in
            try db.execute(sql: "UPDATE tip SET reporter_sealed = (SELECT reporter_sealed FROM tip WHERE id = ?) WHERE id = ?", arguments: [otherId, id])
        }
        assertRefused(.sealMisplaced) { try self.store.informant(ofTip: id, key: key, by: both) }
    }

    // MARK: Passphrases

    /// A new case worker sets their own passphrase and waits; a holder gives them the key; each
    /// changes their passphrase alone; the recovery key re-opens a forgotten one; and one whose
    /// role is removed opens nothing, even with the passphrase they had.
    func testEachCaseWorkerHasTheirOwnPassphraseAndTheRecoveryKeyOpens() throws {
        XCTAssertEqual(try store.keyStanding(by: hang), .noWardKey)
        let made = try store.createWardKey(passphrase: Self.passphrase, by: hang)
        XCTAssertEqual(made.recoveryCode.split(separator: "-").map(\.count), [5, 5, 5, 5, 5, 5, 5, 5])
        let id = try newCase(made.key, "Lê Thị Cúc")
        XCTAssertEqual(try store.keyStanding(by: hang), .holder)
        XCTAssertEqual(try store.keyStanding(by: minh), .noPassphrase)
        assertRefused(.passphraseNotSet) { try self.store.unlockWardKey(passphrase: Self.passphrase, by: self.minh) }

        try store.setOwnPassphrase("mật khẩu riêng của Minh", by: minh)
        XCTAssertEqual(try store.keyStanding(by: minh), .waiting)
        assertRefused(.keyNotGiven) { try self.store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: self.minh) }
        XCTAssertEqual(try store.waitingHolders(by: hang).map(\.login), ["minh"])
        // Only someone who holds the key can give it, and only to a case worker.
        XCTAssertThrowsError(try store.giveWardKey(to: try XCTUnwrap(minh.id), key: made.key, by: officer))
        XCTAssertThrowsError(try store.giveWardKey(to: try XCTUnwrap(officer.id), key: made.key, by: hang))
        try store.giveWardKey(to: try XCTUnwrap(minh.id), key: made.key, by: hang)
        let minhKey = try store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: minh)
        XCTAssertEqual(try store.openCase(id, key: minhKey, by: minh).identity.fullName, "Lê Thị Cúc")
        assertRefused(.wrongPassphrase) { try self.store.unlockWardKey(passphrase: Self.passphrase, by: self.minh) }

        // Hằng changes hers: the old one opens nothing, Minh's is unchanged.
        assertRefused(.wrongPassphrase) { try self.store.changePassphrase(old: "không đúng mật khẩu", new: "mật khẩu mới của Hằng", by: self.hang) }
        try store.changePassphrase(old: Self.passphrase, new: "mật khẩu mới của Hằng", by: hang)
        assertRefused(.wrongPassphrase) { try self.store.unlockWardKey(passphrase: Self.passphrase, by: self.hang) }
        XCTAssertNoThrow(try store.unlockWardKey(passphrase: "mật khẩu mới của Hằng", by: hang))
        XCTAssertNoThrow(try store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: minh))

        // Hằng forgets it: the recovery key (as typed, lower case, O for 0) opens and sets a new one.
        assertRefused(.wrongRecoveryKey) { try self.store.recoverWardKey(code: "ABCDE-" + made.recoveryCode.dropFirst(6), newPassphrase: "mật khẩu thứ ba", by: self.hang) }
        let typed = made.recoveryCode.lowercased().replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "-", with: " ")
        let recovered = try store.recoverWardKey(code: typed, newPassphrase: "mật khẩu thứ ba", by: hang)
        XCTAssertEqual(try store.openCase(id, key: recovered, by: hang).identity.fullName, "Lê Thị Cúc")
        XCTAssertNoThrow(try store.unlockWardKey(passphrase: "mật khẩu thứ ba", by: hang))

        // Minh leaves the role: his wrapping goes, and with the role back he starts over.
        minh = try XCTUnwrap(try store.account(login: "minh"))
        var changed = minh!
        changed.roles = [.officer]
        minh = try store.updateAccount(changed, original: minh, by: tester)
        XCTAssertThrowsError(try store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: minh))
        changed = minh
        changed.roles = [.caseWorker]
        minh = try store.updateAccount(changed, original: minh, by: tester)
        XCTAssertEqual(try store.keyStanding(by: minh), .noPassphrase)
        assertRefused(.passphraseNotSet) { try self.store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: self.minh) }

        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 1000, by: tester)
        for type in ["key_holder", "recovery_key", "ward_key"] { XCTAssertTrue(trail.contains { $0.recordType == type }, type) }
        XCTAssertFalse(trail.contains { "\($0)".contains(Self.passphrase) || "\($0)".contains(made.recoveryCode) })
    }

    // MARK: Rotation

    /// The attack: a case worker who left took a copy of the database and knows their old
    /// passphrase. After a rotation, what is written afterwards does not open with the old key;
    /// the holders and the recovery key open the new one; a rotation cancelled halfway changes nothing.
    func testRotationResealsEverythingAndACancelledOneWritesNothing() throws {
        let made = try store.createWardKey(passphrase: Self.passphrase, by: hang)
        let old = made.key
        var ids: [Int64] = []
        for i in 0..<30 {
            let id = try newCase(old, "Người thứ \(i)", notes: "Ghi chú \(i)")
            try store.addContact(caseId: id, on: today, kind: .office, notes: "Gặp lần \(i)", key: old, by: hang)
            ids.append(id)
        }
        var tip = try store.newTip(received: today, kind: .information, channel: .hotline)
        tip.content = "Tin"
        tip.reporter = "Người Báo"
        let tipId = try XCTUnwrap(try store.saveTip(tip, original: nil, by: officer).id)
        try store.setOwnPassphrase("mật khẩu riêng của Minh", by: minh)
        try store.giveWardKey(to: try XCTUnwrap(minh.id), key: old, by: hang)
        func blobs() throws -> [Data?] {
            try store.testConnection.read { db in
                try Data?.fetchAll(db, sql: "SELECT identity FROM support_case UNION ALL SELECT notes FROM case_contact UNION ALL SELECT ward_key FROM key_holder")
            }
        }
        let before = try blobs()

        let halfway = WorkProgress(every: 0) { $0.done < 20 }
        assertRefused(.cancelled) { try self.store.rotateWardKey(key: old, by: self.hang, progress: halfway) }
        XCTAssertEqual(try blobs(), before)
        XCTAssertNoThrow(try store.openCase(ids[0], key: old, by: hang))

        var seen: [WorkProgress.State] = []
        let new = try store.rotateWardKey(key: old, by: hang, progress: WorkProgress(every: 0) { seen.append($0); return true })
        XCTAssertEqual(seen.last?.done, 90)   // 30 identities, 30 notes, 30 contacts
        assertRefused(.sealMisplaced) { try self.store.openCase(ids[3], key: old, by: self.hang) }
        let opened = try store.openCase(ids[3], key: new, by: hang)
        XCTAssertEqual(opened.identity.fullName, "Người thứ 3")
        XCTAssertEqual(opened.notes, "Ghi chú 3")
        // The timeline opens with the case itself; its contact carries the notes.
        XCTAssertEqual(opened.timeline.first { if case .contact = $0.kind { true } else { false } }?.notes, "Gặp lần 3")
        let both = try store.createAccount(login: "tu", displayName: "Tú", roles: [.officer, .caseWorker], password: "matkhau123", by: tester)
        XCTAssertEqual(try store.informant(ofTip: tipId, key: new, by: both), "Người Báo")
        // A session still holding the old key cannot hand it out as the ward's.
        let late = try store.createAccount(login: "muon", displayName: "Muộn", roles: [.caseWorker], password: "matkhau123", by: tester)
        try store.setOwnPassphrase("mật khẩu của người đến muộn", by: late)
        assertRefused(.sealMisplaced) { try self.store.giveWardKey(to: try XCTUnwrap(late.id), key: old, by: self.hang) }
        XCTAssertNoThrow(try store.giveWardKey(to: try XCTUnwrap(late.id), key: new, by: hang))
        // Every holder and the recovery key reach the new key.
        let minhKey = try store.unlockWardKey(passphrase: "mật khẩu riêng của Minh", by: minh)
        XCTAssertEqual(try store.openCase(ids[0], key: minhKey, by: minh).identity.fullName, "Người thứ 0")
        let recovered = try store.recoverWardKey(code: made.recoveryCode, newPassphrase: "mật khẩu thứ ba", by: hang)
        XCTAssertEqual(try store.openCase(ids[1], key: recovered, by: hang).identity.fullName, "Người thứ 1")
        XCTAssertTrue(try store.check(by: tester).isEmpty)
    }

    // MARK: Upgrading

    /// A ward from before: one shared passphrase wrapping under old scrypt parameters, seals not
    /// bound to their record, an informant in plain text. It opens with the shared passphrase, each
    /// case worker becomes a holder with it, the seals are bound and the informant sealed; after
    /// that, an unbound value slipped in opens nowhere.
    func testAWardFromBeforeOpensAndUpgrades() throws {
        let raw = WardKey.random(32), salt = WardKey.random(16)
        let kdf = "scrypt-1024-8-1"
        let kek = try WardKey.derive(Self.passphrase, salt: salt, kdf: kdf)
        let wrapped = try XCTUnwrap(try AES.GCM.seal(raw, using: kek, authenticating: WardKey.label).combined)
        let legacy = SymmetricKey(data: raw)
        func unbound(_ text: String) throws -> Data { try XCTUnwrap(try AES.GCM.seal(Data(text.utf8), using: legacy).combined) }
        let id = try XCTUnwrap(try store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .outreach,
                                                             firstContact: today.adding(days: -10)), key: nil, by: hang).id)
        var tip = try store.newTip(received: today, kind: .information, channel: .hotline)
        tip.content = "Tin cũ"
        let tipId = try XCTUnwrap(try store.saveTip(tip, original: nil, by: officer).id)
        try store.testConnection.write { db in
            try db.execute(sql: "INSERT INTO ward_key (id, kdf, salt, wrapped, created_at) VALUES (1, ?, ?, ?, '2025-01-01T00:00:00Z')",
                           arguments: [kdf, salt, wrapped])
            try db.execute(sql: "DELETE FROM setting WHERE key = 'seals_bound'")
            try db.execute(sql: "UPDATE support_case SET identity = ?, notes = ? WHERE id = ?",
                           arguments: [try XCTUnwrap(try AES.GCM.seal(JSONEncoder().encode(Identity(fullName: "Đỗ Thị Cũ")), using: legacy).combined),
                                       try unbound("Ghi chú cũ"), id])
            try db.execute(sql: "UPDATE tip SET reporter = 'Người Báo Cũ' WHERE id = ?", arguments: [tipId])
        }
        XCTAssertEqual(try store.check(by: tester), [.informantsInPlainText(count: 1)])
        XCTAssertEqual(try store.keyStanding(by: minh), .holder, "the shared passphrase still opens")

        let key = try store.unlockWardKey(passphrase: Self.passphrase, by: hang)
        let opened = try store.openCase(id, key: key, by: hang)
        XCTAssertEqual(opened.identity.fullName, "Đỗ Thị Cũ")
        XCTAssertEqual(opened.notes, "Ghi chú cũ")
        XCTAssertEqual(try store.tip(id: tipId)?.reporter, "")
        let both = try store.createAccount(login: "tu", displayName: "Tú", roles: [.officer, .caseWorker], password: "matkhau123", by: tester)
        XCTAssertEqual(try store.informant(ofTip: tipId, key: key, by: both), "Người Báo Cũ")
        XCTAssertTrue(try store.check(by: tester).isEmpty)
        XCTAssertFalse(try store.hasRecoveryKey())
        let code = try store.newRecoveryKey(key: key, by: hang)
        XCTAssertNoThrow(try store.recoverWardKey(code: code, newPassphrase: "mật khẩu sau khôi phục", by: minh))

        // Hằng is a holder now, with the shared passphrase; after a rotation it alone opens nothing.
        XCTAssertEqual(try store.keyStanding(by: hang), .holder)
        let rotated = try store.rotateWardKey(key: key, by: hang)
        XCTAssertNoThrow(try store.unlockWardKey(passphrase: Self.passphrase, by: hang))
        XCTAssertEqual(try store.keyStanding(by: tester), .noPassphrase, "the shared wrapping is gone")
        XCTAssertEqual(try store.openCase(id, key: rotated, by: hang).identity.fullName, "Đỗ Thị Cũ")

        // An old unbound value slipped back in (from an old backup) opens nowhere and check names it.
        try store.testConnection.write { db in
            try db.execute(sql: "UPDATE support_case SET notes = ? WHERE id = ?", arguments: [try unbound("Ghi chú cũ"), id])
        }
        assertRefused(.sealMisplaced) { try self.store.openCase(id, key: key, by: self.hang) }
        XCTAssertEqual(try store.check(by: tester), [.sealsMisplaced(["support_case.notes #\(id)"])])
    }

    /// A real database of version 8 (before locks, the audit chain, sealed signing keys and key
    /// holders), written as wardcase then wrote it: a password hashed at N=2^10, the ward key
    /// wrapped once under the shared passphrase, an identity sealed without a binding, a plain
    /// informant and a plain signing key. Opened by this wardcase, it migrates, signs in (and
    /// hashes the password again), opens the key, binds the seal, seals the informant, takes the
    /// signing key over under a passphrase, and checks clean.
    func testAVersion8DatabaseOpensAndUpgrades() throws {
        let path = folder.appendingPathComponent("v8.sqlite").path
        let raw = WardKey.random(32), salt = WardKey.random(16)
        let wrapped = try XCTUnwrap(try AES.GCM.seal(raw, using: try WardKey.derive(Self.passphrase, salt: salt, kdf: "scrypt-16384-8-1"),
                                                    authenticating: WardKey.label).combined)
        let identity = try XCTUnwrap(try AES.GCM.seal(JSONEncoder().encode(Identity(fullName: "Vũ Thị Tám")), using: SymmetricKey(data: raw)).combined)
        let pwSalt = WardKey.random(16)
        let oldHash = ["scrypt", "1024", "8", "1", pwSalt.base64EncodedString(),
                       try PasswordHasher.derive("matkhau123", salt: pwSalt, rounds: 1024, blockSize: 8, parallelism: 1).base64EncodedString()]
            .joined(separator: "$")
        let signing = Curve25519.Signing.PrivateKey()
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v8-derived-facts")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO ward (id, name, province, receiving_agency) VALUES (1, 'Phường Tám', 'Hà Nội', 'Sở Y tế');
                    INSERT INTO account (id, login, display_name, roles, password_hash) VALUES (1, 'tam', 'Tám', 'admin,caseWorker,officer,clerk', ?);
                    INSERT INTO ward_key (id, kdf, salt, wrapped, created_at) VALUES (1, 'scrypt-16384-8-1', ?, ?, '2025-06-01T00:00:00Z');
                    INSERT INTO support_case (id, code, sex, age_group, residence, source, first_contact, status, status_date, identity, author_name, version)
                        VALUES (1, 'HT-2025-0001', 'female', '25_34', 'migrant', 'outreach', '2025-06-02', 'open', '2025-06-02', ?, 'tam', 1);
                    INSERT INTO tip (id, received_date, kind, channel, reporter, content, verify_due, classify_due, handle_due, author_name)
                        VALUES (1, '2025-06-03', 'information', 'hotline', 'Người Báo Tám', 'Tin cũ', '2025-06-10', '2025-06-13', '2025-07-03', 'tam');
                    INSERT INTO setting (key, value) VALUES ('report_signing_key', ?);
                    """, arguments: [oldHash, salt, wrapped, identity, signing.rawRepresentation.base64EncodedString()])
            }
        }
        let old = try WardStore.open(path: path, clock: { KeyLifeCycleTests.now })
        XCTAssertEqual(try old.appliedMigrations(), Migrations.migrator.migrations)
        guard case .success(let tam) = try old.signIn(login: "tam", password: "matkhau123") else { return XCTFail("the old password signs in") }
        XCTAssertTrue(try old.testConnection.read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM account") }?
            .hasPrefix("scrypt$\(PasswordHasher.rounds)$") ?? false, "hashed again with today's parameters")
        XCTAssertEqual(try old.check(by: tam), [.informantsInPlainText(count: 1)])

        let key = try old.unlockWardKey(passphrase: Self.passphrase, by: tam)
        XCTAssertEqual(try old.openCase(1, key: key, by: tam).identity.fullName, "Vũ Thị Tám")
        XCTAssertEqual(try old.informant(ofTip: 1, key: key, by: tam), "Người Báo Tám")
        XCTAssertEqual(try old.signingKeyFingerprint(by: tam), ReportBundle.fingerprint(signing.publicKey.rawRepresentation.base64EncodedString()))
        XCTAssertTrue(try old.check(by: tam).isEmpty)
        // The first bundle seals the plain signing key under the signing passphrase (the same key).
        _ = try old.reportSigningKey(passphrase: "con dấu của phường Tám", by: tam)
        XCTAssertNil(try old.setting("report_signing_key"))
        XCTAssertEqual(try old.signingKeyFingerprint(by: tam), ReportBundle.fingerprint(signing.publicKey.rawRepresentation.base64EncodedString()))
    }

}
