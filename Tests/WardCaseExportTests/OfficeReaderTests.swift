import Foundation
import XCTest
@testable import WardCaseCore
@testable import WardCaseDemo
@testable import WardCaseExport
@testable import WardCaseReports

/// Every workbook the app writes, opened by openpyxl as a clerk's spreadsheet program would, with
/// its warnings made errors: values and their types, the print set-up, the report's chart, and no
/// formula anywhere. openpyxl comes from the virtual environment `install.sh --test` makes
/// (`WARDCASE_OFFICE_PYTHON`); without it the test says it was skipped.
final class OfficeReaderTests: XCTestCase {
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026

    func python() throws -> String {
        let candidates = [ProcessInfo.processInfo.environment["WARDCASE_OFFICE_PYTHON"], ".build/office-venv/bin/python"].compactMap { $0 }
        for p in candidates where FileManager.default.isExecutableFile(atPath: p) {
            if try launch(p, ["-c", "import openpyxl"]).status == 0 { return p }
        }
        throw XCTSkip("openpyxl is not installed (./install.sh --test installs it in .build/office-venv): the office-reader check was skipped")
    }

    /// What openpyxl reads in each workbook, one line per sheet, or the error it raised.
    static let script = #"""
import sys, json, warnings, datetime
warnings.simplefilter("error")
import openpyxl
out = {}
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        formulas = sum(1 for row in ws.iter_rows() for c in row if c.data_type == "f")
        types = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None: continue
                kind = "date" if isinstance(c.value, datetime.datetime) else type(c.value).__name__
                types.setdefault(c.number_format + "|" + kind, 0)
                types[c.number_format + "|" + kind] += 1
        sheets.append({"name": ws.title, "paper": str(ws.page_setup.paperSize), "orientation": ws.page_setup.orientation,
                       "fitToPage": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
                       "fitWidth": ws.page_setup.fitToWidth, "fitHeight": ws.page_setup.fitToHeight,
                       "titles": ws.print_title_rows, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                       "charts": len(ws._charts), "formulas": formulas, "types": types,
                       "header": ws.oddHeader.center.text, "footer": ws.oddFooter.center.text,
                       "fonts": sorted({c.font.name for row in ws.iter_rows() for c in row if c.value is not None})})
    out[path.split("/")[-1]] = sheets
print(json.dumps(out))
"""#

    struct Sheet: Decodable {
        let name, paper: String
        let orientation: String?
        let fitToPage: Bool
        let fitWidth, fitHeight: Int?
        let titles, freeze, filter, header, footer: String?
        let charts, formulas: Int
        let types: [String: Int]
        let fonts: [String]
    }

    func testEveryWorkbookOpensInOpenpyxlPrintReady() throws {
        let python = try python()
        let store = try WardStore.inMemory(clock: { Self.now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let me = try XCTUnwrap(store.account(login: DemoWard.everyRoleLogin)), today = store.today
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        let report = try store.draftReport(october, by: me)
        let trend = try store.monthlyTrend(through: october.end).map { ($0.label, $0.visits, $0.violations) }
        let files: [(String, Data)] = [
            ("co-so.xlsx", try EstablishmentExport.xlsx(store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 1000), l)),
            ("kiem-tra.xlsx", try VisitExport.xlsx(store.visits(VisitQuery(today: today), offset: 0, limit: 1000), l)),
            ("tin-bao.xlsx", try TipExport.xlsx(store.tips(TipQuery(today: today), offset: 0, limit: 1000), l)),
            ("tu-diem.xlsx", try HotspotExport.xlsx(store.hotspots(HotspotQuery()), l)),
            ("doi.xlsx", try RosterExport.xlsx(store.roster(), visits: store.rosterVisitCounts(year: today.year), l)),
            ("ho-so.xlsx", try CaseExport.xlsx(store.cases(CaseQuery()), l)),
            ("chuyen-gui.xlsx", try ReferralExport.xlsx(store.referrals(ReferralQuery(view: .all, today: today)), l)),
            ("nhat-ky.xlsx", try AuditExport.xlsx(store.auditEntries(AuditFilter(), offset: 0, limit: 200, by: me), l)),
            ("bao-cao.xlsx", try ReportDocument.xlsx(figures: store.figures(of: report), l: l, trend: trend, report: report, ward: store.ward())),
            ("tong-hop.xlsx", try ReportDocument.xlsx(combined: ReportFilesTests.combined(october), l: l)),
        ]
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        let (status, output, problems) = try launch(python, ["-c", Self.script] + files.map { folder.appendingPathComponent($0.0).path })
        XCTAssertEqual(status, 0, "openpyxl, warnings as errors: \(problems)")
        let read = try JSONDecoder().decode([String: [Sheet]].self, from: output)
        XCTAssertEqual(Set(read.keys), Set(files.map(\.0)))
        for (file, sheets) in read {
            for s in sheets {
                let what = "\(file) \(s.name)"
                XCTAssertEqual(s.paper, "9", "A4: \(what)")
                let upright = file == "tong-hop.xlsx" || (file == "bao-cao.xlsx" && s.name == "Số liệu")
                XCTAssertEqual(s.orientation, upright ? "portrait" : "landscape", what)
                XCTAssertTrue(s.fitToPage, what)
                XCTAssertEqual(s.fitWidth ?? 1, 1, "one page wide (1 is the default, left out): \(what)")
                XCTAssertEqual(s.fitHeight, 0, what)
                XCTAssertNotNil(s.titles, "the header repeated on each page: \(what)")
                XCTAssertNotNil(s.freeze, what)
                XCTAssertEqual(s.formulas, 0, what)
                XCTAssertEqual(s.fonts, ["Times New Roman"], what)
                XCTAssertEqual(s.footer, "Trang &P/&N", what)
                XCTAssertFalse(s.types.keys.contains { $0.hasSuffix("|str") && $0.hasPrefix("dd/mm/yyyy") }, "a date is a date: \(what)")
                if !["bao-cao.xlsx", "tong-hop.xlsx"].contains(file) { XCTAssertNotNil(s.filter, "a list has a filter: \(what)") }
            }
        }
        // Dates are date cells; money is #,##0; the report's percentages are 0% and its trend has a chart.
        XCTAssertGreaterThan(read["co-so.xlsx"]?.first?.types["dd/mm/yyyy|date"] ?? 0, 10)
        XCTAssertGreaterThan(read["kiem-tra.xlsx"]?.first?.types["#,##0|int"] ?? 0, 0)
        let figures = try XCTUnwrap(read["bao-cao.xlsx"])
        XCTAssertEqual(figures.map(\.name), ["Số liệu", "Xu hướng"])
        XCTAssertGreaterThan(figures[0].types["0%|float"] ?? figures[0].types["0%|int"] ?? 0, 3)
        XCTAssertEqual(figures[1].charts, 1)
        XCTAssertEqual(figures[0].header, "Phường Đống Đa · tháng 10 năm 2026")
        let combined = try XCTUnwrap(read["tong-hop.xlsx"]?.first)
        XCTAssertEqual(combined.types["0%|float"], 3)
        XCTAssertEqual(combined.types["#,##0|int"], 3)
    }

    /// The report and the biên bản opened by python-docx: A4, Decree 30's margins (top and bottom
    /// 20 mm, left 30, right 15), Times New Roman, and the text where a clerk looks for it.
    func testTheWordDocumentsOpenInPythonDocxWithDecree30Pages() throws {
        let python = try python()
        guard try launch(python, ["-c", "import docx"]).status == 0 else { throw XCTSkip("python-docx is not installed: the Word check was skipped") }
        let (store, l, ward, report, record) = try demo()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-word-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportDocument.docx(report, figures: try store.figures(of: report), ward: ward, signer: try store.reportSigner(), l: l, today: store.today)
            .write(to: folder.appendingPathComponent("bao-cao.docx"))
        try VisitRecordDocument.docx(record, place: "Cơ sở", address: "", ward: ward, checklist: try store.checklistItems(includeInactive: true), l: l)
            .write(to: folder.appendingPathComponent("bien-ban.docx"))
        let script = #"""
import sys, json, warnings
warnings.simplefilter("error")
import docx
out = {}
for path in sys.argv[1:]:
    d = docx.Document(path)
    s = d.sections[0]
    texts = [p.text for p in d.paragraphs] + [p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    fonts = {r.font.name for p in d.paragraphs for r in p.runs if r.font.name}
    out[path.split("/")[-1]] = {"width": s.page_width.mm, "height": s.page_height.mm, "top": s.top_margin.mm, "bottom": s.bottom_margin.mm,
                                "left": s.left_margin.mm, "right": s.right_margin.mm, "texts": texts,
                                "style_font": d.styles["Normal"].font.name, "fonts": sorted(fonts)}
print(json.dumps(out))
"""#
        let (status, output, problems) = try launch(python, ["-c", script, folder.appendingPathComponent("bao-cao.docx").path,
                                                             folder.appendingPathComponent("bien-ban.docx").path])
        XCTAssertEqual(status, 0, "python-docx: \(problems)")
        struct Page: Decodable { let width, height, top, bottom, left, right: Double; let texts: [String]; let fonts: [String] }
        let read = try JSONDecoder().decode([String: Page].self, from: output)
        for (name, page) in read {
            XCTAssertEqual(page.width, 210, accuracy: 0.5, name)
            XCTAssertEqual(page.height, 297, accuracy: 0.5, name)
            XCTAssertEqual(page.top, 20, accuracy: 0.5, name)
            XCTAssertEqual(page.bottom, 20, accuracy: 0.5, name)
            XCTAssertEqual(page.left, 30, accuracy: 0.5, name)
            XCTAssertEqual(page.right, 15, accuracy: 0.5, name)
            XCTAssertTrue(page.fonts.allSatisfy { $0 == "Times New Roman" }, "\(name): \(page.fonts)")
            XCTAssertTrue(page.texts.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), name)
        }
        XCTAssertTrue(read["bao-cao.docx"]?.texts.contains("BÁO CÁO") ?? false)
        XCTAssertTrue(read["bien-ban.docx"]?.texts.contains("BIÊN BẢN KIỂM TRA") ?? false)
    }

    /// The files printed as a clerk would print them: LibreOffice turns each into a PDF, and
    /// pdftotext reads its pages. A4 pages, the report's labels and figures on one page, the list's
    /// header on every page, the biên bản numbered and dated. Skipped, with this line, where
    /// LibreOffice or poppler-utils is not installed.
    func testLibreOfficePrintsEachFileOnA4AsTheClerkExpects() throws {
        guard ReportDocument.findSoffice() != nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        else { throw XCTSkip("LibreOffice or pdftotext is not installed (apt install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils): the printed-page check was skipped") }
        // Lines break where Times New Roman's widths put them: a font with other widths (DejaVu) would fail the layout.
        let font = try run("/usr/bin/fc-match", ["Times New Roman"])
        guard ["Times New Roman", "Liberation Serif", "Tinos"].contains(where: font.contains)
        else { throw XCTSkip("no font with Times New Roman's widths (apt install fonts-liberation): the printed-page check was skipped") }
        let (store, l, ward, report, record) = try demo()
        let figures = try store.figures(of: report)
        let visits = try store.visits(VisitQuery(today: store.today), offset: 0, limit: 10_000)

        let reportPages = try pages(try ReportDocument.pdf(docx: try ReportDocument.docx(report, figures: figures, ward: ward, signer: try store.reportSigner(),
                                                                                      l: l, today: store.today)), name: "bao-cao")
        XCTAssertTrue(reportPages.sizes.allSatisfy(\.isA4Portrait), "\(reportPages.sizes)")
        XCTAssertGreaterThanOrEqual(reportPages.texts.count, 2)
        for text in ["DỰ THẢO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO"] {
            XCTAssertTrue(reportPages.texts[0].contains(text), "the report's first page: \(text)\n\(reportPages.texts[0])")
        }
        // No page opens with a lone breakdown line cut from its figure.
        for (n, page) in reportPages.texts.enumerated().dropFirst() {
            let first = page.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty && Int($0) == nil } ?? ""
            XCTAssertFalse(first.hasPrefix("- "), "page \(n + 1) opens with \(first)")
        }

        let recordPages = try pages(try ReportDocument.pdf(docx: try VisitRecordDocument.docx(record, place: "Karaoke Hoa Hồng", address: "12 phố Láng",
                                                                                           ward: ward, checklist: try store.checklistItems(includeInactive: true), l: l)), name: "bien-ban")
        XCTAssertTrue(recordPages.sizes.allSatisfy(\.isA4Portrait), "\(recordPages.sizes)")
        XCTAssertLessThanOrEqual(recordPages.texts.count, 3)
        XCTAssertTrue(recordPages.texts[0].contains("BIÊN BẢN KIỂM TRA"), recordPages.texts[0])
        XCTAssertNotNil(recordPages.texts[0].range(of: #"Số: \d+/BB-ĐKTLN"#, options: .regularExpression), recordPages.texts[0])

        // The report's workbook: labels and figures side by side on the first page, upright.
        let bookPages = try pages(try ReportDocument.pdf(docx: try ReportDocument.xlsx(figures: figures, l: l, report: report, ward: ward), type: "xlsx"), name: "bao-cao-xlsx")
        XCTAssertTrue(bookPages.sizes.allSatisfy(\.isA4Portrait), "\(bookPages.sizes)")
        let managed = try XCTUnwrap(figures.all.first { $0.id == "est.managed" })
        let count = String(try XCTUnwrap(managed.value))
        let first = bookPages.texts[0].split(whereSeparator: \.isNewline).first { $0.contains(managed.labelText(l)) } ?? ""
        XCTAssertTrue(first.hasSuffix(" " + count) || first.contains(" \(count) "), "the label and its figure on one line of page 1: \(first)")
        XCTAssertTrue(bookPages.texts[0].contains("Trang 1/"), bookPages.texts[0])

        // A list of a few hundred visits: across the page, its header on every page.
        let listPages = try pages(try ReportDocument.pdf(docx: try VisitExport.xlsx(visits, l), type: "xlsx"), name: "kiem-tra-xlsx")
        XCTAssertGreaterThan(listPages.texts.count, 1)
        XCTAssertTrue(listPages.sizes.allSatisfy(\.isA4Landscape), "\(listPages.sizes)")
        for (n, page) in listPages.texts.enumerated() {
            XCTAssertTrue(page.contains(l.t(.fieldPlace)), "page \(n + 1) repeats the header")
            XCTAssertTrue(page.contains("Trang \(n + 1)/\(listPages.texts.count)"), "page \(n + 1)'s footer")
        }
    }

    /// The demo ward on 25/11/2026 with its October report drafted, and one of its approved visits.
    func demo() throws -> (WardStore, Localizer, WardIdentity, Report, VisitRecord) {
        let store = try WardStore.inMemory(clock: { Self.now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        let me = try XCTUnwrap(store.account(login: DemoWard.everyRoleLogin))
        var q = VisitQuery(today: store.today)
        q.status = .approved
        let record = try XCTUnwrap(store.visit(id: try XCTUnwrap(store.visits(q, offset: 0, limit: 1).first?.visit.id)))
        return (store, try Localizer.load(.vi, resources: ResourceLocator.directory()), try XCTUnwrap(store.ward()),
                try store.draftReport(try XCTUnwrap(ReportPeriod.month(2026, 10)), by: me), record)
    }

    struct Pages {
        struct Size { let width, height: Double
            var isA4Portrait: Bool { abs(width - 595) < 2 && abs(height - 842) < 2 }
            var isA4Landscape: Bool { abs(width - 842) < 2 && abs(height - 595) < 2 }
        }
        var texts: [String]
        var sizes: [Size]
    }

    /// What a tool prints on its standard output ("" where it cannot run).
    func run(_ tool: String, _ args: [String]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return "" }
        return String(decoding: try launch(tool, args).out, as: UTF8.self)
    }

    /// A program's exit status, standard output and what it said on standard error.
    func launch(_ tool: String, _ args: [String]) throws -> (status: Int32, out: Data, err: String) {
        let p = Process(), out = Pipe(), err = Pipe()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, data, said)
    }

    /// Each page's text (pdftotext, laid out) and size in points (pdfinfo). With
    /// OFFICE_FILES_OUT set, the PDF is kept there to look at.
    func pages(_ pdf: Data, name: String) throws -> Pages {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-print-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        if let folder = ProcessInfo.processInfo.environment["OFFICE_FILES_OUT"] {
            try pdf.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".pdf"))
        }
        let texts = try run("/usr/bin/pdftotext", ["-layout", file.path, "-"]).components(separatedBy: "\u{0C}").dropLast()
        let info = try run("/usr/bin/pdfinfo", ["-f", "1", "-l", "9999", file.path])
        let sizes = info.split(whereSeparator: \.isNewline).compactMap { line -> Pages.Size? in
            // "Page    1 size: 595.304 x 841.89 pts (A4)"
            guard line.hasPrefix("Page"), line.contains(" size: ") else { return nil }
            let numbers = line.split(separator: ":")[1].split(separator: " ").compactMap { Double($0) }
            return numbers.count >= 2 ? Pages.Size(width: numbers[0], height: numbers[1]) : nil
        }
        return Pages(texts: Array(texts), sizes: sizes)
    }
}
