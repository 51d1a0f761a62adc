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
            XCTAssertEqual($0 as? SpreadsheetProblem, .noSuchSheet("Không có", available: ["Cơ sở 2026", "Ghi chú"]))
        }
    }

    /// A workbook of one sheet, its parts as given (compressed when `compress`).
    func workbook(sheet: String, compress: Bool = false) throws -> Data { try workbook(sheet: Data(sheet.utf8), compress: compress) }

    func workbook(sheet: Data, compress: Bool = false) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ d: Data) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: compress ? .deflate : .none) { p, s in
                d.subdata(in: Int(p)..<Int(p) + s)
            }
        }
        try add("xl/workbook.xml", Data(#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8))
        try add("xl/_rels/workbook.xml.rels", Data(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8))
        try add("xl/sharedStrings.xml", Data(#"<sst><si><t>Tên cơ sở</t></si><si><r><t>Nhà </t></r><r><t>nghỉ</t></r></si></sst>"#.utf8))
        try add("xl/styles.xml", Data(#"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#.utf8))
        try add("xl/worksheets/sheet1.xml", sheet)
        return try XCTUnwrap(archive.data)
    }

    func testSharedStringsAndSparseCells() throws {
        let data = try workbook(sheet: #"<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c></row><row r="3"><c r="B3" t="s"><v>1</v></c><c r="D3" s="1"><v>45658</v></c></row></sheetData></worksheet>"#)
        XCTAssertEqual(try XLSX.read(data).rows, [[], [.empty, .text("Tên cơ sở")], [.empty, .text("Nhà nghỉ"), .empty, .date(2025, 1, 1)]])
    }

    /// Damaged workbooks the torture tests found: each is a `SpreadsheetProblem`, never a crash,
    /// a hang or a grid of millions of cells.
    func testDamagedWorkbooksAreProblemsNotCrashes() throws {
        func problem(_ data: Data) -> SpreadsheetProblem? {
            do { _ = try XLSX.read(data); return nil } catch { return error as? SpreadsheetProblem }
        }
        // Cell references beyond any sheet (and beyond Int) are left out, not allocated or overflowed.
        let far = try workbook(sheet: #"<worksheet><sheetData><row r="1"><c r="ZZZZZZZZZZZZZZZZZZZZC1"><v>1</v></c><c r="A-9223372036854775808"><v>2</v></c>"#
            + #"<c r="B99999999999999999999"><v>3</v></c><c r="C1"><v>4</v></c></row><row r="9223372036854775807"><c><v>5</v></c></row></sheetData></worksheet>"#)
        let grid = try XLSX.read(far)
        XCTAssertEqual(grid.rows.first, [.empty, .empty, .number(4)])
        XCTAssertLessThanOrEqual(grid.rows.reduce(0) { $0 + $1.count }, 4)
        XCTAssertEqual(XLSX.SheetReader.position("XFD1048576")?.col, 16_383)
        XCTAssertNil(XLSX.SheetReader.position("XFE1"))
        XCTAssertNil(XLSX.SheetReader.position("A1048577"))
        // A thousand rows each reaching the last column: more cells than an import takes.
        let wide = (1...1_000).map { #"<row r="\#($0)"><c r="XFD\#($0)"><v>1</v></c></row>"# }.joined()
        XCTAssertEqual(problem(try workbook(sheet: "<worksheet><sheetData>\(wide)</sheetData></worksheet>")), .tooLarge)
        // XML that Foundation's parser crashes on: invalid UTF-8 in a name, a processing instruction.
        let badName = Data(#"<worksheet><sheetData><row r="1"><c"#.utf8) + Data([0xC3, 0x28]) + Data(#" r="A1"><v>1</v></c></row></sheetData></worksheet>"#.utf8)
        XCTAssertEqual(problem(try workbook(sheet: badName)), .damaged)
        XCTAssertEqual(problem(try workbook(sheet: #"<?xml version="1.0"?><worksheet><?x?><sheetData/></worksheet>"#)), .damaged)
        XCTAssertEqual(problem(try workbook(sheet: #"<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>"#)), .damaged)
        XCTAssertEqual(try XLSX.read(try workbook(sheet: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet><sheetData/></worksheet>"#)).rows, [])
        // A sheet cut short is damaged, not half imported.
        XCTAssertEqual(problem(try workbook(sheet: #"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r"#)), .damaged)
        // The archive itself: cut in half, a header offset past the end, a deflate stream cut short.
        let sound = try workbook(sheet: #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#, compress: true)
        XCTAssertEqual(try XLSX.read(sound).textRows, [["Tên cơ sở"]])
        XCTAssertEqual(problem(sound.prefix(sound.count / 2)), .damaged)
        XCTAssertEqual(problem(Data([0x50, 0x4B, 0x03, 0x04])), .damaged)
        let directory = try XCTUnwrap(sound.lastRange(of: Data([0x50, 0x4B, 0x01, 0x02])))
        var pastTheEnd = sound
        pastTheEnd.replaceSubrange((directory.lowerBound + 42)..<(directory.lowerBound + 46), with: [0xFF, 0xFF, 0xFF, 0x7F])
        XCTAssertEqual(problem(pastTheEnd), .damaged)
        var cutShort = sound
        let compressedAt = directory.lowerBound + 20
        let compressed = Int(sound[compressedAt]) | Int(sound[compressedAt + 1]) << 8
        cutShort.replaceSubrange(compressedAt..<(compressedAt + 2), with: [UInt8((compressed / 2) & 0xFF), UInt8((compressed / 2) >> 8)])
        XCTAssertEqual(problem(cutShort), .damaged)
        for k in 0..<40 {
            var flipped = sound
            flipped[sound.count * k / 40] ^= 0x55
            _ = try? XLSX.read(flipped)
        }
        // A small file that would unpack to gigabytes is refused before it is unpacked.
        var bomb = sound
        let sizeAt = directory.lowerBound + 24
        bomb.replaceSubrange(sizeAt..<(sizeAt + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
        XCTAssertEqual(problem(bomb), .tooLarge)
        XCTAssertEqual(problem(Data("not a zip".utf8)), .damaged)
        XCTAssertEqual(problem(try workbook(sheet: "").replacing(Data("xl/workbook.xml".utf8), with: Data("xl/workbook.xmX".utf8))), .notAWorkbook)
    }

    func testWrittenWorkbooksReadBack() throws {
        let data = try XLSX.write(sheetName: "Cơ sở", header: ["Tên", "Ngày", "Số"],
                                  rows: [[.text("Karaoke <Nice> & Co"), .date(2026, 11, 25), .number(12)], [.text("Nhà nghỉ"), .empty, .number(0)],
                                         [.text("=HYPERLINK(\"x\")"), .empty, .money(1_500_000)]],
                                  l: try Localizer.load(.vi, resources: ResourceLocator.directory()))
        let grid = try XLSX.read(data)
        XCTAssertEqual(grid.rows, [[.text("Tên"), .text("Ngày"), .text("Số")],
                                   [.text("Karaoke <Nice> & Co"), .date(2026, 11, 25), .number(12)],
                                   [.text("Nhà nghỉ"), .empty, .number(0)],
                                   [.text("=HYPERLINK(\"x\")"), .empty, .number(1_500_000)]], "a text that looks like a formula stays text")
        XCTAssertEqual(XLSX.column(0), "A")
        XCTAssertEqual(XLSX.column(27), "AB")
    }
}

final class SpreadsheetFileTests: XCTestCase {
    func read(_ bytes: [UInt8], name: String = "in.csv") throws -> Grid {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-\(UUID().uuidString)-\(name)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        return try Spreadsheet.read(path: url.path)
    }

    func problem(_ bytes: [UInt8], name: String = "in.csv") -> SpreadsheetProblem? {
        do { _ = try read(bytes, name: name); return nil } catch {
            guard case WardError.unreadableSpreadsheet(_, let p)? = error as? WardError else { return nil }
            return p
        }
    }

    func testUTF8AndUTF16AreReadAndOldCodePagesAreRefusedWithAWay() throws {
        let text = "Tên cơ sở,Loại hình\nNhà nghỉ Hoa Hồng,Nhà nghỉ\n"
        let expected = [["Tên cơ sở", "Loại hình"], ["Nhà nghỉ Hoa Hồng", "Nhà nghỉ"]]
        XCTAssertEqual(try read(Array(text.utf8)).textRows, expected)
        XCTAssertEqual(try read([0xEF, 0xBB, 0xBF] + Array(text.utf8)).textRows, expected)
        XCTAssertEqual(try read([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).textRows, expected)
        XCTAssertEqual(try read([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).textRows, expected)
        // "Nhà nghỉ" in Windows-1258 and in TCVN3: bytes that are not UTF-8.
        XCTAssertEqual(problem(Array("Tên,Loại\nNh".utf8) + [0xE0, 0x20, 0x6E, 0x67, 0x68, 0xD2] + [0x0A]), .notText)
        XCTAssertEqual(problem([0x4E, 0x68, 0xB5, 0x20, 0x6E, 0x67, 0x68, 0xDE, 0x2C, 0x41, 0x0A]), .notText)
        XCTAssertEqual(problem([0xFF, 0xFE, 0x41]), .notText, "UTF-16 with an odd byte count")
        XCTAssertEqual(problem([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]), .notText, "a lone surrogate")
        XCTAssertEqual(problem([0x50, 0x4B, 0x03, 0x04], name: "in.xlsx"), .damaged)
        XCTAssertThrowsError(try Spreadsheet.read(path: "/nowhere/in.csv")) {
            XCTAssertEqual($0 as? WardError, .unreadableSpreadsheet(path: "/nowhere/in.csv", .missing))
        }
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let said = WardError.unreadableSpreadsheet(path: "ds.csv", .notText).message(l)
        XCTAssertTrue(said.hasPrefix("Tệp ds.csv không phải văn bản UTF-8") && said.contains("CSV UTF-8"), said)
    }
}
