import Crypto
import XCTest
import GRDB
@testable import WardCaseCore

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
        for i in 0..<(managed - hotels) {
            places.append(try XCTUnwrap(store.addEstablishment(Establishment(name: "Karaoke số \(i + 1)", typeId: karaoke, street: "Phố \(i + 1)",
                                                                                residentialGroup: "Tổ 1", status: .active), by: officer).id))
        }
        for i in 0..<hotels {
            places.append(try XCTUnwrap(store.addEstablishment(Establishment(name: "Khách sạn số \(i + 1)", typeId: hotel, street: "Đường \(i + 1)",
                                                                                residentialGroup: "Tổ 2", status: .active), by: officer).id))
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

    func bundle(_ store: WardStore, _ period: ReportPeriod = october) throws -> Data {
        let report = try XCTUnwrap(try store.reports(period: period).first)
        return try ReportBundle.bundle(store: store, reportId: try XCTUnwrap(report.id), labels: labels, by: store.everyRole())
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
        assertRefused(.reportNotFound) { try ReportBundle.bundle(store: store, reportId: 999, by: tester) }

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

        // One key per ward, made once and kept; the audit trail holds only its public half.
        let again = try ReportBundle.verify(try bundle(store))
        XCTAssertEqual(again.publicKey, b.publicKey)
        let stored = try XCTUnwrap(try store.setting(ReportBundle.signingKeySetting))
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: try XCTUnwrap(Data(base64Encoded: stored)))
        XCTAssertEqual(key.publicKey.rawRepresentation.base64EncodedString(), b.publicKey)
        let audit = try store.auditEntries(AuditFilter(), offset: 0, limit: 500, by: tester)
        XCTAssertFalse(audit.contains { "\($0)".contains(stored) })
        XCTAssertEqual(b.keyFingerprint.count, 19)   // XXXX-XXXX-XXXX-XXXX
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
        assertRefused(.altered(ward: "Phường Đống Đa")) { try ReportBundle.combine([changed]) }
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
        json["format_version"] = 2
        assertRefused(.unsupportedVersion(2)) { try ReportBundle.verify(try JSONSerialization.data(withJSONObject: json)) }
    }

    // MARK: Combining

    func testCombineRefusesAnotherPeriodAndTheSameWardTwice() throws {
        let dongDa = try ward("Phường Đống Đa", managed: 4, inspected: 1)
        let lang = try ward("Phường Láng", managed: 2, inspected: 2)
        try finalise(dongDa)
        try finalise(lang)
        try finalise(lang, Self.september)
        let a = try bundle(dongDa), b = try bundle(lang), bSeptember = try bundle(lang, Self.september)

        assertRefused(.otherPeriod(ward: "Phường Láng", found: "2026-09", expected: "2026-10")) { try ReportBundle.combine([a, bSeptember]) }
        assertRefused(.otherPeriod(ward: "Phường Đống Đa", found: "2026-10", expected: "2026-09")) { try ReportBundle.combine([bSeptember, a]) }
        assertRefused(.otherPeriod(ward: "Phường Đống Đa", found: "2026-10", expected: "2026-09")) {
            try ReportBundle.combine([a, b], period: Self.september)
        }
        XCTAssertNoThrow(try ReportBundle.combine([a, b], period: Self.october))

        // The very same file twice, a second version of the same ward, and another database
        // calling itself the same ward (as two demo wards do).
        assertRefused(.sameWardTwice("Phường Đống Đa")) { try ReportBundle.combine([a, b, a]) }
        let corrected = try dongDa.draftReport(Self.october, by: dongDa.everyRole())
        XCTAssertEqual(corrected.version, 2)
        try dongDa.finaliseReport(reportId: try XCTUnwrap(corrected.id), by: dongDa.everyRole())
        assertRefused(.sameWardTwice("Phường Đống Đa")) { try ReportBundle.combine([a, try self.bundle(dongDa)]) }
        let twin = try ward("Phường Đống Đa", managed: 1, inspected: 0)
        try finalise(twin)
        assertRefused(.sameWardTwice("Phường Đống Đa")) { try ReportBundle.combine([a, try self.bundle(twin)]) }
        // The same name in another province is another ward.
        let elsewhere = try ward("Phường Đống Đa", managed: 1, inspected: 0, province: "Tỉnh Lạng Sơn")
        try finalise(elsewhere)
        XCTAssertEqual(try ReportBundle.combine([a, try bundle(elsewhere)]).wards.count, 2)

        assertRefused(.noBundles) { try ReportBundle.combine([]) }
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

        let c = try ReportBundle.combine([try bundle(dongDa), try bundle(lang)])
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
        let none = try ReportBundle.combine([try bundle(empty1), try bundle(empty2)])
        XCTAssertEqual(none.value("est.managed"), 0)
        XCTAssertNil(none.value("visits.coverage"))
    }

    func testErrorsAreOneSentenceInTheUsersLanguage() throws {
        let en = try Localizer.load(.en, resources: ResourceLocator.directory())
        let errors: [BundleError] = [.reportNotFound, .notFinal(period: "2026-10", version: 2), .noWard, .brokenKey, .noBundles, .notABundle,
                                     .unsupportedVersion(2), .altered(ward: "Phường Láng"),
                                     .otherPeriod(ward: "Phường Láng", found: "2026-09", expected: "2026-10"), .sameWardTwice("Phường Láng")]
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
}
