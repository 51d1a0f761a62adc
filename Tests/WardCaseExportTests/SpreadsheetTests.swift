import XCTest
import ZIPFoundation
@testable import WardCaseExport
@testable import WardCaseCore

final class CSVTests: XCTestCase {
    func testMessyOfficeCSV() {
        let text = "\u{FEFF}Tiêu đề;;\r\nTên cơ sở;Địa chỉ;Ghi chú\r\n\"Karaoke \"\"Sao\"\"\";\"Số 9\nphố Khâm Thiên\";\r\n;;\r\nNhà nghỉ;Xã Đàn;có\r\n"
        let grid = CSV.read(Data(text.utf8))
        XCTAssertEqual(grid.textRows, [
            ["Tiêu đề", "", ""],
            ["Tên cơ sở", "Địa chỉ", "Ghi chú"],
            ["Karaoke \"Sao\"", "Số 9\nphố Khâm Thiên", ""],
            ["", "", ""],
            ["Nhà nghỉ", "Xã Đàn", "có"],
        ])
    }

    func testDelimitersAndLineEndings() {
        XCTAssertEqual(CSV.read(Data("a\tb\nc\td".utf8)).textRows, [["a", "b"], ["c", "d"]])
        XCTAssertEqual(CSV.read(Data("a,b\rc,\"d,e\"".utf8)).textRows, [["a", "b"], ["c", "d,e"]])
        XCTAssertEqual(CSV.read(Data()).textRows, [])
    }

    func testWritingRoundTrips() {
        let rows = [["Tên", "Ghi chú"], ["Karaoke \"Nice\"", "dòng 1\ndòng 2; có dấu phẩy, nữa"]]
        let data = CSV.write(rows)
        XCTAssertTrue(data.starts(with: [0xEF, 0xBB, 0xBF]), "a BOM so that Excel reads UTF-8")
        XCTAssertEqual(CSV.read(data).textRows, rows)
    }
}

final class XLSXTests: XCTestCase {
    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    func testAWardRegisterAsASpreadsheetProgramSavesIt() throws {
        let grid = try XLSX.read(try fixture("register.xlsx"))
        XCTAssertEqual(grid.rows[0].first, .text("UBND PHƯỜNG ĐỐNG ĐA"))
        XCTAssertEqual(grid.rows[3][1], .text("Tên cơ sở"))
        XCTAssertEqual(grid.rows[4][6], .date(2022, 3, 15), "a real date cell")
        XCTAssertEqual(grid.rows[4][8], .number(12))
        XCTAssertEqual(grid.rows[6][6], .number(44927), "a serial number typed in a General cell")
        XCTAssertEqual(grid.textRows[4][7], "15/03/2027")
        let second = try XLSX.read(try fixture("register.xlsx"), sheet: "ghi chú")
        XCTAssertEqual(second.textRows, [["Tên cơ sở", "Loại hình"], ["Nhà nghỉ Phụ", "nhà nghỉ"]])
        XCTAssertThrowsError(try XLSX.read(try fixture("register.xlsx"), sheet: "Không có")) {
            XCTAssertEqual($0 as? SpreadsheetError, .noSuchSheet("Không có", available: ["Cơ sở 2026", "Ghi chú"]))
        }
        XCTAssertThrowsError(try XLSX.read(Data("not a zip".utf8)))
    }

    func testSharedStringsAndSparseCells() throws {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let d = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count)) { p, s in d.subdata(in: Int(p)..<Int(p) + s) }
        }
        try add("xl/workbook.xml", #"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        try add("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#)
        try add("xl/sharedStrings.xml", #"<sst><si><t>Tên cơ sở</t></si><si><r><t>Nhà </t></r><r><t>nghỉ</t></r></si></sst>"#)
        try add("xl/styles.xml", #"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#)
        try add("xl/worksheets/sheet1.xml", #"<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c></row><row r="3"><c r="B3" t="s"><v>1</v></c><c r="D3" s="1"><v>45658</v></c></row></sheetData></worksheet>"#)
        let grid = try XLSX.read(try XCTUnwrap(archive.data))
        XCTAssertEqual(grid.rows, [[], [.empty, .text("Tên cơ sở")], [.empty, .text("Nhà nghỉ"), .empty, .date(2025, 1, 1)]])
    }

    func testWrittenWorkbooksReadBack() throws {
        let data = try XLSX.write(sheetName: "Cơ sở", header: ["Tên", "Ngày", "Số"],
                                  rows: [[.text("Karaoke <Nice> & Co"), .date(2026, 11, 25), .number(12)], [.text("Nhà nghỉ"), .empty, .number(0)]])
        let grid = try XLSX.read(data)
        XCTAssertEqual(grid.rows, [[.text("Tên"), .text("Ngày"), .text("Số")],
                                   [.text("Karaoke <Nice> & Co"), .date(2026, 11, 25), .number(12)],
                                   [.text("Nhà nghỉ"), .empty, .number(0)]])
        XCTAssertEqual(XLSX.column(0), "A")
        XCTAssertEqual(XLSX.column(27), "AB")
    }
}
