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
            let check = Process()
            check.executableURL = URL(fileURLWithPath: p)
            check.arguments = ["-c", "import openpyxl"]
            try check.run()
            check.waitUntilExit()
            if check.terminationStatus == 0 { return p }
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
        ]
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        let p = Process(), pipe = Pipe(), errors = Pipe()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", Self.script] + files.map { folder.appendingPathComponent($0.0).path }
        p.standardOutput = pipe
        p.standardError = errors
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "openpyxl, warnings as errors: \(problems)")
        let read = try JSONDecoder().decode([String: [Sheet]].self, from: output)
        XCTAssertEqual(Set(read.keys), Set(files.map(\.0)))
        for (file, sheets) in read {
            for s in sheets {
                let what = "\(file) \(s.name)"
                XCTAssertEqual(s.paper, "9", "A4: \(what)")
                XCTAssertEqual(s.orientation, file == "bao-cao.xlsx" && s.name == "Số liệu" ? "portrait" : "landscape", what)
                XCTAssertTrue(s.fitToPage, what)
                XCTAssertEqual(s.fitWidth ?? 1, 1, "one page wide (1 is the default, left out): \(what)")
                XCTAssertEqual(s.fitHeight, 0, what)
                XCTAssertNotNil(s.titles, "the header repeated on each page: \(what)")
                XCTAssertNotNil(s.freeze, what)
                XCTAssertEqual(s.formulas, 0, what)
                XCTAssertEqual(s.fonts, ["Times New Roman"], what)
                XCTAssertEqual(s.footer, "Trang &P/&N", what)
                XCTAssertFalse(s.types.keys.contains { $0.hasSuffix("|str") && $0.hasPrefix("dd/mm/yyyy") }, "a date is a date: \(what)")
                if file != "bao-cao.xlsx" { XCTAssertNotNil(s.filter, "a list has a filter: \(what)") }
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
    }

    /// The report and the biên bản opened by python-docx: A4, Decree 30's margins (top and bottom
    /// 20 mm, left 30, right 15), Times New Roman, and the text where a clerk looks for it.
    func testTheWordDocumentsOpenInPythonDocxWithDecree30Pages() throws {
        let python = try python()
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import docx"]
        try check.run()
        check.waitUntilExit()
        guard check.terminationStatus == 0 else { throw XCTSkip("python-docx is not installed: the Word check was skipped") }
        let store = try WardStore.inMemory(clock: { Self.now })
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let me = try XCTUnwrap(store.account(login: DemoWard.everyRoleLogin))
        let ward = try XCTUnwrap(store.ward())
        let october = try XCTUnwrap(ReportPeriod.month(2026, 10))
        let report = try store.draftReport(october, by: me)
        var q = VisitQuery(today: store.today)
        q.status = .approved
        let visit = try XCTUnwrap(store.visits(q, offset: 0, limit: 1).first?.visit.id)
        let record = try XCTUnwrap(store.visit(id: visit))
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
        let p = Process(), pipe = Pipe(), errors = Pipe()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, folder.appendingPathComponent("bao-cao.docx").path, folder.appendingPathComponent("bien-ban.docx").path]
        p.standardOutput = pipe
        p.standardError = errors
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "python-docx: \(problems)")
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
}
