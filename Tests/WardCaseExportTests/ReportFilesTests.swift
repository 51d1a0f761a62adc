import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
@testable import WardCaseCore
@testable import WardCaseDemo
@testable import WardCaseReports
@testable import WardCaseExport

/// The periodic report as Word, XLSX, CSV, Markdown and PDF.
final class ReportFilesTests: XCTestCase {
    typealias Day = Formats.Day
    var l: Localizer!
    var en: Localizer!
    let ward = WardIdentity(name: "Phường Đống Đa", province: "Thành phố Hà Nội",
                            receivingAgency: "Phòng Văn hóa - Xã hội quận Đống Đa")
    let today = Day(year: 2026, month: 11, day: 5)!
    let period = ReportPeriod.month(2026, 10)!

    override func setUpWithError() throws {
        let resources = try ResourceLocator.directory()
        l = try Localizer.load(.vi, resources: resources)
        en = try Localizer.load(.en, resources: resources)
    }

    // MARK: Sample report

    func fig(_ id: String, _ key: Msg, _ value: Int64?, unit: FigureUnit = .count, target: Int64? = nil) -> Figure {
        Figure(id: id, label: key.rawValue, labelIsKey: true, value: value, unit: unit, target: target, detail: false)
    }

    func named(_ id: String, _ text: String, _ value: Int64) -> Figure {
        Figure(id: id, label: text, labelIsKey: false, value: value, unit: .count, target: nil, detail: true)
    }

    /// A small month: a breakdown, a percent with its target, money, a real zero and one figure
    /// that is not available (no establishment to divide by would give that).
    var figures: ReportFigures {
        ReportFigures(period: period, sections: [
            FigureSection(title: Msg.sectionEstablishments.rawValue, figures: [
                fig("est.managed", .figManaged, 42),
                named("est.type.karaoke", "Karaoke", 18),
                named("est.type.massage", "Xoa bóp, massage | xông hơi", 24),
                fig("est.commitment_share", .figCommitmentShare, 86, unit: .percent, target: 100),
            ]),
            FigureSection(title: Msg.sectionInspections.rawValue, figures: [
                fig("visits.total", .figVisits, 12),
                fig("visits.coverage", .figCoverage, nil, unit: .percent, target: 80),
                fig("violations.total", .figViolations, 3),
                fig("fines.total", .figFines, 7_500_000, unit: .money),
            ]),
            FigureSection(title: Msg.sectionTips.rawValue, figures: [
                fig("tips.received", .figTipsReceived, 0),
            ]),
        ])
    }

    var narrative: [NarrativePart: String] {
        [.situation: "Tình hình an ninh trật tự trên địa bàn phường cơ bản ổn định.\n"
            + "Một số cơ sở karaoke & massage hoạt động quá giờ quy định (sau 24 giờ) <cần theo dõi>.",
         .results: "Phường đã kiểm tra 12 lượt, phát hiện 3 vi phạm và xử phạt theo Nghị định 144/2021/NĐ-CP.",
         .difficulties: "Lực lượng kiểm tra còn mỏng; kinh phí hỗ trợ người bán dâm hoàn lương còn hạn chế.\n\nĐề nghị quận bổ sung kinh phí."]
    }

    func report(status: ReportStatus = .draft, version: Int = 2, number: String = "15/BC-UBND") -> Report {
        Report(id: 7, period: period, version: version, status: status, number: number, narrative: narrative,
               figures: status == .draft ? nil : figures, finalisedAt: status == .draft ? nil : "2026-11-03T02:30:00Z",
               finalisedBy: status == .draft ? "" : "lan", updatedAt: "2026-11-03T02:30:00Z")
    }

    // MARK: Reading a .docx back

    func unzip(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            parts[entry.path] = out
        }
        return parts
    }

    /// The text of a WordprocessingML part: paragraphs, and table rows as lists of cell texts.
    final class WordText: NSObject, XMLParserDelegate {
        var paragraphs: [String] = []
        var rows: [[String]] = []
        private var paragraph = "", cell = "", row: [String] = []
        private var inText = false, cellDepth = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "w:t": inText = true
            case "w:p": paragraph = ""
            case "w:tr": row = []
            case "w:tc": cell = ""; cellDepth += 1
            case "w:br": paragraph += "\n"
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { paragraph += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false
            case "w:p":
                paragraphs.append(paragraph)
                if cellDepth > 0 { cell += cell.isEmpty ? paragraph : "\n" + paragraph }
            case "w:tc": row.append(cell); cellDepth -= 1
            case "w:tr": rows.append(row)
            default: break
            }
        }
    }

    func parse(_ data: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> WordText {
        let text = WordText()
        let parser = XMLParser(data: data)
        parser.delegate = text
        XCTAssertTrue(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
        return text
    }

    // MARK: Word

    func testTheDocxIsADecree30ReportThatParses() throws {
        let data = try ReportDocument.docx(report(), figures: figures, ward: ward, l: l, today: today)
        let parts = try unzip(data)
        for (path, bytes) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            _ = parse(bytes, path)
        }
        let doc = parse(try XCTUnwrap(parts["word/document.xml"]), "document")
        let text = doc.paragraphs.joined(separator: "\n")

        // Header: issuing body and number left, national name, motto and place-date right.
        let header = try XCTUnwrap(doc.rows.first)
        XCTAssertEqual(header.count, 2)
        XCTAssertTrue(header[0].hasPrefix("ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỐNG ĐA\n"), header[0])
        XCTAssertTrue(header[1].hasPrefix("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"), header[1])
        XCTAssertEqual(doc.rows[1], ["Số: 15/BC-UBND", "Phường Đống Đa, ngày 05 tháng 11 năm 2026"])

        // A draft says so, with its version, before anything else.
        XCTAssertEqual(doc.paragraphs.first, "DỰ THẢO - phiên bản 2")
        for line in ["BÁO CÁO", "Kết quả công tác phòng, chống mại dâm tháng 10 năm 2026",
                     "Ủy ban nhân dân phường Đống Đa báo cáo kết quả công tác phòng, chống mại dâm tháng 10 năm 2026 như sau:",
                     "I. TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT", "IV. NHIỆM VỤ KỲ TỚI",
                     "1. Quản lý cơ sở kinh doanh dịch vụ", "2. Kiểm tra, xử lý vi phạm", "3. Tin báo và điểm, tụ điểm",
                     "Tình hình an ninh trật tự trên địa bàn phường cơ bản ổn định.",
                     "Một số cơ sở karaoke & massage hoạt động quá giờ quy định (sau 24 giờ) <cần theo dõi>.",
                     "Đề nghị quận bổ sung kinh phí.", "(Chưa có nội dung.)",
                     "Nơi nhận:", "- Phòng Văn hóa - Xã hội quận Đống Đa;", "- Lưu: VT.",
                     "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Ký, ghi rõ họ tên)"] {
            XCTAssertTrue(doc.paragraphs.contains(line), "missing paragraph “\(line)” in:\n\(text)")
        }
        // Each typed line is its own paragraph; blank lines are not.
        XCTAssertFalse(doc.paragraphs.contains { $0.contains("\n") && $0.contains("Tình hình an ninh") })

        // The figure tables: STT, indicator, result, target; breakdown rows unnumbered. In cells a
        // fixed term ("kế hoạch") is never split across lines: its space does not break.
        let rows = doc.rows.map { $0.map { $0.replacingOccurrences(of: "\u{00A0}", with: " ") } }
        XCTAssertTrue(doc.rows.contains(["STT", "Chỉ tiêu", "Kết quả", "Mục tiêu (kế\u{00A0}hoạch)"]))
        XCTAssertTrue(rows.contains(["1", "Cơ sở kinh doanh dịch vụ nhạy cảm đang quản lý", "42", ""]))
        XCTAssertTrue(rows.contains(["", "- Karaoke", "18", ""]))
        XCTAssertTrue(rows.contains(["", "- Xoa bóp, massage | xông hơi", "24", ""]))
        XCTAssertTrue(rows.contains(["2", "Tỷ lệ cơ sở đã ký cam kết (%)", "86%", "100%"]))
        XCTAssertTrue(rows.contains(["4", "Tổng tiền phạt (đồng)", "7.500.000", ""]))
        XCTAssertTrue(rows.contains(["1", "Tin báo, tố giác, khiếu nại tiếp nhận", "0", ""]), "a real zero stays 0")
        // Not available is said in words, never as 0.
        let coverage = try XCTUnwrap(rows.first { $0.count == 4 && $0[1] == "Tỷ lệ cơ sở được kiểm tra (%)" })
        XCTAssertEqual(coverage, ["2", "Tỷ lệ cơ sở được kiểm tra (%)", "Chưa có số liệu", "80%"])

        // Times New Roman; Vietnamese; page numbers from page 2 (a PAGE field, first page empty).
        let styles = String(decoding: try XCTUnwrap(parts["word/styles.xml"]), as: UTF8.self)
        XCTAssertTrue(styles.contains("w:ascii=\"Times New Roman\""))
        XCTAssertTrue(styles.contains("<w:sz w:val=\"28\"/>"), "14 pt body")
        let xml = String(decoding: try XCTUnwrap(parts["word/document.xml"]), as: UTF8.self)
        XCTAssertTrue(xml.contains("<w:titlePg/>"))
        XCTAssertTrue(xml.contains(#"<w:headerReference w:type="default" r:id="rId3"/>"#))
        XCTAssertTrue(xml.contains(#"<w:jc w:val="both"/>"#), "justified body")
        XCTAssertTrue(xml.contains(#"<w:ind w:firstLine="720"/>"#), "12.7 mm first-line indent")
        let pageHeader = String(decoding: try XCTUnwrap(parts["word/header1.xml"]), as: UTF8.self)
        XCTAssertTrue(pageHeader.contains(" PAGE "))
        XCTAssertNotNil(parts["word/header2.xml"])
        let rels = String(decoding: try XCTUnwrap(parts["word/_rels/document.xml.rels"]), as: UTF8.self)
        XCTAssertTrue(rels.contains("Target=\"header1.xml\"") && rels.contains("Target=\"header2.xml\""))
        let types = String(decoding: try XCTUnwrap(parts["[Content_Types].xml"]), as: UTF8.self)
        XCTAssertTrue(types.contains("/word/header1.xml") && types.contains("/word/header2.xml"))

        // Same input, same bytes.
        XCTAssertEqual(data, try ReportDocument.docx(report(), figures: figures, ward: ward, l: l, today: today))
    }

    /// Decree 30 on paper: a final document leaves out a part nobody wrote (a draft says it is
    /// empty), no placeholder stands above the figure tables, no row splits across pages, a figure
    /// stays with its breakdown, the header cells are centred, the rule under the summary is long
    /// enough, and the signer is named under the signature.
    func testTheFinalDocumentIsLaidOutAsDecree30Asks() throws {
        var final = report(status: .final, version: 1)
        final.narrative = [.situation: "Tình hình ổn định."]
        let signer = ReportSigner(titleLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name: "Nguyễn Văn Bình")
        let xml = String(decoding: try XCTUnwrap(unzip(ReportDocument.docx(final, figures: figures, ward: ward, signer: signer, l: l, today: today))["word/document.xml"]),
                         as: UTF8.self)
        let doc = parse(Data(xml.utf8), "document")
        XCTAssertFalse(doc.paragraphs.contains(l.t(.rptEmptyPart)), "no placeholder in a final document")
        XCTAssertTrue(doc.paragraphs.contains("I. TÌNH HÌNH"))
        XCTAssertTrue(doc.paragraphs.contains("II. KẾT QUẢ THỰC HIỆN"), "the results hold the figures")
        XCTAssertFalse(doc.paragraphs.contains { $0.contains("KHÓ KHĂN") }, "an empty part is left out")
        XCTAssertTrue(doc.paragraphs.contains(String(repeating: "\u{2015}", count: 12)))
        XCTAssertEqual(xml.components(separatedBy: "<w:tr>").count - 1, xml.components(separatedBy: "<w:cantSplit/>").count - 1, "no row splits")
        XCTAssertTrue(xml.contains(#"<w:vAlign w:val="center"/>"#))
        XCTAssertTrue(doc.paragraphs.contains("Nguyễn Văn Bình") && doc.paragraphs.contains("CHỦ TỊCH"))
        XCTAssertFalse(doc.paragraphs.contains("PHÓ CHỦ TỊCH"))
        // A draft keeps every part, saying which are empty; never above the figures.
        let draft = parse(try XCTUnwrap(unzip(ReportDocument.docx(report(), figures: figures, ward: ward, l: l, today: today))["word/document.xml"]), "draft")
        XCTAssertTrue(draft.paragraphs.contains { $0.contains("KHÓ KHĂN") })
        if let results = draft.paragraphs.firstIndex(of: "II. KẾT QUẢ THỰC HIỆN") {
            XCTAssertNotEqual(draft.paragraphs[results + 1], l.t(.rptEmptyPart), "no placeholder right above the tables")
        }
    }

    func testAFinalReportHasNoDraftMarkAndTheDayItWasFinalised() throws {
        let final = report(status: .final, version: 1)
        let doc = parse(try XCTUnwrap(unzip(ReportDocument.docx(final, figures: figures, ward: ward, l: l, today: today))["word/document.xml"]), "document")
        XCTAssertFalse(doc.paragraphs.contains { $0.contains("DỰ THẢO") })
        // Finalised on 03/11/2026 (UTC morning: the same day anywhere from UTC-2 to UTC+14).
        XCTAssertTrue(doc.rows[1][1].hasPrefix("Phường Đống Đa, ngày 0"), doc.rows[1][1])
        XCTAssertTrue(doc.rows[1][1].hasSuffix("tháng 11 năm 2026"), doc.rows[1][1])
        XCTAssertEqual(doc.paragraphs.first, "ỦY BAN NHÂN DÂN")
    }

    func testNumberAndDateLines() throws {
        XCTAssertEqual(ReportDocument.numberLine(report(number: ""), l), "Số:        /BC-UBND")
        XCTAssertEqual(ReportDocument.numberLine(report(number: "15"), l), "Số: 15/BC-UBND")
        XCTAssertEqual(ReportDocument.numberLine(report(number: "15/BC-UBND"), l), "Số: 15/BC-UBND")
        // Decree 30: a leading zero for days below 10 and months 1 and 2 only.
        XCTAssertEqual(ReportDocument.placeDate(ward, Day(year: 2026, month: 3, day: 5)!, l), "Phường Đống Đa, ngày 05 tháng 3 năm 2026")
        XCTAssertEqual(ReportDocument.placeDate(ward, Day(year: 2027, month: 1, day: 15)!, l), "Phường Đống Đa, ngày 15 tháng 01 năm 2027")
        XCTAssertEqual(ReportDocument.placeDate(ward, Day(year: 2026, month: 12, day: 31)!, l), "Phường Đống Đa, ngày 31 tháng 12 năm 2026")
        XCTAssertEqual(ReportDocument.inSentence("Xã Tân Lập"), "xã Tân Lập")
        XCTAssertEqual(ReportDocument.inSentence("Đống Đa"), "Đống Đa")
    }

    func testTheEnglishDocxParsesToo() throws {
        let parts = try unzip(ReportDocument.docx(report(), figures: figures, ward: ward, l: en, today: today))
        let doc = parse(try XCTUnwrap(parts["word/document.xml"]), "document")
        XCTAssertTrue(doc.paragraphs.contains("REPORT"))
        XCTAssertTrue(doc.rows.contains(["4", "Fines (đồng)", "7,500,000", ""]), "\(doc.rows)")
        XCTAssertTrue(doc.rows.contains { $0.count == 4 && $0[2] == "Not available" })
    }

    // MARK: Spreadsheets

    /// A title block, the header, each section's name on its own row, then its figures with STT.
    func testTheXlsxHasRealNumbersAndEmptyCellsForWhatIsNotAvailable() throws {
        let grid = try XLSX.read(ReportDocument.xlsx(figures: figures, l: l), sheet: "Số liệu")
        XCTAssertEqual(grid.rows.first?.first, .text("BÁO CÁO Kết quả công tác phòng, chống mại dâm tháng 10 năm 2026"))
        let header = try XCTUnwrap(grid.rows.firstIndex { $0.first == .text("STT") })
        XCTAssertEqual(grid.rows[header].map(\.text), ["STT", "Chỉ tiêu", "Kết quả", "Đơn vị", "Mục tiêu (kế hoạch)", "Ghi chú"])
        let body = Array(grid.rows.dropFirst(header + 1))
        XCTAssertEqual(body.count, figures.all.count + figures.sections.filter { !$0.figures.isEmpty }.count)
        XCTAssertEqual(body[0].first, .text("Quản lý cơ sở kinh doanh dịch vụ"))
        XCTAssertEqual(body[1].prefix(4), [.number(1), .text("Cơ sở kinh doanh dịch vụ nhạy cảm đang quản lý"), .number(42), .text("số lượng")])
        XCTAssertEqual(body[2].prefix(4), [.empty, .text("- Karaoke"), .number(18), .text("số lượng")])
        // A percentage is a number formatted as one (0.86 shown as 86%), with its target.
        let signed = try XCTUnwrap(body.first { $0.count > 1 && $0[1] == .text("Tỷ lệ cơ sở đã ký cam kết (%)") })
        XCTAssertEqual(signed[2], .number(0.86))
        XCTAssertEqual(signed[4], .number(1))
        let coverage = try XCTUnwrap(body.first { $0.count > 1 && $0[1] == .text("Tỷ lệ cơ sở được kiểm tra (%)") })
        XCTAssertEqual(coverage[2], .empty)
        XCTAssertEqual(coverage[4], .number(0.8))
        XCTAssertEqual(coverage[5], .text("Chưa có số liệu"))
        XCTAssertTrue(body.contains { $0.count > 2 && $0[1] == .text("Tổng tiền phạt (đồng)") && $0[2] == .number(7_500_000) })
        XCTAssertTrue(body.contains { $0.count > 2 && $0[1] == .text("Tin báo, tố giác, khiếu nại tiếp nhận") && $0[2] == .number(0) })
    }

    // MARK: Trend chart

    /// Twelve months, oldest first; one month with nothing found.
    var trend: [(label: String, visits: Int64, violations: Int64)] {
        (0..<12).map { i in
            let month = (11 + i - 1) % 12 + 1, year = i < 2 ? 2025 : 2026
            return (String(format: "%02d/%d", month, year), Int64(10 + i), i == 5 ? 0 : Int64(i % 4 + 1))
        }
    }

    /// Every element of an XML part, in document order, with its attributes and own text.
    final class XMLElements: NSObject, XMLParserDelegate {
        struct Element { var name: String; var attributes: [String: String]; var text = "" }
        var elements: [Element] = []
        private var open: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            open.append(elements.count); elements.append(Element(name: name, attributes: attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if let i = open.last { elements[i].text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }
        func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    }

    func xmlElements(_ data: Data?, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> XMLElements {
        let d = XMLElements()
        guard let data else { XCTFail("no \(name)", file: file, line: line); return d }
        let parser = XMLParser(data: data)
        parser.delegate = d
        XCTAssertTrue(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
        return d
    }

    func testTheXlsxWithATrendHasANativeColumnChartOnTheTrendSheet() throws {
        let data = try ReportDocument.xlsx(figures: figures, l: l, trend: trend)
        let parts = try unzip(data)
        for path in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet2.xml.rels",
                     "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/charts/chart1.xml"] {
            XCTAssertNotNil(parts[path], path)
        }
        XCTAssertNil(parts["xl/worksheets/_rels/sheet1.xml.rels"], "the figures sheet has no drawing")
        for (path, bytes) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") { _ = xmlElements(bytes, path) }

        // Content types list the sheets, the drawing and the chart.
        let types = Dictionary(xmlElements(parts["[Content_Types].xml"], "types").named("Override").map {
            ($0.attributes["PartName"] ?? "", $0.attributes["ContentType"] ?? "")
        }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(types["/xl/drawings/drawing1.xml"], "application/vnd.openxmlformats-officedocument.drawing+xml")
        XCTAssertEqual(types["/xl/charts/chart1.xml"], "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
        XCTAssertEqual(types["/xl/worksheets/sheet2.xml"], "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")

        // Workbook: the figures first, then "Xu hướng", each pointing at its own part.
        let sheets = xmlElements(parts["xl/workbook.xml"], "workbook").named("sheet")
        XCTAssertEqual(sheets.map { $0.attributes["name"] }, ["Số liệu", "Xu hướng"])
        let workbookRels = xmlElements(parts["xl/_rels/workbook.xml.rels"], "workbook rels").named("Relationship")
        XCTAssertEqual(workbookRels.first { $0.attributes["Id"] == sheets[1].attributes["r:id"] }?.attributes["Target"],
                       "worksheets/sheet2.xml")

        // Sheet -> drawing -> chart.
        let drawingRef = try XCTUnwrap(xmlElements(parts["xl/worksheets/sheet2.xml"], "sheet2").named("drawing").first)
        let sheetRels = xmlElements(parts["xl/worksheets/_rels/sheet2.xml.rels"], "sheet2 rels").named("Relationship")
        let toDrawing = try XCTUnwrap(sheetRels.first { $0.attributes["Id"] == drawingRef.attributes["r:id"] })
        XCTAssertEqual(toDrawing.attributes["Target"], "../drawings/drawing1.xml")
        XCTAssertTrue(toDrawing.attributes["Type"]?.hasSuffix("/relationships/drawing") == true)
        let drawing = xmlElements(parts["xl/drawings/drawing1.xml"], "drawing")
        XCTAssertEqual(drawing.elements.first?.name, "xdr:wsDr")
        XCTAssertEqual(drawing.named("xdr:twoCellAnchor").count, 1)
        XCTAssertEqual(drawing.named("xdr:graphicFrame").count, 1)
        let chartRef = try XCTUnwrap(drawing.named("c:chart").first)
        let drawingRels = xmlElements(parts["xl/drawings/_rels/drawing1.xml.rels"], "drawing rels").named("Relationship")
        let toChart = try XCTUnwrap(drawingRels.first { $0.attributes["Id"] == chartRef.attributes["r:id"] })
        XCTAssertEqual(toChart.attributes["Target"], "../charts/chart1.xml")
        XCTAssertTrue(toChart.attributes["Type"]?.hasSuffix("/relationships/chart") == true)

        // The chart: a clustered column chart of two series over the trend sheet's ranges.
        let chart = xmlElements(parts["xl/charts/chart1.xml"], "chart")
        XCTAssertEqual(chart.elements.first?.name, "c:chartSpace")
        XCTAssertEqual(chart.named("c:barChart").count, 1)
        XCTAssertEqual(chart.named("c:grouping").first?.attributes["val"], "clustered")
        XCTAssertEqual(chart.named("c:ser").count, 2)
        XCTAssertEqual(chart.named("a:t").map(\.text), ["Lượt kiểm tra và vi phạm 12 tháng"])
        XCTAssertEqual(chart.named("c:f").map(\.text), [
            "'Xu hướng'!$B$1", "'Xu hướng'!$A$2:$A$13", "'Xu hướng'!$B$2:$B$13",
            "'Xu hướng'!$C$1", "'Xu hướng'!$A$2:$A$13", "'Xu hướng'!$C$2:$C$13",
        ])
        XCTAssertEqual(chart.named("c:cat").count, 2)
        XCTAssertEqual(chart.named("c:val").count, 2)
        // Written in constant-memory mode, the chart refers to the cells and carries no cached
        // copy of them: spreadsheet programs read the cells when they open it.
        XCTAssertEqual(chart.named("c:axId").count, 4, "two in the chart, one in each axis")

        // The trend sheet reads back with real numbers; the figures sheet is still the first.
        let grid = try XLSX.read(data, sheet: "Xu hướng")
        XCTAssertEqual(grid.rows.first, [.text("Tháng"), .text("Lượt kiểm tra"), .text("Vi phạm")])
        XCTAssertEqual(grid.rows.count, 13)
        XCTAssertEqual(Array(grid.rows.dropFirst()), trend.map { [.text($0.label), .number(Double($0.visits)), .number(Double($0.violations))] })
        XCTAssertTrue(try XLSX.read(data).rows.contains { $0.first == .text("STT") }, "the figures sheet is still the first")

        if let folder = ProcessInfo.processInfo.environment["REPORT_FILES_OUT"] {
            try data.write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-trend.xlsx"))
        }
    }

    func testTheEnglishTrendSheetAndChart() throws {
        let data = try ReportDocument.xlsx(figures: figures, l: en, trend: Array(trend.suffix(3)))
        let grid = try XLSX.read(data, sheet: "Trend")
        XCTAssertEqual(grid.rows.first, [.text("Month"), .text("Inspections"), .text("Violations")])
        XCTAssertEqual(grid.rows.count, 4)
        let chart = xmlElements(try unzip(data)["xl/charts/chart1.xml"], "chart")
        XCTAssertEqual(chart.named("a:t").map(\.text), ["Inspections and violations, 12 months"])
        XCTAssertEqual(chart.named("c:f").map(\.text).last, "'Trend'!$C$2:$C$4")
    }

    func testWithoutATrendTheXlsxHasOneSheetAndNoChart() throws {
        let parts = try unzip(ReportDocument.xlsx(figures: figures, l: l))
        XCTAssertNil(parts["xl/worksheets/sheet2.xml"])
        XCTAssertFalse(parts.keys.contains { $0.hasPrefix("xl/charts/") || $0.hasPrefix("xl/drawings/") })
        XCTAssertFalse(String(decoding: try XCTUnwrap(parts["[Content_Types].xml"]), as: UTF8.self).contains("drawing"))
        XCTAssertEqual(xmlElements(parts["xl/workbook.xml"], "workbook").named("sheet").map { $0.attributes["name"] }, ["Số liệu"])
    }

    func testSheetNamesAreMadeValidAndQuotedInReferences() throws {
        XCTAssertEqual(XLSX.sheetNames(["Số liệu", "a/b:c", "Số Liệu", "", String(repeating: "x", count: 40)]),
                       ["Số liệu", "a b c", "Số Liệu (2)", "Sheet4", String(repeating: "x", count: 31)])
        XCTAssertEqual(XLSX.absoluteRange("O'Brien", column: 1, rows: 2...13), "'O''Brien'!$B$2:$B$13")
        XCTAssertEqual(XLSX.absoluteRange("Xu hướng", column: 0, rows: 1...1), "'Xu hướng'!$A$1")
        // A line chart is written as one too, and a chart on a sheet without rows is left out.
        let line = XLSX.Chart(kind: .line, title: "t", categoryColumn: 0, seriesColumns: [1])
        let parts = try unzip(XLSX.write(sheets: [
            XLSX.Sheet(name: "Empty", header: ["a", "b"], rows: [], chart: line),
            XLSX.Sheet(name: "Data", header: ["a", "b"], rows: [[.text("x"), .number(1)], [.text("y"), .number(2)]], chart: line),
        ], l: l))
        XCTAssertNil(parts["xl/worksheets/_rels/sheet1.xml.rels"])
        XCTAssertEqual(parts["xl/worksheets/_rels/sheet2.xml.rels"].map { String(decoding: $0, as: UTF8.self).contains("drawing1.xml") }, true)
        let chart = xmlElements(parts["xl/charts/chart1.xml"], "line chart")
        XCTAssertEqual(chart.named("c:lineChart").count, 1)
        XCTAssertEqual(chart.named("c:f").map(\.text), ["'Data'!$B$1", "'Data'!$A$2:$A$3", "'Data'!$B$2:$B$3"])
    }

    func testTheCsvHasABomAndTheSameRows() throws {
        let data = ReportDocument.csv(figures: figures, l: l)
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF])
        let rows = CSV.read(data).textRows
        XCTAssertEqual(rows.first, ["Mục", "Chỉ tiêu", "Kết quả", "Đơn vị", "Mục tiêu (kế hoạch)", "Ghi chú"])
        XCTAssertEqual(rows.count, 1 + figures.all.count)
        XCTAssertTrue(rows.contains(["Kiểm tra, xử lý vi phạm", "Tổng tiền phạt (đồng)", "7500000", "đồng", "", ""]))
        XCTAssertTrue(rows.contains(["Kiểm tra, xử lý vi phạm", "Tỷ lệ cơ sở được kiểm tra (%)", "", "%", "80", "Chưa có số liệu"]))
        XCTAssertTrue(rows.contains(["Quản lý cơ sở kinh doanh dịch vụ", "- Xoa bóp, massage | xông hơi", "24", "số lượng", "", ""]))
    }

    // MARK: Markdown

    func testMarkdownMatchesTheGoldenFile() throws {
        let text = ReportDocument.markdown(report(), figures: figures, ward: ward, l: l, today: today)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/report-2026-10.md")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, golden, "run with UPDATE_GOLDEN=1 to rewrite \(url.path) after checking the difference")
        // Markdown table cells keep a "|" from the data out of the table's structure.
        XCTAssertTrue(text.contains("| - Xoa bóp, massage \\| xông hơi | 24 |"))
        XCTAssertTrue(text.contains("| 2 | Tỷ lệ cơ sở được kiểm tra (%) | Chưa có số liệu | 80% |"))
    }

    // MARK: PDF

    func testAMissingLibreOfficeSaysHowToInstallIt() throws {
        let docx = try ReportDocument.docx(report(), figures: figures, ward: ward, l: l, today: today)
        XCTAssertThrowsError(try ReportDocument.pdf(docx: docx, sofficePath: "/nonexistent/bin/soffice")) { error in
            XCTAssertEqual(error as? ReportFileError, .libreOfficeMissing)
            let message = (error as? ReportFileError)?.message(self.l) ?? ""
            XCTAssertTrue(message.contains("LibreOffice") && message.contains("apt install"), message)
        }
        // Nothing on PATH: only the macOS application could be found.
        let found = ReportDocument.findSoffice(environment: ["PATH": "/nonexistent"])
        XCTAssertTrue(found == nil || found == "/Applications/LibreOffice.app/Contents/MacOS/soffice", found ?? "")
        // A program that runs but writes no PDF is a conversion failure, said with its reason.
        XCTAssertThrowsError(try ReportDocument.pdf(docx: docx, sofficePath: "/bin/false")) { error in
            guard case .pdfConversionFailed(let reason)? = error as? ReportFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "exit status 1")
            XCTAssertTrue(ReportFileError.pdfConversionFailed(reason).message(self.l).hasPrefix("LibreOffice không chuyển được"))
        }
    }

    func testLibreOfficeConvertsTheReportToPDF() throws {
        guard ReportDocument.findSoffice() != nil else { throw XCTSkip("LibreOffice is not installed here") }
        let docx = try ReportDocument.docx(report(), figures: figures, ward: ward, l: l, today: today)
        let pdf = try ReportDocument.pdf(docx: docx)
        XCTAssertTrue(pdf.starts(with: Array("%PDF".utf8)))
        if let folder = ProcessInfo.processInfo.environment["REPORT_FILES_OUT"] {
            try docx.write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-sample.docx"))
            try pdf.write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-sample.pdf"))
        }
    }

    /// Two wards' October, combined: what `report combine --format xlsx` writes.
    static func combined(_ period: ReportPeriod) -> CombinedFigures {
        func figure(_ id: String, _ label: String, _ unit: FigureUnit, _ values: [Int64?], sum: Int64?, detail: Bool = false,
                    section: String = "sectionEstablishments") -> CombinedFigure {
            CombinedFigure(figure: BundleFigure(id: id, section: section, labelKey: nil, label: label, value: sum, unit: unit,
                                                target: unit == .percent ? 100 : nil, detail: detail),
                           wards: values.compactMap { $0 }.count, byWard: values)
        }
        return CombinedFigures(period: period, wards: [
            CombinedWard(name: "Phường Đống Đa", province: "Thành phố Hà Nội", reportVersion: 1, reportNumber: "15/BC-UBND",
                         finalisedAt: "2026-11-05T02:00:00Z", keyFingerprint: "AB12-CD34"),
            CombinedWard(name: "Phường Láng", province: "Thành phố Hà Nội", reportVersion: 2, reportNumber: "9/BC-UBND",
                         finalisedAt: "2026-11-06T02:00:00Z", keyFingerprint: "EF56-7890"),
        ], figures: [
            figure("est.managed", "Cơ sở đang quản lý", .count, [4, 2], sum: 6),
            figure("est.type.hotel", "Khách sạn", .count, [0, 1], sum: 1, detail: true),
            figure("visits.coverage", "Tỷ lệ cơ sở được kiểm tra (%)", .percent, [25, 100], sum: 50, section: "sectionInspections"),
            figure("fines.total", "Tổng tiền phạt (đồng)", .money, [2_000_000, 2_000_000], sum: 4_000_000, section: "sectionInspections"),
            figure("tips.in_time", "Tỷ lệ tin xử lý đúng hạn (%)", .percent, [nil, 80], sum: nil, section: "sectionTips"),
        ], missing: ["Phường Kim Mã, Thành phố Hà Nội"])
    }

    func testTheCombinedWorkbookHasAColumnPerWardAndTheTotal() throws {
        let grid = try XLSX.read(ReportDocument.xlsx(combined: Self.combined(period), l: l))
        XCTAssertEqual(grid.rows.first, [.text("TỔNG HỢP 2 phường, xã — tháng 10 năm 2026")])
        XCTAssertTrue(grid.rows.contains { $0.first?.text.hasPrefix("Phường Láng, Thành phố Hà Nội: phiên bản 2, hoàn thành 06/11/2026") ?? false })
        XCTAssertTrue(grid.rows.contains { $0.first?.text.hasPrefix("Chưa gửi gói kỳ này (1 phường được tin cậy): Phường Kim Mã") ?? false })
        let header = try XCTUnwrap(grid.rows.firstIndex { $0.first == .text("STT") })
        XCTAssertEqual(grid.rows[header], ["STT", "Chỉ tiêu", "Đơn vị", "Phường Đống Đa", "Phường Láng", "Tổng cộng", "Mục tiêu (kế hoạch)"].map(Grid.Cell.text))
        let body = Array(grid.rows[(header + 1)...])
        XCTAssertEqual(body[0].first, .text("Quản lý cơ sở kinh doanh dịch vụ"), "the section once, on its own row")
        XCTAssertEqual(body[1], [.number(1), .text("Cơ sở đang quản lý"), .text("số lượng"), .number(4), .number(2), .number(6), .empty])
        XCTAssertEqual(body[2], [.empty, .text("- Khách sạn"), .text("số lượng"), .number(0), .number(1), .number(1), .empty])
        XCTAssertEqual(body[4], [.number(2), .text("Tỷ lệ cơ sở được kiểm tra (%)"), .text("%"), .number(0.25), .number(1), .number(0.5), .number(1)])
        XCTAssertEqual(body[5][3...5], [.number(2_000_000), .number(2_000_000), .number(4_000_000)])
        // Not available in one ward: said there, and the total is not available either, never 0.
        XCTAssertEqual(body[7][3...5], [.text("Chưa có số liệu"), .number(0.8), .text("Chưa có số liệu")])
        XCTAssertTrue(grid.rows.last?.first?.text.hasPrefix("Số lượng và tiền phạt được cộng dồn") ?? false, "the note on how the sums are made")
    }

    // MARK: From a store

    func testTheDemoWardsFiguresMakeEveryFile() throws {
        let now = Date(timeIntervalSince1970: 1_795_608_000) // 25/11/2026
        let store = try WardStore.inMemory(clock: { now })
        _ = try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory())
        let ward = try XCTUnwrap(store.ward())
        let draft = try store.draftReport(period, by: store.tester())
        let figures = try store.figures(of: draft)
        let docx = try ReportDocument.docx(draft, figures: figures, ward: ward, l: l, today: Day.today(now))
        let parts = try unzip(docx)
        for (path, bytes) in parts where path.hasSuffix(".xml") { _ = parse(bytes, path) }
        let grid = try XLSX.read(ReportDocument.xlsx(figures: figures, l: l))
        let header = try XCTUnwrap(grid.rows.firstIndex { $0.first == .text("STT") })
        let values = grid.rows.dropFirst(header + 1).filter { $0.count > 2 && $0[1] != .empty }
        XCTAssertEqual(values.count, figures.all.count)
        for (row, f) in zip(values, figures.all) {
            let expected: Grid.Cell = f.value.map { f.unit == .percent ? .number(Double($0) / 100) : .number(Double($0)) } ?? .empty
            XCTAssertEqual(row[2], expected, f.id)
        }
        let markdown = ReportDocument.markdown(draft, figures: figures, ward: ward, l: l, today: Day.today(now))
        XCTAssertTrue(markdown.contains("Độc lập - Tự do - Hạnh phúc"))
        // Aggregates only: no establishment is named.
        let names = try store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 1000).map(\.establishment.name)
        XCTAssertFalse(names.isEmpty)
        let document = String(decoding: try XCTUnwrap(parts["word/document.xml"]), as: UTF8.self)
        for name in names {
            XCTAssertFalse(markdown.contains(name) || document.contains(Docx.escape(name)), name)
        }
        if let folder = ProcessInfo.processInfo.environment["REPORT_FILES_OUT"] {
            try docx.write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-demo.docx"))
            try ReportDocument.xlsx(figures: figures, l: l).write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-demo.xlsx"))
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("report-demo.md"))
        }
    }
}
