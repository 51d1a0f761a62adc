import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// Support cases: sealed identities, consent, status rules and the access figure.
final class SupportTests: XCTestCase {
    typealias Day = Formats.Day
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026
    var folder: URL!
    var store: WardStore!
    var today: Day!
    var worker: Account!
    var officer: Account!
    /// Every role: reads the audit trail, makes backups.
    var tester: Account!
    static let name = "Nguyễn Thị Hồng Nhung", phone = "0912345678", idNumber = "001190012345"

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-support-\(UUID().uuidString)")
        store = try WardStore.open(path: folder.appendingPathComponent("ward.sqlite").path, clock: { SupportTests.now })
        today = Day.today(Self.now)
        tester = try store.everyRole()
        worker = try store.createAccount(login: "hang", displayName: "Hằng", roles: [.caseWorker], password: "matkhau123", by: tester)
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: tester)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func newCase(_ key: WardKey?, identity: Identity = Identity(), notes: String = "", daysAgo: Int = 60) throws -> SupportCase {
        try store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .outreach,
                                      firstContact: today.adding(days: -daysAgo)), identity: identity, notes: notes, key: key, by: worker)
    }

    func testIdentitiesAreSealedAndOpenOnlyWithThePassphrase() throws {
        XCTAssertFalse(try store.hasWardKey())
        XCTAssertThrowsError(try store.createWardKey(passphrase: "ngan", by: worker)) { XCTAssertEqual($0 as? WardError, .passphraseTooShort(10)) }
        XCTAssertThrowsError(try store.createWardKey(passphrase: "mot cum mat khau dai", by: officer))
        let key = try store.createWardKey(passphrase: "Hoa sen nở giữa đầm 2026", by: worker).key
        XCTAssertThrowsError(try store.createWardKey(passphrase: "another passphrase", by: worker)) { XCTAssertEqual($0 as? WardError, .wardKeyExists) }
        let person = Identity(fullName: Self.name, alias: "Nhung Bông", birth: "1998", idNumber: Self.idNumber, phone: Self.phone,
                              address: "Ngõ 4 phố Xã Đàn")
        let c = try newCase(key, identity: person, notes: "Đang nuôi con nhỏ, cần việc làm ban ngày")
        XCTAssertEqual(c.code, "HT-2026-0001")
        XCTAssertEqual(try newCase(nil).code, "HT-2026-0002")
        XCTAssertEqual(try newCase(nil, daysAgo: 400).code, "HT-2025-0001")
        // Without the key, no identity can be written.
        XCTAssertThrowsError(try newCase(nil, identity: person)) { XCTAssertEqual($0 as? WardError, .passphraseNeeded) }

        // Another session: the passphrase (typed decomposed, even) opens it; a wrong one does not.
        let again = try store.unlockWardKey(passphrase: "Hoa sen nở giữa đầm 2026".decomposedStringWithCanonicalMapping, by: worker)
        XCTAssertEqual(try store.identity(of: c, key: again, by: worker), person)
        XCTAssertEqual(try store.caseNotes(c, key: again, by: worker), "Đang nuôi con nhỏ, cần việc làm ban ngày")
        XCTAssertThrowsError(try store.unlockWardKey(passphrase: "hoa sen no giua dam 2026", by: worker)) {
            XCTAssertEqual($0 as? WardError, .wrongPassphrase)
        }
        // Only case workers see identities; every showing is in the audit trail.
        XCTAssertThrowsError(try store.identity(of: c, key: again, by: officer)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.viewIdentities)) }
        XCTAssertThrowsError(try store.unlockWardKey(passphrase: "Hoa sen nở giữa đầm 2026", by: officer))
        let views = try store.auditEntries(AuditFilter(record: "support_case#\(try XCTUnwrap(c.id))"), offset: 0, limit: 10, by: tester)
        XCTAssertTrue(views.contains { $0.action == .viewIdentity && $0.actor == "hang" })
        XCTAssertTrue(views.contains { $0.action == .viewNotes && $0.actor == "hang" }, "reading the notes is a showing too")
        // Exporting one case with its identity is for case workers, on purpose, and logged.
        XCTAssertThrowsError(try store.identityForExport(of: c, key: again, by: officer))
        XCTAssertEqual(try store.identityForExport(of: c, key: again, by: worker).phone, Self.phone)
        XCTAssertTrue(try store.auditEntries(AuditFilter(record: "support_case#\(try XCTUnwrap(c.id))"), offset: 0, limit: 10, by: tester)
            .contains { $0.action == .exportIdentity && $0.actor == "hang" })
        // The audit trail itself keeps no identity.
        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 100, by: tester).map { "\($0.before ?? [:]) \($0.after ?? [:])" }.joined()
        XCTAssertFalse(trail.contains(Self.name) || trail.contains(Self.phone))
    }

    /// Reading the SQLite file, its WAL, or a backup without the passphrase reveals no name, phone or ID.
    func testTheDatabaseFileAndABackupHoldNoNamePhoneOrID() throws {
        let key = try store.createWardKey(passphrase: "Hoa sen nở giữa đầm 2026", by: worker).key
        let person = Identity(fullName: Self.name, idNumber: Self.idNumber, phone: Self.phone, address: "Số 9 ngõ 12 Láng Hạ")
        let c = try newCase(key, identity: person, notes: "Gọi số \(Self.phone) sau 20 giờ")
        let id = try XCTUnwrap(c.id)
        try store.recordConsent(caseId: id, Consent(date: today, recording: true, services: [.health]), by: worker)
        try store.addScreening(caseId: id, Screening(date: today, needs: [.health], notes: "Chị \(Self.name) cần khám"), key: key, by: worker)
        try store.addReferral(Referral(caseId: id, service: .health, providerId: nil, proposed: today), outcome: "Hẹn \(Self.name)",
                              key: key, by: worker)
        let backup = folder.appendingPathComponent("backup.sqlite").path
        try store.backup(to: backup, by: tester)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("sqlite") }
        XCTAssertTrue(files.contains("backup.sqlite"))
        for file in files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            for secret in [Self.name, Self.phone, Self.idNumber, "Nhung", "Láng Hạ"] {
                for form in [secret, secret.decomposedStringWithCanonicalMapping] {
                    XCTAssertNil(bytes.range(of: Data(form.utf8)), "\(secret) found in \(file)")
                }
            }
        }
        // ...while the key, given the passphrase, still opens everything.
        XCTAssertEqual(try store.identity(of: try XCTUnwrap(store.supportCase(id: id)), key: key, by: worker).phone, Self.phone)
    }

    func testAReferralNeedsConsentToThatService() throws {
        let c = try newCase(nil)
        let id = try XCTUnwrap(c.id)
        let legal = Referral(caseId: id, service: .legal, providerId: nil, proposed: today)
        XCTAssertThrowsError(try store.addReferral(legal, key: nil, by: worker)) { XCTAssertEqual($0 as? WardError, .noConsent) }
        try store.recordConsent(caseId: id, Consent(date: today.adding(days: -10), recording: true, services: [.health, .hivSti],
                                                    agencies: ["Trạm Y tế phường"]), by: worker)
        XCTAssertThrowsError(try store.addReferral(legal, key: nil, by: worker)) { XCTAssertEqual($0 as? WardError, .noConsentForService(.legal)) }
        XCTAssertNoThrow(try store.addReferral(Referral(caseId: id, service: .hivSti, providerId: nil, proposed: today), key: nil, by: worker))
        // A later consent is the one in force.
        try store.recordConsent(caseId: id, Consent(date: today, recording: true, services: [.legal]), by: worker)
        XCTAssertEqual(try store.consent(caseId: id)?.services, [.legal])
        XCTAssertNoThrow(try store.addReferral(legal, key: nil, by: worker))
        XCTAssertThrowsError(try store.addReferral(Referral(caseId: id, service: .health, providerId: nil, proposed: today), key: nil, by: worker))
        // Withdrawing consent to being recorded stops every referral.
        try store.recordConsent(caseId: id, Consent(date: today, recording: false, services: [.legal]), by: worker)
        XCTAssertThrowsError(try store.addReferral(legal, key: nil, by: worker)) { XCTAssertEqual($0 as? WardError, .noConsent) }
        XCTAssertThrowsError(try store.addReferral(legal, key: nil, by: officer)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.manageCases)) }
    }

    func testCaseStatusAndReferralStepsMoveOnlyForward() throws {
        let c = try newCase(nil)
        let id = try XCTUnwrap(c.id)
        XCTAssertThrowsError(try store.setCaseStatus(id: id, to: .closed, on: today, by: worker)) { XCTAssertEqual($0 as? WardError, .closeReasonNeeded) }
        XCTAssertThrowsError(try store.setCaseStatus(id: id, to: .onHold, on: today.adding(days: -90), by: worker)) {
            XCTAssertEqual($0 as? WardError, .statusBeforePrevious)
        }
        try store.setCaseStatus(id: id, to: .onHold, on: today.adding(days: -5), by: worker)
        let closed = try store.setCaseStatus(id: id, to: .closed, on: today, reason: .lostContact, by: worker)
        XCTAssertEqual(closed.closeReason, .lostContact)
        XCTAssertThrowsError(try store.setCaseStatus(id: id, to: .onHold, on: today, by: worker)) {
            XCTAssertEqual($0 as? WardError, .caseStatusMove(.closed, .onHold))
        }
        try store.recordConsent(caseId: id, Consent(date: today, recording: true, services: [.jobs]), by: worker)
        XCTAssertThrowsError(try store.addReferral(Referral(caseId: id, service: .jobs, providerId: nil, proposed: today), key: nil, by: worker)) {
            XCTAssertEqual($0 as? WardError, .caseClosed)
        }
        let reopened = try store.setCaseStatus(id: id, to: .open, on: today, by: worker)
        XCTAssertNil(reopened.closeReason)

        var r = try store.addReferral(Referral(caseId: id, service: .jobs, providerId: nil, proposed: today.adding(days: -3)), key: nil, by: worker)
        let rid = try XCTUnwrap(r.id)
        XCTAssertThrowsError(try store.advanceReferral(id: rid, to: .referred, on: today.adding(days: -4), followUp: nil, key: nil, by: worker))
        r = try store.advanceReferral(id: rid, to: .referred, on: today.adding(days: -2), followUp: today.adding(days: -1), key: nil, by: worker)
        XCTAssertThrowsError(try store.advanceReferral(id: rid, to: .proposed, on: today, followUp: nil, key: nil, by: worker)) {
            XCTAssertEqual($0 as? WardError, .referralStep(.referred, .proposed), "no step back")
        }
        XCTAssertTrue(r.followUpOverdue(today: today))
        XCTAssertEqual(try store.countReferrals(ReferralQuery(view: .overdue, today: today)), 1)
        r = try store.advanceReferral(id: rid, to: .received, on: today, followUp: today.adding(days: 7), key: nil, by: worker)
        XCTAssertEqual(try store.countReferrals(ReferralQuery(view: .overdue, today: today)), 0)
        XCTAssertEqual(try store.countReferrals(ReferralQuery(view: .awaitingFollowUp, today: today)), 1)
        r = try store.advanceReferral(id: rid, to: .used, on: today, followUp: today.adding(days: 7), key: nil, by: worker)
        XCTAssertNil(r.followUp, "an ended referral waits for nothing")
        XCTAssertThrowsError(try store.advanceReferral(id: rid, to: .declined, on: today, followUp: nil, key: nil, by: worker)) {
            XCTAssertEqual($0 as? WardError, .referralStep(.used, .declined))
        }
        // A person who went straight to the service: one save, the steps between take its date.
        var straight = try store.addReferral(Referral(caseId: id, service: .jobs, providerId: nil, proposed: today.adding(days: -3)), key: nil, by: worker)
        straight = try store.advanceReferral(id: try XCTUnwrap(straight.id), to: .used, on: today.adding(days: -1), followUp: nil, key: nil, by: worker)
        XCTAssertEqual(straight.status, .used)
        XCTAssertEqual([straight.referredDate, straight.receivedDate, straight.usedDate], Array(repeating: today.adding(days: -1), count: 3))
        // The timeline tells the story in date order, without notes for someone without the key.
        let kinds = try store.timeline(caseId: id, key: nil, account: worker).map(\.kind)
        XCTAssertTrue(kinds.contains(.consent(true, [.jobs], "")))
        XCTAssertEqual(kinds.last, .referral(.jobs, .used))
        // Every step of each referral is on it, on its own day, not only the last.
        for step in [ReferralStatus.proposed, .referred, .received, .used] {
            XCTAssertEqual(kinds.filter { $0 == .referral(.jobs, step) }.count, 2, "\(step)")
        }
    }

    /// Four people: three screened with a need, of whom two used a service; one screened with no
    /// need. Access: 2 of 3 = 66%, below the 70% target.
    /// Who a case is: several target groups may apply; an age group under 18 makes a minor
    /// whatever was ticked; lists filter by group and the figures split by group, sex and age.
    func testTargetGroupsFilterAndSplitAndAMinorIsOneByAge() throws {
        var adult = SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .outreach, firstContact: today.adding(days: -30))
        adult.targetGroups = [.sexWorker, .serviceWorker]
        let a = try store.addCase(adult, identity: Identity(), notes: "", key: nil, by: worker)
        let young = try store.addCase(SupportCase(sex: .male, ageGroup: .under18, residence: .local, source: .peer,
                                                  firstContact: today.adding(days: -20)), identity: Identity(), notes: "", key: nil, by: worker)
        XCTAssertEqual(a.targetGroups, [.sexWorker, .serviceWorker])
        XCTAssertFalse(a.isMinor)
        XCTAssertTrue(young.isMinor, "under 18 by age group is a minor without ticking it")
        XCTAssertEqual(try store.countCases(CaseQuery(targetGroup: .minor)), 1)
        XCTAssertEqual(try store.countCases(CaseQuery(targetGroup: .serviceWorker)), 1)
        XCTAssertEqual(try store.countCases(CaseQuery(targetGroup: .traffickingReturnee)), 0)
        try store.recordConsent(caseId: try XCTUnwrap(a.id), Consent(date: today.adding(days: -11), recording: true, services: [.health]), by: worker)
        let rid = try XCTUnwrap(try store.addReferral(Referral(caseId: try XCTUnwrap(a.id), service: .health, providerId: nil,
                                                               proposed: today.adding(days: -10)), key: nil, by: worker).id)
        try store.advanceReferral(id: rid, to: .used, on: today.adding(days: -5), followUp: nil, key: nil, by: worker)
        let splits = try store.supportSplits(from: Day(year: 2026, month: 1, day: 1)!, to: today)
        func split(_ label: Msg) -> [Int] { splits.first { $0.label == label }.map { [$0.reached, $0.supported] } ?? [] }
        XCTAssertEqual(split(TargetGroup.sexWorker.label), [1, 1])
        XCTAssertEqual(split(TargetGroup.minor.label), [1, 0])
        XCTAssertEqual(split(Sex.male.label), [1, 0])
        XCTAssertEqual(split(AgeGroup.from25.label), [1, 1])
        // The change is in the audit trail, in words.
        var edited = a
        edited.targetGroups = [.sexWorker]
        try store.updateCase(edited, original: a, identity: nil, notes: nil, key: nil, by: worker)
        let row = try XCTUnwrap(store.auditEntries(AuditFilter(record: "support_case#\(try XCTUnwrap(a.id))"), offset: 0, limit: 5, by: tester).first)
        XCTAssertTrue(row.changeText(try Localizer.load(.vi, resources: ResourceLocator.directory()))
            .contains("Nhóm đối tượng: Người bán dâm; Người lao động tại cơ sở kinh doanh dịch vụ → Người bán dâm"))
    }

    func testTheAccessRateOnAKnownDataset() throws {
        var ids: [Int64] = []
        for i in 0..<4 { ids.append(try XCTUnwrap(newCase(nil, daysAgo: 100 - i).id)) }
        let start = Day(year: 2026, month: 1, day: 1)!
        for (i, id) in ids.enumerated() {
            try store.recordConsent(caseId: id, Consent(date: today.adding(days: -90), recording: true, services: [.health, .jobs]), by: worker)
            try store.addScreening(caseId: id, Screening(date: today.adding(days: -80), needs: i == 3 ? [] : [.health]), key: nil, by: worker)
        }
        for id in ids.prefix(2) {
            let r = try store.addReferral(Referral(caseId: id, service: .health, providerId: nil, proposed: today.adding(days: -70)), key: nil, by: worker)
            let rid = try XCTUnwrap(r.id)
            try store.advanceReferral(id: rid, to: .referred, on: today.adding(days: -69), followUp: nil, key: nil, by: worker)
            try store.advanceReferral(id: rid, to: .received, on: today.adding(days: -60), followUp: nil, key: nil, by: worker)
            try store.advanceReferral(id: rid, to: .used, on: today.adding(days: -50), followUp: nil, key: nil, by: worker)
        }
        try store.addReferral(Referral(caseId: ids[2], service: .jobs, providerId: nil, proposed: today.adding(days: -10)), key: nil, by: worker)
        var f = try store.supportFigures(from: start, to: today)
        // The third person's referral is only proposed: not yet "referred".
        XCTAssertEqual([f.reached, f.screened, f.referred, f.usedService], [4, 4, 2, 2])
        XCTAssertEqual(f.byService[.health]?.referred, 2)
        XCTAssertEqual(f.byService[.health]?.used, 2)
        XCTAssertEqual(f.byService[.jobs]?.used, 0)
        XCTAssertEqual([f.eligible, f.withAccess], [3, 2])
        XCTAssertEqual(f.accessPercent, 67, "2 of 3, rounded half up")
        // The rate opens to the people behind it, by code: two with access, one without.
        let behind = try store.recordsBehind("support.access", period: ReportPeriod(kind: .custom, start: start, end: today))
        XCTAssertEqual(behind.count, 3)
        XCTAssertEqual(behind.filter { $0.hasSuffix("✓") }.count, 2)
        XCTAssertEqual(f.targetPercent, 70)
        XCTAssertFalse(f.meetsTarget)
        // A later screening that finds no need takes a person out of "eligible".
        try store.addScreening(caseId: ids[2], Screening(date: today, needs: []), key: nil, by: worker)
        f = try store.supportFigures(from: start, to: today)
        XCTAssertEqual(f.accessPercent, 100)
        // Before anyone was screened there is no rate at all, not 0%.
        XCTAssertNil(try store.supportFigures(from: start, to: today.adding(days: -95)).accessPercent)
    }
}
