import Crypto
import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// Signed report bundles: made only from a final report, refused when altered, of another period
/// or from the same ward twice; combined by adding counts and recomputing percentages.
final class ReportBundleTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, noon UTC: October 2026 is the last whole month.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    static let october = ReportPeriod.month(2026, 10)!
    static let september = ReportPeriod.month(2026, 9)!

    var labels: Localizer!

    override func setUpWithError() throws {
        labels = try Localizer.load(.vi, resources: ResourceLocator.directory())
    }

    /// A ward in memory with `managed` karaoke bars (and `hotels` hotels), `inspected` of them
    /// visited and approved in October, one of those visits with a 2.000.000 đồng fine.
    func ward(_ name: String, managed: Int, inspected: Int, hotels: Int = 0, province: String = "Thành phố Hà Nội") throws -> WardStore {
        let store = try WardStore.inMemory(clock: { ReportBundleTests.now })
        try store.initialiseWard(WardIdentity(name: name, province: province, receivingAgency: "Sở Y tế"))
        let tester = try store.everyRole()
        let officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: tester)
        let leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: tester)
        let types = try store.establishmentTypes()
        let karaoke = try XCTUnwrap(types.first { $0.code == "karaoke" }?.id)
        let hotel = try XCTUnwrap(types.first { $0.code == "hotel" }?.id)
        var places: [Int64] = []
        for n in 1...2 { try store.saveResidentialGroup("Tổ dân phố số \(n)", by: tester) }
        for i in 0..<(managed - hotels) {
            places.append(try XCTUnwrap(store.addEstablishment(Establishment(name: "Karaoke số \(i + 1)", typeId: karaoke, street: "Phố \(i + 1)",
                                                                                residentialGroup: "Tổ dân phố số 1", status: .active), by: officer).id))
        }
        for i in 0..<hotels {
            places.append(try XCTUnwrap(store.addEstablishment(Establishment(name: "Khách sạn số \(i + 1)", typeId: hotel, street: "Đường \(i + 1)",
                                                                                residentialGroup: "Tổ dân phố số 2", status: .active), by: officer).id))
        }
        let visitDay = try XCTUnwrap(Day(year: 2026, month: 10, day: 16))
        for (n, place) in places.prefix(inspected).enumerated() {
            var v = Visit(establishmentId: place, date: visitDay, kind: .planned)
            v.team = "Đội kiểm tra liên ngành phường"
            let violations = n == 0 ? [Violation(description: "Không có sổ theo dõi người lao động", handling: .fine, fine: 2_000_000)] : []
            v.remedyDeadline = violations.isEmpty ? nil : visitDay.adding(days: 10)
            let saved = try store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "Nguyễn Văn An", agency: "Công an phường")],
                                                        violations: violations), original: nil, by: officer)
            let id = try XCTUnwrap(saved.visit.id)
            _ = try store.submitVisit(id: id, by: officer)
            _ = try store.approveVisit(id: id, by: leader)
        }
        return store
    }

    @discardableResult
    func finalise(_ store: WardStore, _ period: ReportPeriod = october) throws -> Report {
        let clerk = try store.everyRole()
        let draft = try store.draftReport(period, by: clerk)
        return try store.finaliseReport(reportId: try XCTUnwrap(draft.id), by: clerk)
    }

    static let passphrase = "con dấu của phường"

    func bundle(_ store: WardStore, _ period: ReportPeriod = october) throws -> Data {
        let report = try XCTUnwrap(try store.reports(period: period).first)
        return try ReportBundle.bundle(store: store, reportId: try XCTUnwrap(report.id), labels: labels, passphrase: Self.passphrase,
                                       by: store.everyRole())
    }

    /// A receiving office that trusts the key of each ward among `bundles` (the first key it meets for a ward).
    func keyring(trusting bundles: [Data]) throws -> Keyring {
        var ring = Keyring()
        for data in bundles {
            let b = try ReportBundle.verify(data)
            _ = try? ring.trust(ward: b.ward, province: b.province, fingerprint: b.keyFingerprint, at: Self.now)
        }
        return ring
    }

    /// Combines as an office that has trusted every ward's key beforehand.
    func combine(_ bundles: [Data], period: ReportPeriod? = nil) throws -> CombinedFigures {
        try ReportBundle.combine(bundles, period: period, keyring: keyring(trusting: bundles))
    }

    func assertRefused(_ error: BundleError, _ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { XCTAssertEqual($0 as? BundleError, error, file: file, line: line) }
    }

    /// Changes one byte: the last digit of the value of figure `id`.
    func tamper(_ data: Data, figure id: String) throws -> Data {
        var bytes = [UInt8](data)
        let text = String(decoding: data, as: UTF8.self)
        let at = try XCTUnwrap(text.range(of: "\"id\" : \"\(id)\"") ?? text.range(of: "\"id\":\"\(id)\""))
        // The figure's keys are sorted: ... "unit", "value" come after "id"; find its value.
        let valueKey = try XCTUnwrap(text.range(of: "\"value\"", range: at.upperBound..<text.endIndex))
        var i = text.utf8.distance(from: text.startIndex, to: valueKey.upperBound)
        while !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        bytes[i] = bytes[i] == UInt8(ascii: "9") ? UInt8(ascii: "8") : bytes[i] + 1
        return Data(bytes)
    }

    // MARK: Making and verifying

    func testOnlyAFinalReportIsBundledAndItsBundleVerifies() throws {
        let store = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let tester = try store.everyRole()
        let draft = try store.draftReport(Self.october, by: tester)
        assertRefused(.notFinal(period: "2026-10", version: 1)) { try self.bundle(store) }
        assertRefused(.reportNotFound) { try ReportBundle.bundle(store: store, reportId: 999, passphrase: Self.passphrase, by: tester) }

        let final = try store.finaliseReport(reportId: try XCTUnwrap(draft.id), by: tester)
        let data = try bundle(store)
        let b = try ReportBundle.verify(data)
        XCTAssertEqual(b.ward, "Phường Đống Đa")
        XCTAssertEqual(b.province, "Thành phố Hà Nội")
        XCTAssertEqual(b.period, Self.october)
        XCTAssertEqual(b.reportVersion, 1)
        XCTAssertEqual(b.finalisedAt, final.finalisedAt)
        // The frozen figures, every one, in order, with Vietnamese labels.
        let frozen = try XCTUnwrap(final.figures).all
        XCTAssertEqual(b.figures.map(\.id), frozen.map(\.id))
        XCTAssertEqual(b.figures.map(\.value), frozen.map(\.value))
        XCTAssertEqual(b.value("est.managed"), 4)
        XCTAssertEqual(b.value("visits.inspected"), 1)
        XCTAssertEqual(b.value("visits.coverage"), 25)
        XCTAssertEqual(b.value("fines.total"), 2_000_000)
        let managed = try XCTUnwrap(b.figures.first { $0.id == "est.managed" })
        XCTAssertEqual(managed.labelKey, "figManaged")
        XCTAssertEqual(managed.label, "Cơ sở kinh doanh dịch vụ nhạy cảm đang quản lý")
        XCTAssertEqual(managed.section, "sectionEstablishments")
        XCTAssertEqual(b.figures.first { $0.id == "est.type.karaoke" }?.labelKey, nil)

        // The file: every field named, not-available written as null (never 0), the signature beside them.
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["format", "format_version", "ward", "province", "period", "report_version", "finalised_at", "figures", "public_key", "signature"] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertEqual((json["period"] as? [String: String])?["code"], "2026-10")
        XCTAssertEqual((json["period"] as? [String: String])?["start"], "2026-10-01")
        let figures = try XCTUnwrap(json["figures"] as? [[String: Any]])
        let access = try XCTUnwrap(figures.first { $0["id"] as? String == "support.access" })
        XCTAssertTrue(access["value"] is NSNull, "\(access)")
        XCTAssertNil(b.value("support.access"))

        // One key per ward, made once and kept; what `report key` prints is its fingerprint.
        let again = try ReportBundle.verify(try bundle(store))
        XCTAssertEqual(again.publicKey, b.publicKey)
        XCTAssertEqual(b.keyFingerprint.count, 39)   // eight groups of four: XXXX-XXXX-…
        XCTAssertEqual(try store.signingKeyFingerprint(by: tester), b.keyFingerprint)
    }

    /// The attack: someone copies the ward's database (a backup on a USB stick) and wants to sign
    /// figures in the ward's name. The private key must not be in the file in any readable form,
    /// nor in the audit trail, and a wrong passphrase must sign nothing.
    func testTheSigningKeyIsSealedUnderThePassphrase() throws {
        let store = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let tester = try store.everyRole()
        try finalise(store)
        XCTAssertNil(try store.signingKeyFingerprint(by: tester), "no key before the first bundle")
        XCTAssertFalse(try store.hasSealedSigningKey())
        let report = try XCTUnwrap(try store.reports(period: Self.october).first?.id)
        XCTAssertThrowsError(try ReportBundle.bundle(store: store, reportId: report, passphrase: "ngắn", by: tester)) {
            XCTAssertEqual($0 as? WardError, .passphraseTooShort(WardKey.minimumPassphrase))
        }
        let b = try ReportBundle.verify(try bundle(store))
        XCTAssertTrue(try store.hasSealedSigningKey())

        // A wrong passphrase signs nothing and is kept in the audit trail.
        XCTAssertThrowsError(try ReportBundle.bundle(store: store, reportId: report, passphrase: "không phải con dấu", by: tester)) {
            XCTAssertEqual($0 as? WardError, .wrongPassphrase)
        }
        let audit = try store.auditEntries(AuditFilter(), offset: 0, limit: 500, by: tester)
        XCTAssertTrue(audit.contains { $0.action == .signInFailed && $0.recordType == "signing_key" })

        // Which private key signed is not in the database, in base64 or raw, nor in the trail.
        let raw = try store.testConnection.read { db in try Data.fetchAll(db, sql: "SELECT wrapped FROM signing_key") }
        XCTAssertEqual(raw.count, 1)
        let everything = try store.testConnection.read { db in
            try String.fetchAll(db, sql: "SELECT quote(value) FROM setting UNION ALL SELECT coalesce(after, '') || coalesce(before, '') FROM audit")
        }.joined()
        XCTAssertFalse(everything.contains("report_signing_key"))
        XCTAssertTrue(audit.contains { $0.after["fingerprint"] == b.keyFingerprint })

        // A new key: another fingerprint, the old one retired, the new passphrase needed.
        let fresh = try store.newSigningKey(passphrase: "con dấu mới của phường", by: tester)
        XCTAssertNotEqual(fresh, b.keyFingerprint)
        XCTAssertEqual(try store.signingKeyFingerprint(by: tester), fresh)
        XCTAssertThrowsError(try bundle(store)) { XCTAssertEqual($0 as? WardError, .wrongPassphrase) }
        let signed = try ReportBundle.bundle(store: store, reportId: report, passphrase: "con dấu mới của phường", by: tester)
        XCTAssertEqual(try ReportBundle.verify(signed).keyFingerprint, fresh)
        // Only those who send reports may.
        let officer = try store.createAccount(login: "nam", displayName: "Nam", roles: [.officer], password: "matkhau123", by: tester)
        XCTAssertThrowsError(try store.newSigningKey(passphrase: "con dấu giả mạo", by: officer))
        XCTAssertThrowsError(try store.signingKeyFingerprint(by: officer))
    }

    /// A ward that signed with an older wardcase kept its key in plain text: the first bundle
    /// after the upgrade seals that same key (offices that trust it keep trusting it) and the
    /// plain copy is gone.
    func testAPlainKeyFromBeforeIsSealedAndKept() throws {
        let store = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let tester = try store.everyRole()
        try finalise(store)
        let old = Curve25519.Signing.PrivateKey()
        try store.testConnection.write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)",
                           arguments: [ReportBundle.plainSigningKeySetting, old.rawRepresentation.base64EncodedString()])
        }
        let oldFingerprint = ReportBundle.fingerprint(old.publicKey.rawRepresentation.base64EncodedString())
        XCTAssertEqual(try store.signingKeyFingerprint(by: tester), oldFingerprint)
        XCTAssertEqual(try ReportBundle.verify(try bundle(store)).keyFingerprint, oldFingerprint)
        XCTAssertNil(try store.setting(ReportBundle.plainSigningKeySetting))
        XCTAssertEqual(try store.signingKeyFingerprint(by: tester), oldFingerprint)
    }

    func testAnAlteredBundleIsRefused() throws {
        let store = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        try finalise(store)
        let data = try bundle(store)
        XCTAssertNoThrow(try ReportBundle.verify(data))

        // One byte of one figure.
        let changed = try tamper(data, figure: "visits.inspected")
        XCTAssertNotEqual(changed, data)
        XCTAssertEqual(changed.count, data.count)
        assertRefused(.altered(ward: "Phường Đống Đa")) { try ReportBundle.verify(changed) }
        assertRefused(.altered(ward: "Phường Đống Đa")) { try ReportBundle.combine([changed], keyring: self.keyring(trusting: [data])) }
        assertRefused(.altered(ward: "Phường Đống Đa")) { try ReportBundle.verify(try self.tamper(data, figure: "fines.total")) }

        // Another field, a swapped key, a removed signature, and things that are not bundles at all.
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["ward"] = "Phường Láng"
        assertRefused(.altered(ward: "Phường Láng")) { try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)) }
        json["ward"] = "Phường Đống Đa"
        XCTAssertNoThrow(try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)), "re-serialised but unchanged still verifies")
        json["public_key"] = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        assertRefused(.altered(ward: "Phường Đống Đa")) { try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)) }
        json.removeValue(forKey: "signature")
        assertRefused(.notABundle) { try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)) }
        assertRefused(.notABundle) { try ReportBundle.verify(data.prefix(data.count / 2)) }
        assertRefused(.notABundle) { try ReportBundle.verify(Data("{\"ward\": 1}".utf8)) }
        json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["format_version"] = 3
        assertRefused(.unsupportedVersion(3)) { try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)) }
    }

    // MARK: Combining

    func testCombineRefusesAnotherPeriodAndTheSameWardTwice() throws {
        let dongDa = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let lang = try ward("Phường Láng", managed: 2, inspected: 2)
        try finalise(dongDa)
        try finalise(lang)
        try finalise(lang, Self.september)
        let a = try bundle(dongDa), b = try bundle(lang), bSeptember = try bundle(lang, Self.september)

        assertRefused(.otherPeriod(ward: "Phường Láng", found: "2026-09", expected: "2026-10")) { try self.combine([a, bSeptember]) }
        assertRefused(.otherPeriod(ward: "Phường Đống Đa", found: "2026-10", expected: "2026-09")) { try self.combine([bSeptember, a]) }
        assertRefused(.otherPeriod(ward: "Phường Đống Đa", found: "2026-10", expected: "2026-09")) {
            try self.combine([a, b], period: Self.september)
        }
        XCTAssertNoThrow(try combine([a, b], period: Self.october))

        // The very same file twice, a second version of the same ward, and another database
        // calling itself the same ward (as two demo wards do).
        assertRefused(.sameWardTwice("Phường Đống Đa")) { try self.combine([a, b, a]) }
        let corrected = try dongDa.draftReport(Self.october, by: dongDa.everyRole())
        XCTAssertEqual(corrected.version, 2)
        try dongDa.finaliseReport(reportId: try XCTUnwrap(corrected.id), by: dongDa.everyRole())
        assertRefused(.sameWardTwice("Phường Đống Đa")) { try self.combine([a, try self.bundle(dongDa)]) }
        // Another database calling itself the same ward signs with another key than the one trusted.
        let twin = try ward("Phường Đống Đa", managed: 1, inspected: 0)
        try finalise(twin)
        let twinBundle = try bundle(twin)
        assertRefused(.newKey(ward: "Phường Đống Đa", fingerprint: try ReportBundle.verify(twinBundle).keyFingerprint,
                              trusted: try ReportBundle.verify(a).keyFingerprint)) { try self.combine([a, twinBundle]) }
        // The same name in another province is another ward.
        let elsewhere = try ward("Phường Đống Đa", managed: 1, inspected: 0, province: "Tỉnh Lạng Sơn")
        try finalise(elsewhere)
        XCTAssertEqual(try combine([a, try bundle(elsewhere)]).wards.count, 2)

        assertRefused(.noBundles) { try self.combine([]) }
    }

    func testCombineAddsCountsAndRecomputesPercentagesNeverAveragingThem() throws {
        // Đống Đa: 4 managed, 1 inspected (25%); Láng: 2 managed (one a hotel), 2 inspected (100%).
        let dongDa = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let lang = try ward("Phường Láng", managed: 2, inspected: 2, hotels: 1)
        try finalise(dongDa)
        try finalise(lang)
        let a = try ReportBundle.verify(try bundle(dongDa)), b = try ReportBundle.verify(try bundle(lang))
        XCTAssertEqual(a.value("visits.coverage"), 25)
        XCTAssertEqual(b.value("visits.coverage"), 100)

        let c = try combine([try bundle(dongDa), try bundle(lang)])
        XCTAssertEqual(c.period, Self.october)
        XCTAssertEqual(c.wards.map(\.name), ["Phường Đống Đa", "Phường Láng"])
        XCTAssertEqual(c.wards.map(\.keyFingerprint), [a.keyFingerprint, b.keyFingerprint])
        // Counts and money add up.
        XCTAssertEqual(c.value("est.managed"), 6)
        XCTAssertEqual(c.value("visits.total"), 3)
        XCTAssertEqual(c.value("visits.kind.planned"), 3)
        XCTAssertEqual(c.value("visits.inspected"), 3)
        XCTAssertEqual(c.value("violations.total"), 2)
        XCTAssertEqual(c.value("fines.total"), 4_000_000)
        // Coverage from the sums: 3 / 6 = 50%, not the average of 25% and 100% (62%).
        XCTAssertEqual(c.value("visits.coverage"), 50)
        XCTAssertNil(c.figures.first { $0.id == "visits.coverage" }?.target, "the yearly target is not beside a month")
        // A percentage that cannot be recomputed is not available, even where both wards have one.
        XCTAssertEqual(a.value("est.commitment_share"), 0)
        XCTAssertEqual(b.value("est.commitment_share"), 0)
        XCTAssertNil(c.value("est.commitment_share"))
        // Not available stays not available.
        XCTAssertNil(a.value("tips.in_time"))
        XCTAssertNil(c.value("tips.in_time"))
        XCTAssertNil(c.value("support.access"))
        // A breakdown line only one ward has: its count, in its place among the type lines (hotels come first).
        XCTAssertNil(a.figures.first { $0.id == "est.type.hotel" })
        XCTAssertEqual(c.value("est.type.hotel"), 1)
        XCTAssertEqual(c.value("est.type.karaoke"), 5)
        let ids = c.figures.map(\.id)
        XCTAssertEqual(Array(ids.prefix(3)), ["est.managed", "est.type.hotel", "est.type.karaoke"])
        XCTAssertEqual(c.figures.first { $0.id == "est.type.hotel" }?.wards, 1)
        XCTAssertEqual(Set(ids).count, ids.count)
        // Each ward's own line beside the sum, in the order of the wards; a breakdown line a ward
        // leaves out is 0 there, a figure it does not have is not available there.
        func byWard(_ id: String) -> [Int64?]? { c.figures.first { $0.id == id }?.byWard }
        XCTAssertEqual(byWard("est.managed"), [4, 2])
        XCTAssertEqual(byWard("est.type.hotel"), [0, 1])
        XCTAssertEqual(byWard("visits.coverage"), [25, 100])
        XCTAssertEqual(byWard("tips.in_time"), [nil, nil])

        // Its JSON names the period and writes not-available as null.
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let text = String(decoding: try enc.encode(c), as: UTF8.self)
        XCTAssertTrue(text.contains("\"code\":\"2026-10\""), text)
        XCTAssertTrue(text.contains("\"id\":\"tips.in_time\",\"label\":\"Tỷ lệ tin xử lý đúng hạn (%)\",\"label_key\":\"figTipsInTime\",\"section\":\"sectionTips\",\"target\":100,\"unit\":\"percent\",\"value\":null"), text)

        // No establishments anywhere: coverage is not available, never 0.
        let empty1 = try ward("Phường Một", managed: 0, inspected: 0), empty2 = try ward("Phường Hai", managed: 0, inspected: 0)
        try finalise(empty1)
        try finalise(empty2)
        let none = try combine([try bundle(empty1), try bundle(empty2)])
        XCTAssertEqual(none.value("est.managed"), 0)
        XCTAssertNil(none.value("visits.coverage"))
    }

    /// A ward still on the first format (no workers' figures, no data days) combines with one on
    /// the second: what both have is summed, what only one has is not available, never half a sum.
    func testBundlesOfBothFormatsCombine() throws {
        let dongDa = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let lang = try ward("Phường Láng", managed: 2, inspected: 2)
        try finalise(dongDa)
        try finalise(lang)
        let now = try bundle(dongDa)
        XCTAssertEqual(try ReportBundle.verify(now).figures.contains { $0.id == "est.workers" }, true)
        // The first format, signed as the ward's key signs: the same body without what came later.
        var old = try JSONDecoder().decode(ReportBundle.File.self, from: try bundle(lang)).body
        old.formatVersion = 1
        old.dataFrom = nil
        old.dataTo = nil
        old.figures.removeAll { $0.id.hasPrefix("est.workers") || $0.id == "tips.classified" || $0.id == "hotspots.active_end" }
        let key = try lang.reportSigningKey(passphrase: Self.passphrase, by: lang.everyRole())
        let signed = ReportBundle.File(body: old, signature: try key.signature(for: try ReportBundle.canonical(old)).base64EncodedString())
        let v1 = try JSONEncoder().encode(signed)
        XCTAssertEqual(try ReportBundle.verify(v1).figures.contains { $0.id == "est.workers" }, false)
        let both = try combine([now, v1])
        XCTAssertEqual(both.value("est.managed"), 6)
        XCTAssertEqual(both.value("visits.inspected"), 3)
        XCTAssertEqual(both.value("visits.coverage"), 50)
        XCTAssertNil(both.value("est.workers"), "only one ward counted it")
        XCTAssertNil(both.value("tips.classified"))
    }

    func testErrorsAreOneSentenceInTheUsersLanguage() throws {
        let en = try Localizer.load(.en, resources: ResourceLocator.directory())
        let errors: [BundleError] = [.reportNotFound, .notFinal(period: "2026-10", version: 2), .noWard, .brokenKey, .noBundles, .notABundle,
                                     .unsupportedVersion(2), .altered(ward: "Phường Láng"),
                                     .otherPeriod(ward: "Phường Láng", found: "2026-09", expected: "2026-10"), .sameWardTwice("Phường Láng"),
                                     .revokedKey(ward: "Phường Láng", fingerprint: "AB")]
        for e in errors {
            for l in [labels!, en] {
                let m = e.message(l)
                XCTAssertFalse(m.contains("{"), m)
                XCTAssertFalse(m.contains("\n"), m)
                XCTAssertTrue(m.hasSuffix("."), m)
            }
        }
        XCTAssertEqual(BundleError.otherPeriod(ward: "Phường Láng", found: "2026-09", expected: "2026-10").message(labels),
                       "Gói báo cáo của Phường Láng là kỳ 2026-09, không phải kỳ 2026-10: chỉ cộng được các báo cáo cùng một kỳ.")
        XCTAssertEqual(BundleError.sameWardTwice("Phường Láng").message(en), "Phường Láng has more than one bundle: each ward is added only once.")
    }

    // MARK: The receiving office's keyring

    /// The attack: someone between the ward and the city (or the ward's own database copied
    /// elsewhere) changes a figure in Láng's bundle and signs it again under a fresh key, so that
    /// the signature verifies. The office that trusts Láng's real key must refuse it, naming the
    /// ward and the new fingerprint; a ward it never trusted is refused with its fingerprint; the
    /// trusted bundles add up, and trusted wards that sent nothing are listed.
    func testABundleChangedAndSignedAgainUnderAnotherKeyIsRefused() throws {
        let dongDa = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let lang = try ward("Phường Láng", managed: 2, inspected: 2)
        let hang = try ward("Phường Hàng Bạc", managed: 1, inspected: 0)
        for w in [dongDa, lang, hang] { try finalise(w) }
        let a = try bundle(dongDa), b = try bundle(lang), h = try bundle(hang)
        var office = try keyring(trusting: [a, b, h])
        let real = try ReportBundle.verify(b)

        // The forger: one figure changed, the signature made again with a key of their own.
        var file = try JSONDecoder().decode(ReportBundle.File.self, from: b)
        let inspected = try XCTUnwrap(file.body.figures.firstIndex { $0.id == "visits.inspected" })
        file.body.figures[inspected].value = 40
        let forger = Curve25519.Signing.PrivateKey()
        file.body.publicKey = forger.publicKey.rawRepresentation.base64EncodedString()
        file.signature = try forger.signature(for: try ReportBundle.canonical(file.body)).base64EncodedString()
        let forged = try JSONEncoder().encode(file)
        let read = try ReportBundle.verify(forged)   // the signature itself holds
        XCTAssertEqual(read.value("visits.inspected"), 40)
        assertRefused(.newKey(ward: "Phường Láng", fingerprint: read.keyFingerprint, trusted: real.keyFingerprint)) {
            try ReportBundle.combine([a, forged], keyring: office)
        }
        XCTAssertThrowsError(try office.check(read))

        // A ward the office never trusted: refused, with the fingerprint to compare by phone.
        let stranger = try ward("Phường Kim Mã", managed: 1, inspected: 1)
        try finalise(stranger)
        let k = try bundle(stranger)
        let kFingerprint = try ReportBundle.verify(k).keyFingerprint
        assertRefused(.untrustedKey(ward: "Phường Kim Mã", fingerprint: kFingerprint)) { try ReportBundle.combine([a, k], keyring: office) }
        XCTAssertTrue(BundleError.untrustedKey(ward: "Phường Kim Mã", fingerprint: kFingerprint).message(labels).contains(kFingerprint))

        // The trusted ones add up; Hàng Bạc sent nothing and is named.
        let c = try ReportBundle.combine([a, b], keyring: office)
        XCTAssertEqual(c.value("visits.inspected"), 3)
        XCTAssertEqual(c.missing, ["Phường Hàng Bạc, Thành phố Hà Nội"])

        // Trusting the stranger by the fingerprint read out over the phone (spaces, lower case).
        try office.trust(ward: "Phường Kim Mã", province: "", fingerprint: kFingerprint.lowercased().replacingOccurrences(of: "-", with: " "),
                         at: Self.now)
        XCTAssertEqual(try ReportBundle.combine([a, b, k], keyring: office).wards.count, 3)

        // Revoked: refused as revoked; a new key is trusted only after the old one is revoked.
        try office.revoke(ward: "Phường Láng", province: "", fingerprint: nil, at: Self.now)
        assertRefused(.revokedKey(ward: "Phường Láng", fingerprint: real.keyFingerprint)) { try ReportBundle.combine([a, b], keyring: office) }
        XCTAssertFalse(try ReportBundle.combine([a], keyring: office).missing.contains { $0.hasPrefix("Phường Láng") })
    }

    func testTheKeyringKeepsOneKeyAWardAndReadsFingerprintsAsTyped() throws {
        var ring = Keyring()
        let fp = "3f2a 91c0 0011 2233 4455 6677 8899 aabb"
        let entry = try ring.trust(ward: " Phường  Láng ", province: "Hà Nội", fingerprint: fp, at: Self.now)
        XCTAssertEqual(entry.fingerprint, "3F2A-91C0-0011-2233-4455-6677-8899-AABB")
        XCTAssertEqual(entry.place, "Phường Láng, Hà Nội")
        XCTAssertEqual(try ring.trust(ward: "phường láng", province: "", fingerprint: fp.uppercased(), at: Self.now), entry, "trusting again changes nothing")
        XCTAssertEqual(ring.entries.count, 1)
        XCTAssertThrowsError(try ring.trust(ward: "Phường Láng", province: "Hà Nội", fingerprint: String(repeating: "1", count: 32), at: Self.now)) {
            XCTAssertEqual($0 as? KeyringError, .otherKeyTrusted(ward: "Phường Láng, Hà Nội", fingerprint: entry.fingerprint))
        }
        for bad in ["", "3F2A-91C0", String(repeating: "G", count: 32), String(repeating: "1", count: 33)] {
            XCTAssertThrowsError(try ring.trust(ward: "Phường Láng", province: "", fingerprint: bad, at: Self.now)) {
                XCTAssertEqual($0 as? KeyringError, .badFingerprint(bad))
            }
        }
        XCTAssertThrowsError(try ring.trust(ward: " ", province: "", fingerprint: fp, at: Self.now)) { XCTAssertEqual($0 as? KeyringError, .wardNeeded) }
        XCTAssertThrowsError(try ring.revoke(ward: "Phường Kim Mã", province: "", fingerprint: nil, at: Self.now)) {
            XCTAssertEqual($0 as? KeyringError, .notTrusted("Phường Kim Mã"))
        }

        // The file round-trips; a damaged one is refused, a missing one is empty.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("trusted-wards.json").path
        XCTAssertEqual(try Keyring.load(path: path), Keyring())
        try ring.data().write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try Keyring.load(path: path), ring)
        try Data("{\"entries\": 3}".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Keyring.load(path: path)) { XCTAssertEqual($0 as? KeyringError, .unreadable(path)) }
        XCTAssertEqual(Keyring.defaultPath(environment: ["HOME": "/home/lan"]), "/home/lan/.config/wardcase/trusted-wards.json")
        XCTAssertEqual(Keyring.defaultPath(environment: ["HOME": "/home/lan", "WARDCASE_KEYRING": "/srv/k.json"]), "/srv/k.json")
    }

}
