import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
@testable import WardCaseExport

final class DocxTests: XCTestCase {
    /// A4 (11906 twips) less 30 mm (1701) and 15 mm (850).
    let textWidth = 9355

    // MARK: Helpers

    /// The parts of a .docx, by path.
    func unzip(_ doc: DocxDocument) throws -> [String: Data] {
        let archive = try Archive(data: try doc.data(), accessMode: .read)
        var out: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            out[entry.path] = data
        }
        return out
    }

    func documentXML(_ blocks: [DocxBlock]) throws -> String {
        String(decoding: try XCTUnwrap(try unzip(DocxDocument(blocks: blocks))["word/document.xml"]), as: UTF8.self)
    }

    /// A parsed XML element, enough to walk a part.
    final class Node {
        let name: String, attributes: [String: String]
        var children: [Node] = [], text = ""
        init(_ name: String, _ attributes: [String: String]) { self.name = name; self.attributes = attributes }
        func all(_ name: String) -> [Node] { children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) } }
        func first(_ name: String) -> Node? { all(name).first }
        func child(_ name: String) -> Node? { children.first { $0.name == name } }
        var allText: String { text + children.map(\.allText).joined() }
    }

    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack = [Node("#document", [:])]
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            let node = Node(name, attributes); stack.last!.children.append(node); stack.append(node)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }
    }

    /// Parses a part, failing the test if it is not well-formed XML.
    func tree(_ data: Data, _ label: String = "", file: StaticString = #filePath, line: UInt = #line) -> Node {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        XCTAssertTrue(parser.parse(), "\(label) is not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        return builder.stack[0]
    }

    func body(_ blocks: [DocxBlock]) throws -> Node {
        try XCTUnwrap(tree(Data(try documentXML(blocks).utf8)).first("w:body"))
    }

    /// A visit record much like the real one.
    var visitRecord: DocxDocument {
        DocxDocument(blocks: [
            .table(DocxTable(rows: [[
                DocxCell(paragraphs: [DocxParagraph("UBND PHƯỜNG ĐỐNG ĐA", bold: true, alignment: .center)]),
                DocxCell(paragraphs: [DocxParagraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, alignment: .center),
                                      DocxParagraph("Độc lập - Tự do - Hạnh phúc", bold: true, underline: true, alignment: .center)]),
            ]], columnWidths: [2, 3], borders: false)),
            .paragraph(DocxParagraph("BIÊN BẢN KIỂM TRA", bold: true, size: 14, alignment: .center, spaceBefore: 12, keepWithNext: true)),
            .paragraph(DocxParagraph(runs: [DocxRun("Tại: "), DocxRun("Phường Đống Đa", italic: true)],
                                     alignment: .justify, firstLineIndent: 12.7, spaceAfter: 6)),
            .table(DocxTable(rows: [
                [DocxCell("STT", bold: true, shaded: true), DocxCell("Nội dung", bold: true, shaded: true), DocxCell("Kết quả", bold: true, shaded: true)],
                [DocxCell("1"), DocxCell("Phòng cháy, chữa cháy"), DocxCell("Đạt")],
                [DocxCell("Kết luận: đạt yêu cầu.", columnSpan: 3)],
            ], columnWidths: [1, 6, 2], headerRowCount: 1)),
            .table(DocxTable(rows: [[DocxCell("ĐẠI DIỆN CƠ SỞ", bold: true), DocxCell("ĐOÀN KIỂM TRA", bold: true)]], borders: false)),
        ], title: "Biên bản kiểm tra")
    }

    // MARK: Package

    func testThePackageHasEveryPartAndEachIsWellFormed() throws {
        let parts = try unzip(visitRecord)
        for path in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                     "word/styles.xml", "word/settings.xml", "docProps/core.xml", "docProps/app.xml"] {
            XCTAssertNotNil(parts[path], "missing \(path)")
        }
        for (path, data) in parts { _ = tree(data, path) }

        // Every part is declared, and every relationship points at a part that exists.
        let types = String(decoding: parts["[Content_Types].xml"]!, as: UTF8.self)
        for path in parts.keys where !path.hasSuffix(".rels") && path != "[Content_Types].xml" {
            XCTAssertTrue(types.contains("PartName=\"/\(path)\""), "\(path) has no content type")
        }
        for (rels, base) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
            for r in tree(parts[rels]!).all("Relationship") {
                XCTAssertNotNil(parts[base + r.attributes["Target"]!], "\(rels) points at a missing part")
            }
        }
        XCTAssertEqual(tree(parts["docProps/core.xml"]!).first("dc:title")?.text, "Biên bản kiểm tra")
    }

    func testStylesSetTheDocumentFontSizeAndVietnamese() throws {
        var doc = visitRecord
        doc.font = "Times New Roman"; doc.fontSize = 13.5
        let styles = tree(try XCTUnwrap(try unzip(doc)["word/styles.xml"]))
        let defaults = try XCTUnwrap(styles.first("w:rPrDefault"))
        let fonts = try XCTUnwrap(defaults.first("w:rFonts")).attributes
        for script in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] { XCTAssertEqual(fonts[script], "Times New Roman") }
        XCTAssertEqual(defaults.first("w:sz")?.attributes["w:val"], "27", "half-points")
        XCTAssertEqual(defaults.first("w:lang")?.attributes["w:val"], "vi-VN")
    }

    func testA4WithDecree30Margins() throws {
        let section = try XCTUnwrap(try body([.paragraph(DocxParagraph("x"))]).child("w:sectPr"))
        XCTAssertEqual(section.first("w:pgSz")?.attributes["w:w"], "11906")
        XCTAssertEqual(section.first("w:pgSz")?.attributes["w:h"], "16838")
        let margins = try XCTUnwrap(section.first("w:pgMar")).attributes
        XCTAssertEqual(margins["w:top"], "1134")
        XCTAssertEqual(margins["w:bottom"], "1134")
        XCTAssertEqual(margins["w:left"], "1701")
        XCTAssertEqual(margins["w:right"], "850")
    }

    func testTheSameDocumentGivesTheSameBytes() throws {
        XCTAssertEqual(try visitRecord.data(), try visitRecord.data())
    }

    // MARK: Text

    func testVietnameseTextSurvivesAsNFC() throws {
        // Typed with combining marks, as some keyboards and old files give it.
        let decomposed = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc", "Phường Đống Đa"]
            .map(\.decomposedStringWithCanonicalMapping)
        let xml = Data(try documentXML(decomposed.map { .paragraph(DocxParagraph($0)) }).utf8)
        for text in decomposed {
            let nfc = Data(text.precomposedStringWithCanonicalMapping.utf8)
            XCTAssertNotEqual(nfc, Data(text.utf8))
            XCTAssertNotNil(xml.range(of: nfc), "\(text) not found as NFC bytes")
            XCTAssertNil(xml.range(of: Data(text.utf8)), "\(text) kept its combining marks")
        }
        // And the visit record's own text, byte for byte.
        let record = Data(try XCTUnwrap(try unzip(visitRecord)["word/document.xml"]))
        for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Phường Đống Đa", "UBND PHƯỜNG ĐỐNG ĐA"] {
            XCTAssertNotNil(record.range(of: Data(text.precomposedStringWithCanonicalMapping.utf8)), text)
        }
    }

    func testSpecialCharactersAreEscapedAndControlCharactersDropped() throws {
        let xml = try documentXML([.paragraph(DocxParagraph("Karaoke \"Sao\" & 'Trăng' <VIP> x\u{01}y\u{0B}z\u{1B}\u{FFFF}!"))])
        XCTAssertTrue(xml.contains("Karaoke &quot;Sao&quot; &amp; &apos;Trăng&apos; &lt;VIP&gt; xyz!"), xml)
        let text = try body([.paragraph(DocxParagraph("a & b <c>\u{07}"))]).first("w:t")?.text
        XCTAssertEqual(text, "a & b <c>")
        // Also in the file's properties.
        let core = tree(try XCTUnwrap(try unzip(DocxDocument(title: "A & B <\u{01}>"))["docProps/core.xml"]))
        XCTAssertEqual(core.first("dc:title")?.text, "A & B <>")
    }

    func testLineBreaksTabsAndSpaces() throws {
        let xml = try documentXML([.paragraph(DocxParagraph("dòng 1\ndòng 2\r\ndòng 3\tcột\n"))])
        XCTAssertTrue(xml.contains(#"<w:t xml:space="preserve">dòng 1</w:t><w:br/><w:t xml:space="preserve">dòng 2</w:t><w:br/>"#
            + #"<w:t xml:space="preserve">dòng 3</w:t><w:tab/><w:t xml:space="preserve">cột</w:t><w:br/></w:r>"#), xml)
        let spaced = try body([.paragraph(DocxParagraph("  hai khoảng trắng  "))]).first("w:t")
        XCTAssertEqual(spaced?.text, "  hai khoảng trắng  ")
        XCTAssertEqual(spaced?.attributes["xml:space"], "preserve")
    }

    func testRunAndParagraphFormatting() throws {
        let p = try XCTUnwrap(try body([.paragraph(DocxParagraph(
            runs: [DocxRun("đậm", bold: true), DocxRun("nghiêng", italic: true, underline: true, size: 14)],
            alignment: .justify, firstLineIndent: 10, spaceBefore: 6, spaceAfter: 12, lineSpacing: 1.5, keepWithNext: true))]).first("w:p"))
        let pPr = try XCTUnwrap(p.child("w:pPr"))
        XCTAssertEqual(pPr.child("w:jc")?.attributes["w:val"], "both")
        XCTAssertEqual(pPr.child("w:ind")?.attributes["w:firstLine"], "567", "10 mm")
        XCTAssertEqual(pPr.child("w:spacing")?.attributes["w:before"], "120")
        XCTAssertEqual(pPr.child("w:spacing")?.attributes["w:after"], "240")
        XCTAssertEqual(pPr.child("w:spacing")?.attributes["w:line"], "360")
        XCTAssertNotNil(pPr.child("w:keepNext"))
        let runs = p.children.filter { $0.name == "w:r" }
        XCTAssertEqual(runs.count, 2)
        XCTAssertNotNil(runs[0].first("w:b"))
        XCTAssertNil(runs[0].first("w:i"))
        XCTAssertNotNil(runs[1].first("w:i"))
        XCTAssertEqual(runs[1].first("w:u")?.attributes["w:val"], "single")
        XCTAssertEqual(runs[1].first("w:sz")?.attributes["w:val"], "28")
    }

    // MARK: Tables

    func testTableWidthsAddUpToTheTextWidth() throws {
        let tables = try body(visitRecord.blocks).all("w:tbl")
        XCTAssertEqual(tables.count, 3)
        for table in tables {
            let grid = table.all("w:gridCol").compactMap { $0.attributes["w:w"].flatMap(Int.init) }
            XCTAssertEqual(grid.reduce(0, +), textWidth)
            XCTAssertEqual(table.first("w:tblW")?.attributes["w:w"], "\(textWidth)")
            XCTAssertEqual(table.first("w:tblLayout")?.attributes["w:type"], "fixed")
            for row in table.all("w:tr") {
                let cells = row.children.filter { $0.name == "w:tc" }
                XCTAssertEqual(cells.compactMap { $0.first("w:tcW")?.attributes["w:w"].flatMap(Int.init) }.reduce(0, +), textWidth)
            }
        }
        let ruled = tables[1].all("w:gridCol").compactMap { $0.attributes["w:w"].flatMap(Int.init) }
        XCTAssertEqual(ruled.count, 3)
        for (width, weight) in zip(ruled, [1.0, 6, 2]) { XCTAssertEqual(Double(width), Double(textWidth) * weight / 9, accuracy: 1) }
        // Awkward weights still add up exactly.
        for weights in [[1.0, 1, 1], [0.3, 0.3, 0.4], [7, 3, 0, -2, .nan], [1, 2, 3, 4, 5, 6, 7]] {
            let widths = DocxTable(rows: [], columnWidths: weights).columnTwips(total: textWidth)
            XCTAssertEqual(widths.reduce(0, +), textWidth, "\(weights)")
            XCTAssertTrue(widths.allSatisfy { $0 > 0 }, "\(weights)")
        }
    }

    func testSpansHeadersShadingAndBorders() throws {
        let tables = try body(visitRecord.blocks).all("w:tbl")
        let ruled = tables[1]
        let rows = ruled.all("w:tr")
        XCTAssertNotNil(rows[0].first("w:tblHeader"), "the header row repeats on each page")
        XCTAssertNil(rows[1].first("w:tblHeader"))
        XCTAssertEqual(rows[0].all("w:shd").map { $0.attributes["w:fill"] }, ["D9D9D9", "D9D9D9", "D9D9D9"])
        XCTAssertNil(rows[1].first("w:shd"))
        let spanning = try XCTUnwrap(rows[2].first("w:tc"))
        XCTAssertEqual(spanning.first("w:gridSpan")?.attributes["w:val"], "3")
        XCTAssertEqual(spanning.first("w:tcW")?.attributes["w:w"], "\(textWidth)")
        XCTAssertEqual(ruled.first("w:tblBorders")?.children.map { $0.attributes["w:val"] }, Array(repeating: "single", count: 6))
        XCTAssertEqual(tables[0].first("w:tblBorders")?.children.map { $0.attributes["w:val"] }, Array(repeating: "nil", count: 6))
    }

    func testRowsAreFilledAndCellsNeverEmpty() throws {
        let table = try XCTUnwrap(try body([.table(DocxTable(rows: [
            [DocxCell("a"), DocxCell("b"), DocxCell("c")],
            [DocxCell("chỉ một ô")],
            [DocxCell(paragraphs: [])],
        ]))]).first("w:tbl"))
        for row in table.all("w:tr") {
            let cells = row.children.filter { $0.name == "w:tc" }
            XCTAssertEqual(cells.count, 3)
            for cell in cells { XCTAssertFalse(cell.all("w:p").isEmpty, "Word wants a paragraph in every cell") }
        }
    }

    func testBodyStructureKeepsWordHappy() throws {
        let t = DocxBlock.table(DocxTable(rows: [[DocxCell("x")]]))
        func shape(_ blocks: [DocxBlock]) throws -> [String] {
            try body(blocks).children.map(\.name).filter { $0 != "w:sectPr" }
        }
        // Touching tables would be merged into one by Word; a document never ends on a table.
        XCTAssertEqual(try shape([t, t]), ["w:tbl", "w:p", "w:tbl", "w:p"])
        XCTAssertEqual(try shape([]), ["w:p"])
        // A table with no rows is not allowed, so it is left out.
        XCTAssertEqual(try shape([.paragraph(DocxParagraph("a")), .table(DocxTable(rows: []))]), ["w:p"])
        // A page break becomes "page break before" on the next paragraph, or a break of its own before a table.
        let broken = try body([.paragraph(DocxParagraph("1")), .pageBreak, .paragraph(DocxParagraph("2")), .pageBreak, t])
        let paragraphs = broken.children.filter { $0.name == "w:p" }
        XCTAssertNil(paragraphs[0].first("w:pageBreakBefore"))
        XCTAssertNotNil(paragraphs[1].first("w:pageBreakBefore"))
        XCTAssertEqual(paragraphs[2].first("w:br")?.attributes["w:type"], "page")
        XCTAssertEqual(broken.children.map(\.name), ["w:p", "w:p", "w:p", "w:tbl", "w:p", "w:sectPr"])
    }
}
