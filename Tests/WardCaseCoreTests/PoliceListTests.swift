import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// The police's list of people sanctioned for selling sex: matched against the ward's cases by
/// who they are, for a case worker with the key only; sealed on arrival; counted for everyone.
final class PoliceListTests: XCTestCase {
    typealias Day = Formats.Day
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026
    var folder: URL!
    var store: WardStore!
    var today: Day!
    var worker: Account!
    var officer: Account!
    var tester: Account!
    var key: WardKey!
    var l: Localizer!
    static let header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Nơi cư trú", "Số quyết định", "Ngày quyết định"]

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-police-\(UUID().uuidString)")
        store = try WardStore.open(path: folder.appendingPathComponent("ward.sqlite").path, clock: { PoliceListTests.now })
        today = Day.today(Self.now)
        tester = try store.everyRole()
        worker = try store.createAccount(login: "hang", displayName: "Hằng", roles: [.caseWorker], password: "matkhau123", by: tester)
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: tester)
        key = try store.createWardKey(passphrase: "Hoa sen nở giữa đầm 2026", by: worker).key
        l = try Localizer.load(.vi, resources: ResourceLocator.directory())
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func known(_ name: String, birth: String, id: String = "", status: CaseStatus = .open) throws -> SupportCase {
        var c = try store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .local, source: .outreach, firstContact: today.adding(days: -90)),
                                  identity: Identity(fullName: name, birth: birth, idNumber: id), key: key, by: worker)
        if status != .open { c = try store.setCaseStatus(id: try XCTUnwrap(c.id), to: status, on: today.adding(days: -10), reason: .moved, by: worker) }
        return c
    }

    func sheet(_ people: [[String]]) -> [[String]] {
        [["CÔNG AN PHƯỜNG"], ["DANH SÁCH NGƯỜI BỊ XỬ LÝ HÀNH CHÍNH VỀ HÀNH VI BÁN DÂM"], Self.header]
            + people.enumerated().map { [String($0.offset + 1)] + $0.element }
    }

    func plan(_ people: [[String]], by account: Account? = nil) throws -> PoliceListImport.Plan {
        try PoliceListImport.plan(sheet(people), store: store, key: key, by: account ?? worker, receivedOn: today, l: l)
    }

    // MARK: Rules

    func testTheHeadersPoliceListsWriteAreRead() throws {
        let h = PoliceListImport.headers
        XCTAssertEqual(h.field(forHeader: "Họ và tên"), .fullName)
        XCTAssertEqual(h.field(forHeader: "HỌ TÊN ĐỐI TƯỢNG"), .fullName)
        XCTAssertEqual(h.field(forHeader: "Số CCCD/CMND"), .idNumber)
        XCTAssertEqual(h.field(forHeader: "Ngày tháng năm sinh"), .birth)
        XCTAssertEqual(h.field(forHeader: "Nơi cư trú"), .address)
        XCTAssertEqual(h.field(forHeader: "Số QĐ xử phạt"), .decisionNo)
        XCTAssertEqual(h.field(forHeader: "Ngày ra quyết định"), .decisionDate)
        XCTAssertEqual(h.field(forHeader: "Hành vi vi phạm"), .notes)
        XCTAssertEqual(try plan([]).headerLine, 3)
    }

    func testWhoIsWhoByIdNumberOrNameAndBirthYear() {
        // An ID number is its digits, however written; the name is folded, with the year of birth.
        let a = PersonKeys(Identity(fullName: "Vi Thị Nhung", birth: "02/11/2003", idNumber: "020 303 005 567"))
        let b = PersonKeys(Identity(fullName: "VI THI NHUNG", birth: "2003", idNumber: "020303005567"))
        XCTAssertEqual(a, b)
        XCTAssertNil(PersonKeys(Identity(fullName: "Vi Thị Nhung", idNumber: "12345")).idNumber, "too short to tell anyone apart")
        XCTAssertNil(PersonKeys(Identity(fullName: "Vi Thị Nhung")).nameYear, "a name alone matches nobody")
        XCTAssertEqual(PersonKeys.birth("1998")?.year, 1998)
        XCTAssertEqual(PersonKeys.birth("14/05/1996")?.day, Day(year: 1996, month: 5, day: 14))
        XCTAssertNil(PersonKeys.birth("khoảng 30 tuổi"))
        // An age group is the person's age on the day the list came.
        XCTAssertEqual(PersonKeys.birth("26/11/2008")?.age(on: today), 17)
        XCTAssertEqual(PersonKeys.birth("25/11/2008")?.age(on: today), 18)
        XCTAssertEqual(AgeGroup.of(age: 17), .under18)

        var known = KnownPeople()
        known.add(1, code: "HT-2026-0001", status: .open, Identity(fullName: "Lò Thị Hằng", birth: "2001", idNumber: "014301004512"))
        known.add(2, code: "HT-2026-0002", status: .open, Identity(fullName: "Hà Thị Lan", birth: "1988", idNumber: "019188002219"))
        known.add(3, code: "HT-2026-0003", status: .open, Identity(fullName: "Hà Thị Lan", birth: "1988", idNumber: "019188009999"))
        known.add(4, code: "HT-2026-0004", status: .open, Identity(fullName: "Đinh Thị Thảo", birth: "1999", idNumber: "123456789"))
        func match(_ name: String, _ birth: String, _ id: String = "") -> [Int64] {
            known.matches(PersonKeys(Identity(fullName: name, birth: birth, idNumber: id))).map(\.id)
        }
        XCTAssertEqual(match("Lò Thị Hằng", "2001"), [1], "name and year")
        XCTAssertEqual(match("Lò Hằng", "2000", "014301004512"), [1], "the ID number wins over a misspelt name")
        XCTAssertEqual(match("Lò Thị Hằng", "2001", "014301000000"), [], "another CCCD: someone else with the same name")
        XCTAssertEqual(match("Hà Thị Lan", "1988"), [2, 3], "two cases: the case worker decides")
        XCTAssertEqual(match("Đinh Thị Thảo", "1999", "036199001234"), [4], "an old CMND and a new CCCD: the name and year decide")
        XCTAssertEqual(match("Đinh Thị Thảo", "1998"), [])
    }

    func testEachRowIsNewLinkedOrLeftOutWithItsReason() throws {
        let hang = try known("Lò Thị Hằng", birth: "2001", id: "014301004512")
        let moved = try known("Vi Thị Nhung", birth: "02/11/2003", status: .closed)
        try known("Hà Thị Lan", birth: "1988")
        try known("Hà Thị Lan", birth: "1988")
        let p = try plan([
            ["Lò Thị Hằng", "2001", "Nữ", "014301004512", "Số 12 ngõ 46 Hào Nam", "300/QĐ-XPHC", "10/11/2026"],
            ["VI THỊ NHUNG", "2003", "nữ", "", "", "", ""],
            ["Hà Thị Lan", "1988", "Nữ", "", "", "", ""],
            ["Nguyễn Thị Anh", "14/05/1996", "Nữ", "001196000111", "Số 3 Khâm Thiên", "301/QĐ-XPHC", "11/11/2026"],
            ["", "1990", "Nữ", "", "", "", ""],
            ["Trần Thị Bích", "", "", "", "", "", ""],
            ["Phạm Thị Dung", "năm 90", "Nữ", "", "", "", ""],
            ["Đỗ Thị Mai", "1993", "gái mại dâm", "", "", "", ""],
            ["Nguyễn Thị Anh", "1996", "Nữ", "", "", "", ""],
            ["Lò Hằng", "2001", "Nữ", "014 301 004 512", "", "", ""],
            ["Bùi Thị Linh", "2008", "Nữ", "", "", "", "32/13/2026"],
            ["Hoàng Thị Giang", "26/11/2008", "Nữ", "", "", "", ""],
        ])
        func outcome(_ line: Int) -> PoliceListImport.Outcome? { p.rows.first { $0.line == line }?.outcome }
        XCTAssertEqual(outcome(4).flatMap { if case .link(_, let id, let code, _) = $0 { (id, code) } else { nil } }.map(\.1), hang.code)
        guard case .link(_, _, _, .closed)? = outcome(5) else { return XCTFail("a closed case is linked, and the preview says it is closed") }
        XCTAssertEqual(moved.status, .closed)
        guard case .reject(let several)? = outcome(6) else { return XCTFail() }
        XCTAssertTrue(several[0].contains("HT-2026-0003") && several[0].contains("HT-2026-0004"), several[0])
        guard case .open(let anh)? = outcome(7) else { return XCTFail() }
        XCTAssertEqual(anh.ageGroup, .from25)
        XCTAssertEqual(anh.identity.birth, "14/05/1996")
        XCTAssertEqual(anh.sanction, "QĐ xử phạt số 301/QĐ-XPHC ngày 11/11/2026")
        for (line, reason) in [(8, "Thiếu họ và tên"), (9, "Cần năm sinh hoặc số CCCD"), (10, "năm 90"), (11, "gái mại dâm"), (12, "dòng 7"),
                               (13, "dòng 4"), (14, "32/13/2026")] {
            guard case .reject(let reasons)? = outcome(line) else { return XCTFail("line \(line): \(String(describing: outcome(line)))") }
            XCTAssertTrue(reasons.joined().lowercased().contains(reason.lowercased()), "line \(line): \(reasons)")
        }
        guard case .open(let minor)? = outcome(15) else { return XCTFail() }
        XCTAssertEqual(minor.ageGroup, .under18, "17 on the day the list came")
        XCTAssertEqual([p.opened, p.linked, p.rejected], [2, 2, 8])
        // The shell's lines carry line numbers and case codes, never a name.
        let shell = p.reportLines(l, names: false).map(\.text).joined(separator: "\n")
        XCTAssertFalse(shell.contains("Lò") || shell.contains("Nguyễn Thị Anh"), shell)
        XCTAssertTrue(shell.contains("Dòng 4: đã có hồ sơ \(hang.code) (Đang hỗ trợ), liên kết"), shell)
        XCTAssertTrue(p.reportLines(l, names: true).map(\.text).contains("Dòng 7: hồ sơ mới — Nguyễn Thị Anh (14/05/1996)"))
    }

    // MARK: Writing and counting

    func testNewPeopleGetSealedCasesKnownOnesAreLinkedAndTheListIsCounted() throws {
        let hang = try known("Lò Thị Hằng", birth: "2001", id: "014301004512")
        var people = (0..<29).map { i in ["Người Số \(i)", String(1980 + i % 20), "Nữ", String(format: "0011%08d", i * 7919), "Khâm Thiên", "\(200 + i)/QĐ", "01/11/2026"] }
        people.insert(["Lò Thị Hằng", "2001", "Nữ", "014301004512", "Hào Nam", "300/QĐ-XPHC", "10/11/2026"], at: 5)
        let p = try plan(people)
        XCTAssertEqual([p.opened, p.linked, p.rejected], [29, 1, 0])
        let done = try store.apply(p, receivedOn: today.adding(days: -2), reference: "130/CAP-QLHC", key: key, by: worker)
        XCTAssertEqual([done.people, done.opened, done.linked, done.reached, done.supported], [30, 29, 1, 0, 0])

        // The new cases: source "danh sách của công an", in the group "người bán dâm", the identity sealed.
        let opened = try store.cases(CaseQuery()).map(\.supportCase).filter { $0.source == .policeList }
        XCTAssertEqual(opened.count, 29)
        XCTAssertTrue(opened.allSatisfy { $0.targetGroups == [.sexWorker] && $0.identity != nil && $0.firstContact == today.adding(days: -2) })
        let first = try XCTUnwrap(opened.first { $0.code == "HT-2026-0002" })
        XCTAssertEqual(try store.identity(of: first, key: key, by: worker).fullName, "Người Số 0")
        // The known one joins the group, keeps everything else, and the list is on its timeline.
        let linked = try XCTUnwrap(store.supportCase(id: try XCTUnwrap(hang.id)))
        XCTAssertEqual(linked.targetGroups, [.sexWorker])
        XCTAssertEqual(linked.source, .outreach)
        let entry = try XCTUnwrap(store.timeline(caseId: try XCTUnwrap(hang.id), key: key, account: worker).first { $0.kind == .policeList("130/CAP-QLHC") })
        XCTAssertEqual(entry.notes, "QĐ xử phạt số 300/QĐ-XPHC ngày 10/11/2026")

        // Nothing of the list is in the file in plain text, and the audit trail has counts only.
        let bytes = try Data(contentsOf: folder.appendingPathComponent("ward.sqlite")) + ((try? Data(contentsOf: folder.appendingPathComponent("ward.sqlite-wal"))) ?? Data())
        for plain in ["Người Số", "Lò Thị Hằng", "001100007919", "300/QĐ-XPHC", "Hào Nam"] {
            XCTAssertNil(bytes.range(of: Data(plain.utf8)), plain)
        }
        let trail = try store.auditEntries(AuditFilter(), offset: 0, limit: 500, by: tester)
        let text = trail.map { "\($0.before) \($0.after)" }.joined()
        XCTAssertFalse(text.contains("Người Số") || text.contains("Lò") || text.contains("001100") || text.contains("300/QĐ"), text)
        let list = try XCTUnwrap(trail.first { $0.recordType == "police_list" && $0.action == .create })
        XCTAssertEqual(list.after["opened"], "29")
        XCTAssertEqual(list.after["linked"], "1")
        XCTAssertEqual(trail.filter { $0.recordType == "police_list" && $0.action == .searchIdentities }.count, 1, "the matching is one logged search")

        // Counted: people on the list, met since, helped to a service. Nobody on it counts as
        // newly reached until the ward meets them.
        let year = try XCTUnwrap(Day(year: 2026, month: 1, day: 1))
        XCTAssertEqual(try store.supportFigures(from: year, to: today).reached, 1, "only the case opened on meeting her")
        let c = try XCTUnwrap(opened.first)
        try store.addContact(caseId: try XCTUnwrap(c.id), on: today, kind: .homeVisit, notes: "", key: key, by: worker)
        XCTAssertEqual(try store.supportFigures(from: year, to: today).reached, 2)
        XCTAssertEqual(try store.supportFigures(from: year, to: today.adding(days: -1)).reached, 1, "reached on the day she was met")
        XCTAssertEqual(try store.recordsBehind("support.reached", period: try XCTUnwrap(ReportPeriod.month(2026, 11))), ["\(today.iso) · \(c.code)"])
        XCTAssertEqual(try store.policeListFigures(from: year, to: today), PoliceListFigures(people: 30, reached: 1, supported: 0))
        // A second list naming someone again: they count once for the year.
        let again = try plan([["Người Số 3", "1983", "Nữ", String(format: "0011%08d", 3 * 7919), "", "", ""]])
        XCTAssertEqual(again.linked, 1)
        try store.apply(again, receivedOn: today, reference: "", key: key, by: worker)
        XCTAssertEqual(try store.policeListFigures(from: year, to: today).people, 30)
        XCTAssertEqual(try store.policeLists(by: officer).map(\.people), [1, 30])
        // The report counts them too.
        let figures = try store.reportFigures(try XCTUnwrap(ReportPeriod.month(2026, 11))).all
        XCTAssertEqual(figures.first { $0.id == "support.police_list" }?.value, 30)
        XCTAssertEqual(figures.first { $0.id == "support.police_list_reached" }?.value, 1)
    }

    func testAnImportIsAllOrNothing() throws {
        var p = try plan([["Nguyễn Thị Anh", "1996", "Nữ", "", "", "", ""], ["Trần Thị Bích", "1990", "Nữ", "", "", "", ""]])
        // The second row's case was removed meanwhile (a plan from a stale preview): nothing is written.
        p.rows.append(.init(line: 9, outcome: .link(p.rows[0].outcome.person!, caseId: 999, code: "HT-2026-0999", status: .open)))
        XCTAssertThrowsError(try store.apply(p, receivedOn: today, reference: "", key: key, by: worker))
        XCTAssertEqual(try store.countCases(CaseQuery()), 0)
        XCTAssertEqual(try store.policeLists(by: worker), [])
        XCTAssertThrowsError(try store.apply(p, receivedOn: today.adding(days: 1), reference: "", key: key, by: worker)) {
            XCTAssertEqual($0 as? WardError, .futureDate)
        }
    }

    // MARK: The attack

    /// An officer (who sees the support section by codes and counts) wants to know whether a
    /// woman she knows is among the ward's cases. She has overheard the ward's shared passphrase.
    /// 1. She opens the key with it: refused (only case workers hold the key).
    /// 2. She borrows a case worker's opened key object (a shared terminal left unlocked) and
    ///    asks for a one-row "police list" to see whether the row comes back "linked": refused at
    ///    the door, before any identity is opened, and the refusal is in the audit trail.
    /// 3. She takes a plan a case worker previewed and tries to write it under her name: refused.
    /// 4. What she can see: the lists as counts. Nothing there names anyone.
    func testAnOfficerCannotProbeWhoIsACaseThroughAPoliceList() throws {
        try known("Lò Thị Hằng", birth: "2001", id: "014301004512")
        let probe = sheet([["Lò Thị Hằng", "2001", "Nữ", "", "", "", ""]])
        XCTAssertThrowsError(try store.unlockWardKey(passphrase: "Hoa sen nở giữa đầm 2026", by: officer))
        XCTAssertThrowsError(try PoliceListImport.plan(probe, store: store, key: key, by: officer, receivedOn: today, l: l)) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.manageCases))
        }
        let previewed = try plan([["Lò Thị Hằng", "2001", "Nữ", "", "", "", ""]])
        XCTAssertThrowsError(try store.apply(previewed, receivedOn: today, reference: "", key: key, by: officer)) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.viewIdentities))
        }
        XCTAssertEqual(try store.policeLists(by: officer), [], "nothing was written")
        let trail = try store.auditEntries(AuditFilter(actor: "lan"), offset: 0, limit: 50, by: tester)
        XCTAssertEqual(trail.filter { $0.action == .denied }.count, 3, trail.map(\.after).description)
        XCTAssertFalse(trail.contains { $0.action == .searchIdentities }, "no identity was opened for her")

        try store.apply(previewed, receivedOn: today, reference: "12/CAP", key: key, by: worker)
        let seen = try XCTUnwrap(store.policeLists(by: officer).first)
        XCTAssertEqual([seen.people, seen.linked], [1, 1])
        // Her view of the case's timeline says a list named the person, not what it said.
        let c = try XCTUnwrap(store.cases(CaseQuery()).first?.supportCase.id)
        let entry = try XCTUnwrap(store.timeline(caseId: c, key: key, account: officer).first { $0.kind == .policeList("12/CAP") })
        XCTAssertEqual(entry.notes, "")
    }
}

extension PoliceListImport.Outcome {
    var person: PoliceListImport.Person? {
        switch self {
        case .open(let p), .link(let p, _, _, _): p
        case .reject: nil
        }
    }
}
