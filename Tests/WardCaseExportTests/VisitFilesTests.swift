import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
import WardCaseCore
@testable import WardCaseExport

/// The visit, tip-off and hotspot lists as files, and one visit as a Word biên bản.
final class VisitFilesTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    var store: WardStore!
    var l: Localizer!
    var en: Localizer!
    var today: Day!
    var officer: Account!
    var leader: Account!
    var ward: WardIdentity!
    var karaokeId: Int64!
    var hotspotId: Int64!
    var approvedId: Int64!

    let fineViolation = Violation(description: "Không có sổ theo dõi người lao động",
                                  legalBasis: "Điểm a khoản 1 Điều 25 Nghị định 144/2021/NĐ-CP", handling: .fine, fine: 2_000_000)
    let reminder = Violation(description: "Chưa niêm yết nội quy phòng hát", handling: .reminder)
    let reporter = "Phạm Thị Người Báo"

    override func setUpWithError() throws {
        let resources = try ResourceLocator.directory()
        l = try Localizer.load(.vi, resources: resources)
        en = try Localizer.load(.en, resources: resources)
        store = try WardStore.inMemory(clock: { VisitFilesTests.now })
        today = Day.today(Self.now)
        ward = WardIdentity(name: "Phường Láng Hạ", province: "Thành phố Hà Nội", receivingAgency: "Sở Y tế")
        try store.initialiseWard(ward)
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: store.tester())
        leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: store.tester())
        let karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        for n in [2, 5] { try store.saveResidentialGroup("Tổ dân phố số \(n)", by: store.tester()) }
        karaokeId = try XCTUnwrap(store.addEstablishment(
            Establishment(name: "Karaoke Ánh Dương", typeId: karaoke, street: "Số 12 ngõ 34 phố Láng Hạ",
                          residentialGroup: "Tổ dân phố số 5", status: .active), by: officer).id)

        // An approved unannounced visit with a fine and a reminder.
        let items = try store.checklistItems()
        var v = Visit(establishmentId: karaokeId, date: today.adding(days: -3), kind: .unannounced)
        v.time = "08:30"
        v.team = "Đội kiểm tra liên ngành 178 phường"
        v.findings = "Cơ sở hoạt động bình thường.\nSổ theo dõi người lao động chưa lập."
        v.remedyDeadline = today.adding(days: 12)
        v.followUpDue = today.adding(days: 20)
        let record = VisitRecord(
            visit: v,
            members: [TeamMember(name: "Nguyễn Văn An", agency: "Công an phường"),
                      TeamMember(name: "Trần Thị Bích Ngọc", agency: "Phòng Văn hóa - Xã hội")],
            checks: [items[0].id!: .ok, items[2].id!: .notOk, items[6].id!: .notChecked],
            violations: [fineViolation, reminder])
        approvedId = try XCTUnwrap(store.saveVisit(record, original: nil, by: officer).visit.id)
        try store.submitVisit(id: approvedId, by: officer)
        try store.approveVisit(id: approvedId, by: leader)

        // A planned follow-up at a hotspot, and a tip-off with a named reporter.
        var h = Hotspot(name: "Khu vực ven hồ Láng", foundDate: today.adding(days: -40))
        h.address = "Đường ven hồ Láng"
        h.residentialGroup = "Tổ dân phố số 2"
        hotspotId = try XCTUnwrap(store.saveHotspot(h, original: nil, by: officer).id)
        var planned = Visit(hotspotId: hotspotId, date: today.adding(days: 5), kind: .planned, status: .planned)
        planned.team = "Đội kiểm tra liên ngành 178 phường"
        try store.saveVisit(VisitRecord(visit: planned), original: nil, by: leader)

        // The ward key is set up (a named informant is sealed to it).
        try store.createWardKey(passphrase: "bảo mật thông tin phường", by: store.tester())
        var tip = try store.newTip(received: today.adding(days: -10), kind: .denunciation, channel: .hotline)
        tip.content = "Nghi có hoạt động mua bán dâm tại phòng hát số 3"
        tip.reporter = reporter
        tip.establishmentId = karaokeId
        try store.saveTip(tip, original: nil, by: officer)
    }

    // MARK: Lists

    func testTheVisitListHasTheSameColumnsInCSVXLSXAndJSON() throws {
        // The plan list, then the visits carried out (the "all" view leaves plans to their own view).
        let rows = try store.visits(VisitQuery(view: .planned, today: today), offset: 0, limit: 100)
            + store.visits(VisitQuery(today: today), offset: 0, limit: 100)
        XCTAssertEqual(rows.count, 2)
        let header = VisitExport.header(l)
        XCTAssertEqual(header, ["Ngày kiểm tra", "Giờ", "Cơ sở / địa điểm", "Tổ dân phố", "Hình thức kiểm tra", "Trạng thái",
                                "Đoàn / đội kiểm tra", "Số vi phạm", "Tổng tiền phạt (đồng)", "Hạn khắc phục", "Hạn hậu kiểm tra",
                                "Quá hạn", "Người lập", "Tiền phạt đã nộp (đồng)"])
        XCTAssertEqual(VisitExport.keys.count, header.count)

        let expected = ["22/11/2026", "08:30", "Karaoke Ánh Dương", "Tổ dân phố số 5", "Đột xuất", "Đã duyệt",
                        "Đội kiểm tra liên ngành 178 phường", "2", "2000000", "07/12/2026", "15/12/2026", "Không", "lan", "0"]
        let csv = CSV.read(VisitExport.csv(rows, l)).textRows
        XCTAssertEqual(csv.count, 3)
        XCTAssertEqual(csv[0], header)
        XCTAssertEqual(csv[1][2], "Khu vực ven hồ Láng")
        XCTAssertEqual(csv[1][5], "Kế hoạch")
        XCTAssertEqual(csv[2], expected)

        let sheet = try XLSX.read(try VisitExport.xlsx(rows, l))
        XCTAssertEqual(sheet.textRows[0], header)
        XCTAssertEqual(sheet.rows[2][0], .date(2026, 11, 22))
        XCTAssertEqual(sheet.rows[2][7], .number(2))
        XCTAssertEqual(sheet.rows[2][8], .number(2_000_000))
        XCTAssertEqual(sheet.rows[2][9], .date(2026, 12, 7))
        XCTAssertEqual(sheet.textRows[2], expected)

        let json = try jsonObjects(try VisitExport.json(rows, l))
        XCTAssertEqual(Set(json[1].keys), Set(VisitExport.keys + ["id", "kind_code", "status_code"]))
        XCTAssertEqual(json[1]["date"] as? String, "22/11/2026")
        XCTAssertEqual(json[1]["place"] as? String, "Karaoke Ánh Dương")
        XCTAssertEqual(json[1]["violations"] as? Int, 2)
        XCTAssertEqual(json[1]["total_fine"] as? Int, 2_000_000)
        XCTAssertEqual(json[1]["fines_paid"] as? Int, 0, "no decision recorded, nothing paid")
        XCTAssertEqual(json[1]["status_code"] as? String, "approved")
        XCTAssertEqual(json[1]["kind_code"] as? String, "unannounced")
        XCTAssertEqual(json[1]["id"] as? Int, Int(approvedId))
        XCTAssertEqual(json[0]["remedy_deadline"] as? String, "")

        // English labels, the same keys.
        XCTAssertEqual(VisitExport.header(en)[0], "Date of visit")
        XCTAssertEqual(try jsonObjects(try VisitExport.json(rows, en))[1]["status"] as? String, "Approved")
    }

    func testTheTipListNeverShowsTheReporter() throws {
        let rows = try store.tips(TipQuery(today: today), offset: 0, limit: 100)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(TipExport.header(l), ["Ngày nhận", "Loại", "Kênh tiếp nhận", "Nặc danh", "Nội dung", "Cơ sở / địa điểm",
                                             "Tiến độ", "Hạn của bước", "Quá hạn", "Ngày xử lý xong", "Xử lý đúng hạn"])
        let csvData = TipExport.csv(rows, l)
        let csv = CSV.read(csvData).textRows
        XCTAssertEqual(Array(csv[1].prefix(7)), ["15/11/2026", "Tố giác", "Đường dây nóng", "Không",
                                                 "Nghi có hoạt động mua bán dâm tại phòng hát số 3", "Karaoke Ánh Dương", "Chờ xác minh"])
        XCTAssertEqual(csv[1][10], "", "not handled yet: no in-time answer")
        let xlsxData = try TipExport.xlsx(rows, l)
        XCTAssertEqual(try XLSX.read(xlsxData).rows[1][0], .date(2026, 11, 15))
        let jsonData = try TipExport.json(rows, l)
        let json = try jsonObjects(jsonData)
        XCTAssertEqual(json[0]["step_code"] as? String, "verify")
        XCTAssertEqual(json[0]["kind_code"] as? String, "denunciation")
        for data in [csvData, jsonData] {
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(reporter))
        }
        XCTAssertFalse(try XLSX.read(xlsxData).textRows.joined().contains(reporter))
    }

    func testTheHotspotListCountsVisitsAsNumbers() throws {
        let rows = try store.hotspots(HotspotQuery())
        XCTAssertEqual(HotspotExport.header(l), ["Tên điểm / tụ điểm", "Địa chỉ", "Tổ dân phố", "Ngày phát hiện", "Trạng thái",
                                                 "Ngày của trạng thái", "Số lần kiểm tra", "Lần kiểm tra gần nhất"])
        XCTAssertEqual(CSV.read(HotspotExport.csv(rows, l)).textRows[1],
                       ["Khu vực ven hồ Láng", "Đường ven hồ Láng", "Tổ dân phố số 2", "16/10/2026", "Đang hoạt động", "16/10/2026", "0", ""])
        let sheet = try XLSX.read(try HotspotExport.xlsx(rows, l))
        XCTAssertEqual(sheet.rows[1][3], .date(2026, 10, 16))
        XCTAssertEqual(sheet.rows[1][6], .number(0))
        let json = try jsonObjects(try HotspotExport.json(rows, l))
        XCTAssertEqual(json[0]["visits"] as? Int, 0)
        XCTAssertEqual(json[0]["status_code"] as? String, "active")
        XCTAssertEqual(Set(json[0].keys), Set(HotspotExport.keys + ["id", "status_code"]))
    }

    // MARK: Biên bản

    /// Once the fine's decision is recorded, the biên bản names it and its payment under the violations.
    func testTheBienBanCarriesTheSanctionDecision() throws {
        let record = try XCTUnwrap(store.visit(id: approvedId))
        let lines = try store.sanctionLines(visitId: approvedId)
        let fined = try XCTUnwrap(lines.firstIndex { $0.violation.handling == .fine })
        var sanctions: [Sanction?] = Array(repeating: nil, count: lines.count)
        sanctions[fined] = Sanction(decisionNo: "45/QĐ-XPHC", decisionDate: record.visit.date.adding(days: 3), signer: "Chủ tịch UBND phường",
                                    paidDate: record.visit.date.adding(days: 9))
        let data = try VisitRecordDocument.docx(record, place: "Karaoke Ánh Dương", address: "", ward: ward,
                                                checklist: try store.checklistItems(includeInactive: true), sanctions: sanctions, l: l)
        let text = try document(data).paragraphs.joined(separator: "\n")
        XCTAssertTrue(text.contains("Vi phạm \(fined + 1): QĐ xử phạt số 45/QĐ-XPHC ngày \(record.visit.date.adding(days: 3).vietnamese), "
                                    + "người ký: Chủ tịch UBND phường; đã nộp phạt ngày \(record.visit.date.adding(days: 9).vietnamese)."), text)
    }

    func testTheBienBanKeepsItsVietnameseTextAndLayout() throws {
        let record = try XCTUnwrap(store.visit(id: approvedId))
        let data = try VisitRecordDocument.docx(record, place: "Karaoke Ánh Dương", address: "Số 12 ngõ 34 phố Láng Hạ, Tổ dân phố số 5",
                                                ward: ward, checklist: try store.checklistItems(includeInactive: true), l: l)
        let doc = try document(data)
        // In cells, fixed terms and the team's last word do not break from the word before.
        let raw = doc.paragraphs.joined(separator: "\n")
        XCTAssertTrue(raw.contains("ĐỘI KIỂM\u{00A0}TRA LIÊN\u{00A0}NGÀNH 178\u{00A0}PHƯỜNG"), raw)
        XCTAssertTrue(raw.contains("Không có sổ theo dõi người lao\u{00A0}động"), raw)
        let text = raw.replacingOccurrences(of: "\u{00A0}", with: " ")
        for expected in ["UBND PHƯỜNG LÁNG HẠ", "ĐỘI KIỂM TRA LIÊN NGÀNH 178 PHƯỜNG", "Phường Láng Hạ, ngày 22 tháng 11 năm 2026", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN KIỂM TRA", "Về việc kiểm tra cơ sở Karaoke Ánh Dương",
                         "Hôm nay, hồi 08 giờ 30 phút, ngày 22 tháng 11 năm 2026, tại Karaoke Ánh Dương, Số 12 ngõ 34 phố Láng Hạ, Tổ dân phố số 5",
                         "1. Nguyễn Văn An - Công an phường", "2. Trần Thị Bích Ngọc - Phòng Văn hóa - Xã hội",
                         "Hình thức kiểm tra: Đột xuất.", "Xuất trình giấy phép kinh doanh", "Sổ theo dõi người lao động",
                         "Không đạt", "Sổ theo dõi người lao động chưa lập.", "Không có sổ theo dõi người lao động",
                         "Điểm a khoản 1 Điều 25 Nghị định 144/2021/NĐ-CP", "Xử phạt vi phạm hành chính", "2.000.000",
                         "Chưa niêm yết nội quy phòng hát", "Tổng số tiền phạt: 2.000.000 đồng (bằng chữ: Hai triệu đồng).",
                         "chậm nhất ngày 07/12/2026", "chậm nhất ngày 15/12/2026",
                         "Việc kiểm tra kết thúc hồi", "ĐẠI DIỆN CƠ SỞ", "TRƯỞNG ĐOÀN KIỂM TRA", "THÀNH VIÊN ĐOÀN", "(Ký, ghi rõ họ tên)"] {
            XCTAssertTrue(text.contains(expected), "missing “\(expected)” in:\n\(text)")
        }
        XCTAssertFalse(text.contains("Không phát hiện vi phạm"))
        XCTAssertFalse(text.contains("Bản sửa đổi"))
        // No internal status or login on the paper; an approved record is numbered and no draft.
        XCTAssertFalse(text.contains("Trạng thái") || text.contains("hung") || text.contains("DỰ THẢO"), text)
        XCTAssertTrue(text.contains("Số: 1/BB-ĐKTLN"), "the first record approved this year: \(text)")
        // The team leader and the members by name under their signatures.
        XCTAssertEqual(doc.paragraphs.filter { $0 == "Nguyễn Văn An" || $0 == "Trần Thị Bích Ngọc" }.count, 2, text)
        // Stored as NFC, as typed.
        XCTAssertEqual(text, text.precomposedStringWithCanonicalMapping)
        // The header and signature blocks are borderless; the checklist and violations tables are ruled.
        XCTAssertEqual(doc.tables.map { $0.bordered }, [false, true, true, false])
        XCTAssertEqual(doc.tables[1].rows, 4, "a header and three checked items")
        XCTAssertEqual(doc.tables[2].rows, 4, "a header, two violations and the total")
        XCTAssertTrue(doc.boldTexts.contains("BIÊN BẢN KIỂM TRA"))
        XCTAssertTrue(doc.underlinedTexts.contains("Độc lập - Tự do - Hạnh phúc"))
        // Only the team is named: not the author's or leader's display names, not the tip's reporter.
        XCTAssertFalse(text.contains(reporter))
    }

    func testAnAmendmentSaysWhichRecordItCorrectsAndADraftSaysSo() throws {
        let amendment = try store.amendVisit(id: approvedId, by: officer)
        var record = try XCTUnwrap(store.visit(id: XCTUnwrap(amendment.visit.id)))
        record.violations = []
        record.visit.time = ""
        let data = try VisitRecordDocument.docx(record, place: "Karaoke Ánh Dương", address: "", ward: ward, checklist: [], l: l)
        let text = try document(data).paragraphs.joined(separator: "\n")
        XCTAssertTrue(text.contains("(Bản sửa đổi của biên bản số \(approvedId!))"), text)
        XCTAssertTrue(text.contains("Hôm nay, ngày 22 tháng 11 năm 2026, tại Karaoke Ánh Dương,"), text)
        XCTAssertTrue(text.contains("Không phát hiện vi phạm."), text)
        XCTAssertTrue(text.contains("DỰ THẢO"), text)
        XCTAssertFalse(text.contains("/BB"), "a draft has no number: \(text)")
        // Checklist results whose items are unknown still show, by number.
        XCTAssertTrue(text.contains("Nội dung số"), text)
    }

    func testTheEnglishBienBanIsComplete() throws {
        let record = try XCTUnwrap(store.visit(id: approvedId))
        let data = try VisitRecordDocument.docx(record, place: "Karaoke Ánh Dương", address: "Số 12 ngõ 34 phố Láng Hạ", ward: ward,
                                                checklist: try store.checklistItems(includeInactive: true), l: en)
        let text = try document(data).paragraphs.joined(separator: "\n")
        for expected in ["INSPECTION RECORD", "SOCIALIST REPUBLIC OF VIET NAM", "PEOPLE'S COMMITTEE OF PHƯỜNG LÁNG HẠ",
                         "Business licence shown", "Not OK", "Administrative fine", "2.000.000", "The inspection ended at", "TEAM MEMBER"] {
            XCTAssertTrue(text.contains(expected), "missing “\(expected)” in:\n\(text)")
        }
        // No key names leak through as text.
        for key in try Localizer.loadTable(.en, resources: ResourceLocator.directory()).keys where key.hasPrefix("doc") {
            XCTAssertFalse(text.contains(key), key)
        }
    }

    func testAHotspotVisitHasAWitnessNotAnEstablishment() throws {
        let planned = try XCTUnwrap(store.visits(VisitQuery(view: .planned, today: today), offset: 0, limit: 10).first)
        let record = try XCTUnwrap(store.visit(id: XCTUnwrap(planned.visit.id)))
        let text = try document(try VisitRecordDocument.docx(record, place: "Khu vực ven hồ Láng", address: "Đường ven hồ Láng",
                                                            ward: ward, checklist: [], l: l)).paragraphs.joined(separator: "\n")
        XCTAssertTrue(text.contains("Về việc kiểm tra địa điểm Khu vực ven hồ Láng"), text)
        XCTAssertTrue(text.contains("NGƯỜI CHỨNG KIẾN"), text)
        XCTAssertFalse(text.contains("ĐẠI DIỆN CƠ SỞ"), text)
        XCTAssertTrue(text.contains("(Chưa ghi thành viên đoàn kiểm tra.)"), text)
    }

    func testAmountsAreSpelledAsVietnameseFinePapersWriteThem() {
        let cases: [(Int64, String)] = [
            (0, "Không"), (10, "Mười"), (11, "Mười một"), (15, "Mười lăm"), (21, "Hai mươi mốt"), (25, "Hai mươi lăm"),
            (101, "Một trăm linh một"), (2_000_000, "Hai triệu"), (1_500_000, "Một triệu năm trăm nghìn"),
            (105_000, "Một trăm linh năm nghìn"), (1_005_000, "Một triệu không trăm linh năm nghìn"),
            (40_000_000, "Bốn mươi triệu"), (1_200_000_000, "Một tỷ hai trăm triệu"),
        ]
        for (amount, words) in cases { XCTAssertEqual(VisitRecordDocument.vietnameseWords(amount), words, "\(amount)") }
    }

    // MARK: Helpers

    func jsonObjects(_ data: Data) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    struct ParsedDocument {
        var paragraphs: [String] = []
        var tables: [(bordered: Bool, rows: Int)] = []
        var boldTexts: [String] = []
        var underlinedTexts: [String] = []
    }

    /// word/document.xml read back with XMLParser: paragraph texts, tables, bold and underlined runs.
    func document(_ docx: Data) throws -> ParsedDocument {
        let archive = try Archive(data: docx, accessMode: .read)
        let entry = try XCTUnwrap(archive["word/document.xml"])
        var xml = Data()
        _ = try archive.extract(entry, skipCRC32: false) { xml.append($0) }
        let reader = DocumentReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), String(describing: parser.parserError))
        return reader.doc
    }

    final class DocumentReader: NSObject, XMLParserDelegate {
        var doc = ParsedDocument()
        var paragraph = "", run = "", inText = false, bold = false, underline = false
        var tableStack: [(bordered: Bool, rows: Int)] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "w:p": paragraph = ""
            case "w:r": run = ""; bold = false; underline = false
            case "w:b": bold = true
            case "w:u": underline = true
            case "w:t": inText = true
            case "w:br": paragraph += "\n"
            case "w:tbl": tableStack.append((bordered: false, rows: 0))
            case "w:top" where !tableStack.isEmpty && tableStack[tableStack.count - 1].rows == 0:
                if attributes["w:val"] == "single" { tableStack[tableStack.count - 1].bordered = true }
            case "w:tr": tableStack[tableStack.count - 1].rows += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { paragraph += string; run += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false
            case "w:r":
                if bold, !run.isEmpty { doc.boldTexts.append(run) }
                if underline, !run.isEmpty { doc.underlinedTexts.append(run) }
            case "w:p": doc.paragraphs.append(paragraph)
            case "w:tbl": doc.tables.append(tableStack.removeLast())
            default: break
            }
        }
    }
}
