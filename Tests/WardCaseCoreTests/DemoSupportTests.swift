import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseDemo

/// The demo ward's support section: a ward key under the documented passphrase, a provider
/// directory and eighteen months of cases whose every consent, screening and referral is one the
/// app would have accepted; the same for the same day, and no name or phone readable in the file.
final class DemoSupportTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    static let today = Day.today(now)

    /// One seeded ward, and its key opened once (scrypt is the slow part), serve most tests.
    nonisolated(unsafe) private static var template: WardStore?
    nonisolated(unsafe) private static var templateKey: WardKey?

    static func seeded(at now: Date = DemoSupportTests.now) throws -> WardStore {
        let store = try WardStore.inMemory(clock: { now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        return store
    }

    var store: WardStore!
    var today: Day { Self.today }

    override func setUpWithError() throws {
        if Self.template == nil { Self.template = try Self.seeded() }
        store = try XCTUnwrap(Self.template)
    }

    func worker(_ store: WardStore) throws -> Account { try XCTUnwrap(store.account(login: "canboxh")) }

    func key() throws -> WardKey {
        if let key = Self.templateKey { return key }
        let key = try store.unlockWardKey(passphrase: DemoWard.passphrase, by: try worker(store))
        Self.templateKey = key
        return key
    }

    /// The demo's own cases, as it tells their stories; the cases its police list opened are
    /// people not yet met, with their own test (`testThePoliceListNamesEightPeopleThreeAlreadyKnown`).
    func cases(_ store: WardStore) throws -> [SupportCase] {
        let fromList = try store.reading { db in Set(try Int64.fetchAll(db, sql: "SELECT case_id FROM police_list_entry WHERE opened = 1")) }
        return try store.cases(CaseQuery()).map(\.supportCase).filter { !fromList.contains($0.id ?? 0) }.sorted { $0.code < $1.code }
    }

    /// The list the ward police sent three weeks ago, as the case worker imported it: eight
    /// people, three of them already cases (one found by name and year alone); one of the five
    /// new ones met since. Everyone in the support section sees it as counts.
    func testThePoliceListNamesEightPeopleThreeAlreadyKnown() throws {
        let list = try XCTUnwrap(store.policeLists(by: try XCTUnwrap(store.account(login: "canbo"))).first)
        XCTAssertEqual([list.people, list.opened, list.linked], [8, 5, 3])
        XCTAssertEqual(list.receivedOn, today.adding(days: -21))
        XCTAssertEqual(list.reference, "125/CAP-QLHC")
        XCTAssertGreaterThanOrEqual(list.reached, 4)
        let key = try key(), worker = try worker(store)
        let opened = try store.cases(CaseQuery()).map(\.supportCase).filter { $0.firstContact == list.receivedOn && $0.source == .policeList }
        XCTAssertEqual(opened.count, 5)
        XCTAssertTrue(opened.allSatisfy { $0.targetGroups.contains(.sexWorker) })
        XCTAssertEqual(Set(try opened.map { try store.identity(of: $0, key: key, by: worker).fullName }),
                       ["Lò Thị Hằng", "Nguyễn Thị Kiều Oanh", "Đinh Thị Thảo", "Hà Thị Lan", "Vi Thị Nhung"])
        let timeline = try store.timeline(caseId: try XCTUnwrap(opened.first?.id), key: key, account: worker)
        XCTAssertTrue(timeline.contains { $0.kind == .policeList("125/CAP-QLHC") && $0.notes.contains("/QĐ-XPHC") }, "\(timeline)")
    }

    func referrals(_ store: WardStore, today: Day = DemoSupportTests.today) throws -> [Referral] {
        try store.referrals(ReferralQuery(view: .all, today: today)).map(\.referral).sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    /// The consent rows of a case, oldest first, from its timeline.
    func consents(_ store: WardStore, caseId: Int64) throws -> [Consent] {
        try store.timeline(caseId: caseId, key: nil, account: store.everyRole()).compactMap {
            if case let .consent(recording, services, agencies) = $0.kind {
                return Consent(date: $0.date, recording: recording, services: services,
                               agencies: agencies.components(separatedBy: "; ").filter { !$0.isEmpty }, recordedBy: $0.author)
            }
            return nil
        }
    }

    // MARK: Tests

    func testTheCaseWorkerOpensTheDemoKeyWithTheDocumentedPassphrase() throws {
        XCTAssertTrue(try store.hasWardKey())
        let worker = try worker(store)
        XCTAssertTrue(worker.roles.contains(.caseWorker))
        XCTAssertNoThrow(try key())
        let copy = try WardStore.inMemoryCopy(of: store)
        XCTAssertThrowsError(try copy.unlockWardKey(passphrase: "demo-hotro-2025", by: worker)) {
            XCTAssertEqual($0 as? WardError, .wrongPassphrase)
        }
        let officer = try XCTUnwrap(copy.account(login: "canbo"))
        XCTAssertThrowsError(try copy.unlockWardKey(passphrase: DemoWard.passphrase, by: officer)) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.viewIdentities))
        }
    }

    func testThirtyCasesOverEighteenMonthsNumberedByYearInOrder() throws {
        let all = try cases(store)
        XCTAssertTrue((25...35).contains(all.count), "\(all.count)")
        let firsts = all.map(\.firstContact)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(firsts.max()).excelSerial - (try XCTUnwrap(firsts.min())).excelSerial, 450)
        XCTAssertTrue(firsts.allSatisfy { $0 <= today && $0 >= today.adding(days: -560) })
        // HT-YYYY-NNNN: the year of first contact, then 1, 2, 3... in the order people were met.
        for (year, ofYear) in Dictionary(grouping: all, by: \.firstContact.year) {
            let inOrder = ofYear.sorted { ($0.firstContact, $0.id ?? 0) < ($1.firstContact, $1.id ?? 0) }
            XCTAssertEqual(inOrder.map(\.code), inOrder.indices.map { String(format: "HT-%04d-%04d", year, $0 + 1) })
        }
        // Facts that can be counted, spread as the ward would see them.
        XCTAssertGreaterThan(all.filter { $0.sex == .female }.count * 100 / all.count, 75)
        XCTAssertGreaterThanOrEqual(Set(all.map(\.ageGroup)).count, 5)
        XCTAssertTrue(Set(all.map(\.residence)).isSuperset(of: [.local, .migrant]))
        XCTAssertEqual(Set(all.map(\.source)), Set(ContactSource.allCases))
        // Most open, some on hold, some closed with each reason.
        XCTAssertGreaterThan(all.filter { $0.status == .open }.count * 2, all.count)
        XCTAssertEqual(Set(all.map(\.status)), Set(CaseStatus.allCases))
        XCTAssertEqual(Set(all.compactMap(\.closeReason)), Set(CloseReason.allCases))
        for c in all {
            XCTAssertEqual(c.closeReason != nil, c.status == .closed, c.code)
            XCTAssertGreaterThanOrEqual(c.statusDate, c.firstContact, c.code)
            XCTAssertLessThanOrEqual(c.statusDate, today, c.code)
            XCTAssertTrue(["canboxh", "demo"].contains(c.authorName), c.code)
        }
        let providers = try store.providers()
        XCTAssertGreaterThanOrEqual(providers.count, 6)
        XCTAssertTrue(providers.allSatisfy { !$0.services.isEmpty && !$0.address.isEmpty && !$0.contact.isEmpty })
    }

    func testIdentitiesOpenForEveryCaseThatHasOneAndAreVietnamese() throws {
        let key = try key(), worker = try worker(store)
        let surnames: Set<String> = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ",
                                     "Ngô", "Hồ", "Dương", "Đinh", "Đoàn", "Lương", "Lý", "Mai", "Trịnh", "Hà", "Tạ", "Kiều", "Cao", "Lò",
                                     "Quách", "Nông", "Phùng", "La", "Chu", "Tống", "Khúc", "Đàm", "Ông", "Vi", "Lại", "Giang", "Thân",
                                     "Âu", "Lưu", "Đào", "Tô", "Thái", "Triệu", "Lục", "Vương", "Văn", "Quan"]
        var names = Set<String>(), phones = Set<String>(), withNotes = 0
        let all = try cases(store)
        for c in all {
            guard c.identity != nil else {
                // Nobody is kept without consent to being recorded.
                XCTAssertTrue(try consents(store, caseId: try XCTUnwrap(c.id)).contains { !$0.recording }, c.code)
                XCTAssertNil(c.notes, c.code)
                continue
            }
            let person = try store.identity(of: c, key: key, by: worker)
            let words = person.fullName.split(separator: " ").map(String.init)
            XCTAssertTrue((3...5).contains(words.count), person.fullName)
            XCTAssertTrue(surnames.contains(words[0]), person.fullName)
            XCTAssertTrue(words.allSatisfy { $0.first?.isUppercase ?? false }, person.fullName)
            XCTAssertEqual(person.fullName, VietText.nfc(person.fullName))
            XCTAssertTrue(person.fullName.unicodeScalars.contains { $0.value > 127 }, "\(person.fullName) has Vietnamese letters")
            XCTAssertTrue(person.phone.count == 10 && person.phone.hasPrefix("09") && person.phone.allSatisfy(\.isASCIIDigit), person.phone)
            XCTAssertTrue(person.idNumber.count == 12 && person.idNumber.allSatisfy(\.isASCIIDigit), person.idNumber)
            let birthYear = try XCTUnwrap(Int(person.birth.suffix(4)), person.birth)
            XCTAssertTrue(person.birth.count == 4 || Day(vietnamese: person.birth) != nil, person.birth)
            XCTAssertEqual(person.idNumber.dropFirst(4).prefix(2), Substring(String(format: "%02d", birthYear % 100)), person.idNumber)
            XCTAssertTrue(["Hoàng Cầu", "Khâm Thiên", "Ô Chợ Dừa", "Đê La Thành", "Tôn Đức Thắng", "Nguyễn Lương Bằng", "Đặng Tiến Đông",
                           "Hồ Đắc Di"].contains { person.address.contains($0) }, person.address)
            names.insert(person.fullName)
            phones.insert(person.phone)
            if !(try store.caseNotes(c, key: key, by: worker)).isEmpty { withNotes += 1 }
        }
        XCTAssertGreaterThanOrEqual(names.count, all.count - 2, "every name different, one or two cases without")
        XCTAssertEqual(phones.count, names.count)
        XCTAssertGreaterThanOrEqual(withNotes, 5)
        // Notes on the timeline open only with the key.
        let id = try XCTUnwrap(all.first { $0.identity != nil }?.id)
        let sealed = try store.timeline(caseId: id, key: nil, account: worker)
        let opened = try store.timeline(caseId: id, key: key, account: worker)
        XCTAssertTrue(sealed.allSatisfy(\.notes.isEmpty))
        XCTAssertEqual(sealed.filter(\.sealed).count, opened.filter { !$0.notes.isEmpty }.count)
    }

    func testEveryReferralHasConsentAProviderAndStepsInOrder() throws {
        let all = try cases(store)
        let byId = Dictionary(uniqueKeysWithValues: all.map { ($0.id ?? 0, $0) })
        let providers = Dictionary(uniqueKeysWithValues: try store.providers(includeInactive: true).map { ($0.id ?? 0, $0) })
        let rows = try referrals(store)
        XCTAssertGreaterThanOrEqual(rows.count, 40)
        XCTAssertEqual(Set(rows.map(\.status)), Set(ReferralStatus.allCases))
        XCTAssertGreaterThanOrEqual(Set(rows.map(\.service)).count, 8)
        for r in rows {
            let c = try XCTUnwrap(byId[r.caseId])
            let label = "\(c.code) \(r.service.rawValue) \(r.status.rawValue)"
            // Only with the consent in force on the day it was proposed, to a provider offering the service.
            let history = try consents(store, caseId: r.caseId)
            XCTAssertNil(SupportRules.referralRefusal(r.service, consent: history.last { $0.date <= r.proposedDate }), label)
            XCTAssertTrue(try XCTUnwrap(providers[try XCTUnwrap(r.providerId)]).services.contains(r.service), label)
            XCTAssertEqual(r.referredBy, c.authorName, label)
            // Steps in order, dates never going back.
            let steps: [Day?] = [r.proposedDate, r.referredDate, r.receivedDate, r.usedDate]
            let reached = steps.prefix { $0 != nil }.count
            XCTAssertTrue(steps.dropFirst(reached).allSatisfy { $0 == nil }, label)
            let dates = steps.compactMap { $0 } + [r.endedDate].compactMap { $0 }
            XCTAssertEqual(dates, dates.sorted(), label)
            switch r.status {
            case .proposed, .referred, .received, .used:
                let expected: [ReferralStatus: Int] = [.proposed: 1, .referred: 2, .received: 3, .used: 4]
                XCTAssertEqual(reached, expected[r.status], label)
                XCTAssertNil(r.endedDate, label)
            case .declined, .noContact:
                XCTAssertNotNil(r.endedDate, label)
                XCTAssertLessThan(reached, 4, label)
            }
            XCTAssertGreaterThanOrEqual(r.proposedDate, c.firstContact, label)
            XCTAssertLessThanOrEqual(r.statusDate, today, label)
            if r.status.ended { XCTAssertNil(r.followUp, label) } else { XCTAssertGreaterThanOrEqual(try XCTUnwrap(r.followUp, label), r.statusDate) }
            if c.status == .closed {
                XCTAssertTrue(r.status.ended, label)
                XCTAssertLessThanOrEqual(r.statusDate, c.statusDate, label)
            }
        }
        // Consents: recorded yes for all but one or two; what they agreed to is mostly what they need.
        var refused = 0
        for c in all {
            let history = try consents(store, caseId: try XCTUnwrap(c.id))
            XCTAssertFalse(history.isEmpty, c.code)
            XCTAssertEqual(history.first?.date, c.firstContact, c.code)
            if history.contains(where: { !$0.recording }) { refused += 1 }
            for k in history where k.recording { XCTAssertFalse(k.agencies.isEmpty, c.code) }
        }
        XCTAssertTrue((1...2).contains(refused), "\(refused)")
    }

    func testScreeningsAndContactsOverTime() throws {
        for c in try cases(store) {
            let timeline = try store.timeline(caseId: try XCTUnwrap(c.id), key: nil, account: store.everyRole())
            let screenings = timeline.filter { if case .screening = $0.kind { true } else { false } }
            let contacts = timeline.filter { if case .contact = $0.kind { true } else { false } }
            XCTAssertTrue((1...3).contains(screenings.count), c.code)
            XCTAssertTrue((1...4).contains(contacts.count), c.code)
            XCTAssertEqual(contacts.first?.date, c.firstContact, c.code)
            XCTAssertTrue(timeline.allSatisfy { $0.date >= c.firstContact && $0.date <= today }, c.code)
            // The case's own work ends with it; a police list may name the person again afterwards.
            let work = timeline.filter { if case .policeList = $0.kind { false } else { true } }
            if c.status != .open { XCTAssertTrue(work.allSatisfy { $0.date <= c.statusDate }, c.code) }
            if c.closeReason == .goalsMet, case let .screening(needs) = try XCTUnwrap(screenings.last).kind {
                XCTAssertTrue(needs.isEmpty, "\(c.code): the last screening found no need left")
            }
        }
    }

    func testFollowUpsWaitingSomeOverdue() throws {
        let waiting = try store.referrals(ReferralQuery(view: .awaitingFollowUp, today: today))
        XCTAssertTrue((4...6).contains(waiting.count), "\(waiting.count)")
        let overdue = try store.countReferrals(ReferralQuery(view: .overdue, today: today))
        XCTAssertGreaterThanOrEqual(overdue, 2)
        XCTAssertLessThanOrEqual(overdue, 3)
        let open = Set(try cases(store).filter { $0.status == .open }.map(\.code))
        XCTAssertTrue(waiting.allSatisfy { open.contains($0.caseCode) })
    }

    func testTheAccessRateIsNearTheTarget() throws {
        let yearStart = try XCTUnwrap(Day(year: today.year, month: 1, day: 1))
        let f = try store.supportFigures(from: yearStart, to: today)
        XCTAssertEqual(f.targetPercent, 70)
        let percent = try XCTUnwrap(f.accessPercent)
        XCTAssertTrue((55...80).contains(percent), "\(f.withAccess) of \(f.eligible): \(percent)%")
        XCTAssertGreaterThan(f.reached, 0)
        XCTAssertGreaterThan(f.referred, 0)
        XCTAssertGreaterThan(f.usedService, 0)
    }

    func testTheSameDayGivesTheSameCasesAndReferrals() throws {
        let again = try Self.seeded()
        // Sealed values differ (fresh key, random nonces); everything else is the same.
        func facts(_ s: WardStore) throws -> [SupportCase] {
            try cases(s).map { var c = $0; c.identity = nil; c.notes = nil; return c }
        }
        func steps(_ s: WardStore) throws -> [Referral] { try referrals(s).map { var r = $0; r.outcome = nil; return r } }
        XCTAssertEqual(try facts(again), try facts(store))
        XCTAssertEqual(try steps(again), try steps(store))
        XCTAssertEqual(try again.providers(), try store.providers())
        let keyAgain = try again.unlockWardKey(passphrase: DemoWard.passphrase, by: try worker(again))
        for (a, b) in zip(try cases(again), try cases(store)) {
            XCTAssertEqual(try again.timeline(caseId: try XCTUnwrap(a.id), key: nil, account: again.everyRole()),
                           try store.timeline(caseId: try XCTUnwrap(b.id), key: nil, account: store.everyRole()), a.code)
            XCTAssertEqual(try keyAgain.openIdentity(a.identity, of: try XCTUnwrap(a.id)), try key().openIdentity(b.identity, of: try XCTUnwrap(b.id)), a.code)
            if a.identity != nil { XCTAssertNotEqual(a.identity, b.identity, "\(a.code) sealed with another key") }
        }
    }

    /// Whatever day the demo is made, the follow-ups and the access rate look the same.
    func testADemoMadeOnAnyDayHoldsTogether() throws {
        for (y, m, d) in [(2027, 1, 2), (2027, 7, 1), (2026, 12, 31)] {
            let day = try XCTUnwrap(Day(year: y, month: m, day: d))
            let now = Date(timeIntervalSince1970: Double(day.excelSerial - 25_569) * 86_400 + 43_200)
            let store = try Self.seeded(at: now)
            let label = day.vietnamese
            XCTAssertTrue((2...3).contains(try store.countReferrals(ReferralQuery(view: .overdue, today: day))), label)
            let f = try store.supportFigures(from: try XCTUnwrap(Day(year: y, month: 1, day: 1)), to: day)
            XCTAssertTrue((55...80).contains(try XCTUnwrap(f.accessPercent, label)), label)
            for r in try referrals(store, today: day) { XCTAssertLessThanOrEqual(r.statusDate, day, label) }
            for c in try cases(store) {
                XCTAssertLessThanOrEqual(c.statusDate, day, label)
                XCTAssertTrue(c.code.hasPrefix("HT-\(c.firstContact.year)-"), label)
            }
        }
    }

    /// The file and its WAL, read byte by byte, hold none of the demo's names, phones or ID numbers.
    func testTheDatabaseFileHoldsNoDemoNameOrPhone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-demo-support-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try WardStore.open(path: folder.appendingPathComponent("demo.sqlite").path, clock: { DemoSupportTests.now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        let key = try store.unlockWardKey(passphrase: DemoWard.passphrase, by: try worker(store))
        var secrets: [String] = []
        for c in try cases(store) where c.identity != nil {
            let person = try key.openIdentity(c.identity, of: try XCTUnwrap(c.id))
            secrets += [person.fullName, VietText.fold(person.fullName), person.phone, person.idNumber]
        }
        XCTAssertGreaterThanOrEqual(secrets.count, 100)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("sqlite") }
        XCTAssertTrue(files.contains("demo.sqlite") && files.contains("demo.sqlite-wal"), "\(files)")
        var total = 0
        for file in files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            total += bytes.count
            for secret in secrets {
                for form in Set([secret, secret.decomposedStringWithCanonicalMapping]) {
                    XCTAssertNil(bytes.range(of: Data(form.utf8)), "\(file) holds \(secret)")
                }
            }
        }
        XCTAssertGreaterThan(total, 100_000, "the seeded ward is in the files")
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
