import Foundation
import XCTest
@testable import WardCaseCore
@testable import WardCaseDemo
@testable import WardCaseExport

/// Lists written as they are read: the file holds exactly the rows the list shows, in its order;
/// a cancelled export leaves nothing; JSON reads as JSONEncoder writes it; a workbook longer than
/// a sheet carries on to the next.
final class StreamingExportTests: XCTestCase {
    static let now = Date(timeIntervalSince1970: 1_795_608_000)  // 25/11/2026
    var folder: URL!
    var l: Localizer!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        l = try Localizer.load(.vi, resources: ResourceLocator.directory())
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// What the export screen and `wardcase list … -o` do: the rows from the store's cursor,
    /// through a ListStream, into a private file.
    func export<Row>(_ shape: ListShape<Row>, _ format: ListFileFormat, to path: String, progress: WorkProgress = .silent,
                     each: ((Row) throws -> Void) throws -> Void) throws -> Int {
        try PrivateFile.stream(to: path, replace: false) { file in
            let stream = try ListStream(shape, format: format, into: file, heading: "Phường Đống Đa · Kiểm tra", l: l)
            try each { row in
                try stream.add(row)
                try progress.advance()
            }
            try stream.finish()
            return stream.count
        }
    }

    func testFiftyThousandVisitsStreamAsTheListShowsThem() throws {
        let store = try WardStore.open(path: folder.appendingPathComponent("ward.sqlite").path, clock: { Self.now })
        try CityWard.generate(into: store, size: CityWard.Size(400, 50_000, 1_000, 3_000, 5_000), seed: 3, resources: ResourceLocator.directory())
        let q = VisitQuery(today: store.today)
        let total = try store.countVisits(q)
        XCTAssertGreaterThan(total, 49_000)

        let path = folder.appendingPathComponent("kiem-tra.csv").path
        XCTAssertEqual(try export(VisitExport.shape(l), .csv, to: path) { try store.eachVisit(q, $0) }, total)
        let file = try Data(contentsOf: URL(fileURLWithPath: path))

        // The list as the screen pages through it, 500 rows a window.
        var shown: [VisitRow] = []
        while shown.count < total { shown += try store.visits(q, offset: shown.count, limit: 500) }
        XCTAssertEqual(file, VisitExport.csv(shown, l), "byte for byte the rows the list shows, in its order")
        XCTAssertTrue(file.starts(with: [0xEF, 0xBB, 0xBF]))
        XCTAssertEqual(file.split(separator: 0xEF).count, 1, "one byte-order mark, at the start")
        XCTAssertEqual(CSV.read(file).rows.count, total + 1)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)

        // Tip-offs and referrals, read by position from their cursors, as their lists show them.
        let tips = TipQuery(today: store.today), referrals = ReferralQuery(view: .all, today: store.today)
        let tipsPath = folder.appendingPathComponent("tin-bao.csv").path, referralsPath = folder.appendingPathComponent("chuyen-gui.csv").path
        XCTAssertEqual(try export(TipExport.shape(l), .csv, to: tipsPath) { try store.eachTip(tips, $0) }, 5_000)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: tipsPath)), TipExport.csv(try store.tips(tips, offset: 0, limit: 10_000), l))
        XCTAssertGreaterThan(try export(ReferralExport.shape(l), .csv, to: referralsPath) { try store.eachReferral(referrals, $0) }, 1_000)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: referralsPath)), ReferralExport.csv(try store.referrals(referrals), l))

        // JSON and NDJSON carry the same rows.
        let json = folder.appendingPathComponent("kiem-tra.json").path
        _ = try export(VisitExport.shape(l), .json, to: json) { try store.eachVisit(q, $0) }
        let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        XCTAssertEqual(objects.count, total)
        XCTAssertEqual(objects.first?["id"] as? Int64, shown.first?.visit.id)
        let ndjson = folder.appendingPathComponent("kiem-tra.ndjson").path
        _ = try export(VisitExport.shape(l), .ndjson, to: ndjson) { try store.eachVisit(q, $0) }
        let lines = try String(contentsOfFile: ndjson, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, total)
        XCTAssertEqual(lines.last.map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }??["id"] as? Int64,
                       shown.last?.visit.id)
    }

    /// Esc part way through: no file with the name, no partial file beside it, in CSV or XLSX.
    func testACancelledExportLeavesNoFile() throws {
        let rows = (0..<20_000).map { [Grid.Cell.number(Double($0)), .text("dòng \($0)")] }
        let shape = ListShape<[Grid.Cell]>(sheetName: "Kiểm tra", header: ["STT", "Nội dung"], keys: ["n", "text"], cells: { $0 })
        for format in [ListFileFormat.csv, .xlsx] {
            let path = folder.appendingPathComponent("huy." + format.rawValue).path
            var heard = 0
            let progress = WorkProgress(every: 0) { _ in heard += 1; return heard < 5_000 }
            XCTAssertThrowsError(try export(shape, format, to: path, progress: progress) { body in try rows.forEach(body) }) {
                XCTAssertEqual($0 as? WardError, .cancelled)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "\(format)")
        }
    }

    /// The JSON the stream writes is what JSONEncoder (pretty, sorted keys) writes for the same objects.
    func testStreamedJSONReadsAsJSONEncoderWritesIt() throws {
        let texts = ["", "Karaoke \"Hoa\" \\ 1/2", "dòng 1\ndòng 2\ttab\r", "\u{01}\u{08}\u{0C}\u{1F}", "=cmd|' /C calc'!A0", "Nguyễn Thị Ánh"]
        let shape = ListShape<String>(sheetName: "T", header: ["A", "B"], keys: ["text", "n"], cells: { [.text($0), .number(Double($0.count))] }) {
            ["id": .number(Int64($0.utf8.count)), "code": .text($0.uppercased())]
        }
        for rows in [texts, []] {
            let streamed = try shape.data(rows, format: .json, l: l)
            let objects = rows.map { t -> [String: ExportJSONValue] in
                var o = Dictionary(uniqueKeysWithValues: zip(shape.keys, shape.cells(t).map(ExportJSONValue.init)))
                o.merge(shape.extra(t)) { _, b in b }
                return o
            }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), String(decoding: try enc.encode(objects), as: UTF8.self))
        }
    }

    /// A streamed sheet (its rows made into XML and deflated on a thread of their own, laid into
    /// the workbook libxlsxwriter writes around them) reads as libxlsxwriter's own writing of the
    /// same rows: text with entities, outer spaces, line breaks and control characters, an empty
    /// text, whole and fractional numbers, money, percentages, dates, empty cells and rows.
    func testAStreamedSheetReadsAsLibxlsxwriterWritesIt() throws {
        var rows: [[Grid.Cell]] = [
            [.text("Karaoke <Hoa> & \"Sen\""), .number(3), .money(1_500_000), .percent(35), .date(2026, 12, 5), .empty, .text("x")],
            [.text("  hai đầu có dấu cách "), .number(-2.5), .money(0), .percent(100), .date(1999, 1, 1), .text("dòng 1\ndòng 2\ttab\r"), .empty],
            [.text("\u{01}\u{08}\u{0C}\u{1F}"), .number(1e20), .text("=cmd|' /C calc'!A0"), .text(""), .date(2024, 2, 29)],
            [],
            [.text("Nguyễn Thị Ánh"), .number(0.1 + 0.2)],
        ]
        for i in 0..<3_000 { rows.append([.text("Cơ sở \(i)"), .number(Double(i)), .money(Double(i * 1_000)), .percent(Double(i % 100)), .date(2026, 1 + i % 12, 1 + i % 28)]) }
        let shape = ListShape<[Grid.Cell]>(sheetName: "Thử", header: ["A", "B", "C", "D", "E", "F", "G"], keys: ["a", "b", "c", "d", "e", "f", "g"],
                                           cells: { $0 })
        let path = folder.appendingPathComponent("thu.xlsx").path
        XCTAssertEqual(try export(shape, .xlsx, to: path) { body in try rows.forEach(body) }, rows.count)
        let streamed = try Data(contentsOf: URL(fileURLWithPath: path))
        let whole = try XLSX.write(sheetName: "Thử", header: shape.header, rows: rows, l: l, heading: "Phường Đống Đa · Kiểm tra")
        let (read, readWhole) = (try XLSX.read(streamed).rows, try XLSX.read(whole).rows)
        XCTAssertEqual(read.count, readWhole.count)
        for (i, (a, b)) in zip(read, readWhole).enumerated() where a != b { XCTFail("row \(i): \(a) ≠ \(b)") }
        // The same print set-up, filter and extent around the rows.
        func sheet(_ data: Data) throws -> String { String(decoding: try XCTUnwrap(try ZipReader(data).read("xl/worksheets/sheet1.xml")), as: UTF8.self) }
        let (ours, theirs) = (try sheet(streamed), try sheet(whole))
        for piece in ["<dimension ref=\"A1:G3006\"/>", "<autoFilter ref=\"A1:G3006\"/>", "<pane ySplit=\"1\"", "<pageSetup paperSize=\"9\"",
                      "<t xml:space=\"preserve\">  hai đầu", "Karaoke &lt;Hoa&gt; &amp; \"Sen\"", "_x0001__x0008__x000C__x001F_"] {
            XCTAssertTrue(ours.contains(piece), piece)
            XCTAssertTrue(theirs.contains(piece), piece)
        }
        XCTAssertEqual(ours.components(separatedBy: "<c ").count, theirs.components(separatedBy: "<c ").count, "the same cells")
    }

    /// A ZIP part or archive past 4 GB (no Zip64) is refused in the user's words, not written
    /// wrong; below it, the archive reads back part for part.
    func testAWorkbookTooLargeForAZipIsRefusedInWords() throws {
        let text = Array(String(repeating: "Nhà nghỉ Hoa Mai, số 5 ngõ 12 Xã Đàn. ", count: 10).utf8)
        let fits = MemorySink()
        let zip = ZipWriter(into: fits, limit: 1_000)
        try zip.add("a.xml", [.bytes(text)])
        try zip.add("b.xml", [.bytes(Array("<b/>".utf8))])
        // A part that ends with a piece deflated before still gets its final block, counted.
        let rows = try DeflatedFile()
        rows.write { Array("<row/>".utf8) }
        try rows.finish()
        try zip.add("c.xml", [.bytes(Array("<c>".utf8)), .deflated(rows)])
        try zip.finish()
        let read = try ZipReader(fits.data)
        XCTAssertEqual(try read.read("a.xml"), Data(text))
        XCTAssertEqual(try read.read("b.xml"), Data("<b/>".utf8))
        XCTAssertEqual(try read.read("c.xml"), Data("<c><row/>".utf8))
        let tooLarge = ZipWriter(into: MemorySink(), limit: 1_000)
        XCTAssertThrowsError(try tooLarge.add("a.xml", [.bytes(text + text + text)])) { error in
            XCTAssertEqual(error as? WardError, .workbookTooLarge(path: ""))
            XCTAssertEqual((error as? WardError)?.message(l), "Bảng tính  sẽ lớn hơn 4 GB; chưa ghi gì. Hãy xuất từng khoảng ngày một, hoặc xuất CSV.")
        }
    }

    /// A workbook of more rows than a sheet holds goes on, under the same header, on a second sheet.
    func testAListLongerThanASheetGoesOnToTheNext() throws {
        let shape = ListShape<Int>(sheetName: "Kiểm tra", header: ["STT"], keys: ["n"], cells: { [.number(Double($0))] })
        let path = folder.appendingPathComponent("dai.xlsx").path
        let count = Int(XLSX.SheetWriter.maxRows) + 10
        XCTAssertEqual(try export(shape, .xlsx, to: path) { body in for n in 1...count { try body(n) } }, count)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let second = try XLSX.read(data, sheet: "Kiểm tra (2)")
        // The first sheet took the header and 1,048,575 rows; the second, the header and the rest.
        XCTAssertEqual(second.rows.first, [.text("STT")])
        XCTAssertEqual(second.rows.dropFirst().map { $0.first }, (Int(XLSX.SheetWriter.maxRows)...count).map { .number(Double($0)) })
    }
}
