import XCTest
import WardCaseCore
@testable import WardCaseExport

/// The case and referral lists as files carry codes and facts, never who the person is; one case
/// as a text sheet carries the identity only when the case worker asked for it.
final class SupportFilesTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    var store: WardStore!
    var l: Localizer!
    var en: Localizer!
    var today: Day!
    var worker: Account!
    var key: WardKey!
    var caseId: Int64!
    var code = ""
    var providerId: Int64!

    let personName = "Nguyễn Thị Hồng Nhung"
    let phone = "0912345678"
    let idNumber = "001190012345"
    let secretNote = "Đang bị chủ nợ đe dọa"
    let secretOutcome = "Đã xét nghiệm, chờ kết quả"

    override func setUpWithError() throws {
        let resources = try ResourceLocator.directory()
        l = try Localizer.load(.vi, resources: resources)
        en = try Localizer.load(.en, resources: resources)
        store = try WardStore.inMemory(clock: { SupportFilesTests.now })
        today = Day.today(Self.now)
        worker = try store.createAccount(login: "mai", displayName: "Mai", roles: [.caseWorker], password: "matkhau123", by: store.tester())
        key = try store.createWardKey(passphrase: "bảo mật thông tin phường", by: worker).key

        // A case with a name, a phone and notes, consent to two services, a screening and a contact.
        var first = SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .outreach, firstContact: today.adding(days: -40))
        first.targetGroups = [.sexWorker, .serviceWorker]
        let c = try store.addCase(first,
                                  identity: Identity(fullName: personName, alias: "Nhung", birth: "1996", idNumber: idNumber, phone: phone,
                                                     address: "Ngõ 5 phố Láng Hạ"),
                                  notes: secretNote, key: key, by: worker)
        caseId = try XCTUnwrap(c.id)
        code = c.code
        XCTAssertEqual(code, "HT-2026-0001")
        try store.recordConsent(caseId: caseId, Consent(date: today.adding(days: -40), recording: true, services: [.hivSti, .vocational],
                                                        agencies: ["Trung tâm Y tế quận"]), by: worker)
        try store.addScreening(caseId: caseId, Screening(date: today.adding(days: -35), needs: [.hivSti, .vocational],
                                                         notes: "Muốn học nghề may"), key: key, by: worker)
        try store.addContact(caseId: caseId, on: today.adding(days: -38), kind: .homeVisit, notes: "Gặp tại nhà trọ", key: key, by: worker)
        var p = Provider(name: "Trung tâm Y tế quận Đống Đa", services: [.health, .hivSti])
        p.contact = "024 3851 0000"
        providerId = try XCTUnwrap(store.saveProvider(p, original: nil, by: worker).id)

        // One referral used, one referred with a follow-up already past.
        var used = Referral(caseId: caseId, service: .hivSti, providerId: providerId, proposed: today.adding(days: -30))
        used.followUp = today.adding(days: -25)
        let u = try store.addReferral(used, outcome: secretOutcome, key: key, by: worker)
        try store.advanceReferral(id: XCTUnwrap(u.id), to: .referred, on: today.adding(days: -28), followUp: today.adding(days: -20),
                                  key: key, by: worker)
        try store.advanceReferral(id: XCTUnwrap(u.id), to: .received, on: today.adding(days: -26), followUp: today.adding(days: -20),
                                  key: key, by: worker)
        try store.advanceReferral(id: XCTUnwrap(u.id), to: .used, on: today.adding(days: -21), followUp: nil, key: key, by: worker)
        let v = try store.addReferral(Referral(caseId: caseId, service: .vocational, providerId: nil, proposed: today.adding(days: -10)),
                                      key: key, by: worker)
        try store.advanceReferral(id: XCTUnwrap(v.id), to: .referred, on: today.adding(days: -9), followUp: today.adding(days: -2),
                                  key: key, by: worker)

        // A second case, closed, with no identity at all.
        let other = try store.addCase(SupportCase(sex: .unknown, ageGroup: .unknown, residence: .local, source: .selfReferral,
                                                  firstContact: today.adding(days: -100)), key: nil, by: worker)
        try store.setCaseStatus(id: XCTUnwrap(other.id), to: .closed, on: today.adding(days: -50), reason: .lostContact, by: worker)
    }

    func jsonArray(_ data: Data) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    /// Nothing that says who the person is, or what was written about them.
    func assertNothingPersonal(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in [personName, "Hồng Nhung", phone, idNumber, "Ngõ 5 phố Láng Hạ", secretNote, secretOutcome, "Muốn học nghề may",
                       "Gặp tại nhà trọ"] {
            XCTAssertFalse(text.contains(secret), "“\(secret)” leaked into:\n\(text)", file: file, line: line)
        }
    }

    func testTheCaseListHasCodesAndFactsAndNeverTheIdentity() throws {
        let rows = try store.cases(CaseQuery())
        XCTAssertEqual(rows.count, 2)
        let header = CaseExport.header(l)
        XCTAssertEqual(header, ["Mã hồ sơ", "Giới tính", "Nhóm tuổi", "Cư trú", "Nguồn tiếp cận", "Ngày tiếp cận đầu tiên", "Trạng thái",
                                "Ngày của trạng thái", "Lý do đóng hồ sơ", "Số lần chuyển gửi", "Ngày theo dõi tiếp theo",
                                "Lần sàng lọc gần nhất", "Nhóm đối tượng"])
        XCTAssertEqual(CaseExport.keys.count, header.count)

        let csvData = CaseExport.csv(rows, l)
        let csv = CSV.read(csvData).textRows
        XCTAssertEqual(csv.count, 3)
        XCTAssertEqual(csv[0], header)
        XCTAssertEqual(csv[1], ["HT-2026-0001", "Nữ", "25-34", "Người từ nơi khác đến", "Tiếp cận cộng đồng", "16/10/2026", "Đang hỗ trợ",
                                "16/10/2026", "", "2", "23/11/2026", "21/10/2026",
                                "Người bán dâm; Người lao động tại cơ sở kinh doanh dịch vụ"])
        XCTAssertEqual(csv[2], ["HT-2026-0002", "Không rõ", "Không rõ", "Người địa phương", "Tự tìm đến", "17/08/2026", "Đã đóng",
                                "06/10/2026", "Mất liên lạc", "0", "", "", ""])

        let xlsxData = try CaseExport.xlsx(rows, l)
        let sheet = try XLSX.read(xlsxData)
        // A sheet does not store the empty cells at the end of a row.
        XCTAssertEqual(sheet.textRows, csv.map { Array($0.reversed().drop { $0.isEmpty }.reversed()) })
        XCTAssertEqual(sheet.rows[1][5], .date(2026, 10, 16))
        XCTAssertEqual(sheet.rows[1][9], .number(2))
        XCTAssertEqual(sheet.rows[2][9], .number(0))

        let jsonData = try CaseExport.json(rows, l)
        let json = try jsonArray(jsonData)
        XCTAssertEqual(Set(json[0].keys), Set(CaseExport.keys + ["id", "sex_code", "age_group_code", "residence_code", "source_code",
                                                                "status_code", "close_reason_code", "target_group_codes"]))
        XCTAssertEqual(json[0]["target_group_codes"] as? String, "sex_worker,service_worker")
        XCTAssertEqual(json[0]["code"] as? String, code)
        XCTAssertEqual(json[0]["referrals"] as? Int, 2)
        XCTAssertEqual(json[0]["id"] as? Int, Int(caseId))
        XCTAssertEqual(json[0]["source_code"] as? String, "outreach")
        XCTAssertEqual(json[0]["close_reason"] as? String, "")
        XCTAssertEqual(json[1]["referrals"] as? Int, 0)
        XCTAssertEqual(json[1]["close_reason_code"] as? String, "lost_contact")
        XCTAssertEqual(json[1]["status_code"] as? String, "closed")

        for text in [String(decoding: csvData, as: UTF8.self), String(decoding: jsonData, as: UTF8.self),
                     sheet.textRows.flatMap { $0 }.joined(separator: "\n")] {
            XCTAssertTrue(text.contains(code), text)
            assertNothingPersonal(text)
        }

        // English labels, the same keys and codes.
        XCTAssertEqual(CaseExport.header(en)[0], "Case code")
        let english = try jsonArray(try CaseExport.json(rows, en))
        XCTAssertEqual(english[0]["residence"] as? String, "Migrant")
        XCTAssertEqual(english[0]["residence_code"] as? String, "migrant")
    }

    func testTheReferralListHasCodesAndStepsAndNeverTheOutcome() throws {
        let rows = try store.referrals(ReferralQuery(today: today))
        XCTAssertEqual(rows.count, 2)
        let header = ReferralExport.header(l)
        XCTAssertEqual(header.count, ReferralExport.keys.count)
        XCTAssertEqual(header[0], "Mã hồ sơ")

        let csvData = ReferralExport.csv(rows, l)
        let csv = CSV.read(csvData).textRows
        XCTAssertEqual(csv[0], header)
        // Newest proposed first.
        XCTAssertEqual(csv[1], ["HT-2026-0001", "Học nghề", "", "Đã chuyển gửi", "15/11/2026", "16/11/2026", "", "", "", "23/11/2026", "Có"])
        XCTAssertEqual(csv[2], ["HT-2026-0001", "HIV, bệnh lây truyền qua đường tình dục", "Trung tâm Y tế quận Đống Đa",
                                "Đã sử dụng dịch vụ", "26/10/2026", "28/10/2026", "30/10/2026", "04/11/2026", "", "", "Không"])

        let xlsxData = try ReferralExport.xlsx(rows, l)
        let sheet = try XLSX.read(xlsxData)
        XCTAssertEqual(sheet.textRows, csv)
        XCTAssertEqual(sheet.rows[2][7], .date(2026, 11, 4))
        XCTAssertEqual(sheet.rows[1][6], .empty)

        let jsonData = try ReferralExport.json(rows, l)
        let json = try jsonArray(jsonData)
        XCTAssertEqual(Set(json[0].keys), Set(ReferralExport.keys + ["id", "case_id", "provider_id", "service_code", "status_code"]))
        XCTAssertEqual(json[0]["case_code"] as? String, code)
        XCTAssertEqual(json[0]["case_id"] as? Int, Int(caseId))
        XCTAssertEqual(json[0]["provider_id"] as? String, "")
        XCTAssertEqual(json[1]["provider_id"] as? Int, Int(providerId))
        XCTAssertEqual(json[0]["overdue"] as? String, "Có")
        XCTAssertEqual(json[0]["service_code"] as? String, "vocational")
        XCTAssertEqual(json[1]["status_code"] as? String, "used")

        for text in [String(decoding: csvData, as: UTF8.self), String(decoding: jsonData, as: UTF8.self),
                     sheet.textRows.flatMap { $0 }.joined(separator: "\n")] {
            XCTAssertTrue(text.contains(code), text)
            assertNothingPersonal(text)
        }

        // The overdue view has only the waiting one.
        let overdue = try store.referrals(ReferralQuery(view: .overdue, today: today))
        XCTAssertEqual(try jsonArray(try ReferralExport.json(overdue, en)).map { $0["service"] as? String }, ["Vocational training"])
    }

    func testOneCaseSheetHasTheIdentityOnlyWhenGiven() throws {
        let c = try XCTUnwrap(store.supportCase(id: caseId))
        let consent = try store.consent(caseId: caseId)
        // The timeline as a case worker with the key sees it: notes opened. They stay out of the sheet all the same.
        let timeline = try store.timeline(caseId: caseId, key: key, account: worker)
        XCTAssertTrue(timeline.contains { $0.notes == "Gặp tại nhà trọ" })

        let plain = SingleCaseExport.text(c, identity: nil, consent: consent, timeline: timeline, l: l)
        assertNothingPersonal(plain)
        XCTAssertFalse(plain.contains("Thông tin nhân thân"))
        XCTAssertEqual(plain, """
            HỒ SƠ HỖ TRỢ HT-2026-0001

            Giới tính: Nữ
            Nhóm tuổi: 25-34
            Cư trú: Người từ nơi khác đến
            Nguồn tiếp cận: Tiếp cận cộng đồng
            Ngày tiếp cận đầu tiên: 16/10/2026
            Trạng thái: Đang hỗ trợ
            Ngày của trạng thái: 16/10/2026

            Sự đồng ý
            Ngày ghi nhận: 16/10/2026 (mai)
            Đồng ý cho ghi nhận thông tin: Có
            Đồng ý chuyển gửi tới: HIV, bệnh lây truyền qua đường tình dục, Học nghề
            Được chia sẻ thông tin với: Trung tâm Y tế quận

            Diễn biến
            16/10/2026  Mở hồ sơ (nguồn: Tiếp cận cộng đồng) (mai)
            16/10/2026  Ghi nhận sự đồng ý: ghi nhận thông tin Có; chuyển gửi tới: HIV, bệnh lây truyền qua đường tình dục, Học nghề (mai)
            18/10/2026  Tiếp xúc: Thăm tại nhà (mai)
            21/10/2026  Sàng lọc nhu cầu: HIV, bệnh lây truyền qua đường tình dục, Học nghề (mai)
            26/10/2026  Chuyển gửi (HIV, bệnh lây truyền qua đường tình dục): Đề xuất (mai)
            28/10/2026  Chuyển gửi (HIV, bệnh lây truyền qua đường tình dục): Đã chuyển gửi (mai)
            30/10/2026  Chuyển gửi (HIV, bệnh lây truyền qua đường tình dục): Nơi nhận đã tiếp nhận (mai)
            04/11/2026  Chuyển gửi (HIV, bệnh lây truyền qua đường tình dục): Đã sử dụng dịch vụ (mai)
            15/11/2026  Chuyển gửi (Học nghề): Đề xuất (mai)
            16/11/2026  Chuyển gửi (Học nghề): Đã chuyển gửi (mai)

            """)

        // On purpose, through the audited call: the identity is there, with a confidentiality line.
        let identity = try store.identityForExport(of: c, key: key, by: worker)
        let full = SingleCaseExport.text(c, identity: identity, consent: consent, timeline: timeline, l: l)
        for expected in ["Thông tin nhân thân (bảo mật)", "Họ và tên: \(personName)", "Điện thoại: \(phone)", "Tên gọi khác: Nhung",
                         "Ngày hoặc năm sinh: 1996", "Số định danh cá nhân / CCCD: \(idNumber)", "Địa chỉ: Ngõ 5 phố Láng Hạ",
                         "Tài liệu có thông tin cá nhân nhạy cảm"] {
            XCTAssertTrue(full.contains(expected), "missing “\(expected)” in:\n\(full)")
        }
        for secret in [secretNote, secretOutcome, "Muốn học nghề may", "Gặp tại nhà trọ"] { XCTAssertFalse(full.contains(secret), secret) }
        XCTAssertEqual(full, full.precomposedStringWithCanonicalMapping)

        // A case without consent or identity says so; English works too.
        let bare = try XCTUnwrap(store.cases(CaseQuery(status: .closed)).first?.supportCase)
        let text = SingleCaseExport.text(bare, identity: Identity(), consent: nil, timeline: [], l: en)
        XCTAssertTrue(text.hasPrefix("SUPPORT CASE HT-2026-0002\n"), text)
        XCTAssertTrue(text.contains("Reason closed: Lost contact"), text)
        XCTAssertTrue(text.contains("Identity (confidential)\nNone recorded\n"), text)
        XCTAssertTrue(text.contains("Consent\nNone recorded\n"), text)
        XCTAssertTrue(text.contains("Timeline\nNone recorded\n"), text)
    }
}
