import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WardCaseCore
import ZIPFoundation

/// Errors writing a spreadsheet (reading says `SpreadsheetProblem`).
public enum SpreadsheetError: Error, Equatable, Sendable {
    case cannotWrite(String)
}

/// Reads the cells of one sheet of an XLSX workbook, and writes simple workbooks: one sheet or
/// several, a sheet optionally with a native chart over its rows.
public enum XLSX {
    // MARK: Reading

    /// The first sheet, or the one named `sheet`. A damaged workbook throws a `SpreadsheetProblem`;
    /// nothing in it can crash or hang the reader (see ZipReader and `parse`).
    public static func read(_ data: Data, sheet: String? = nil) throws -> Grid {
        let archive: ZipReader
        do { archive = try ZipReader(data) } catch ZipReader.Problem.tooLarge { throw SpreadsheetProblem.tooLarge } catch {
            throw SpreadsheetProblem.damaged
        }
        func entry(_ path: String) throws -> Data? {
            do { return try archive.read(path) } catch ZipReader.Problem.tooLarge {
                throw SpreadsheetProblem.tooLarge
            } catch { throw SpreadsheetProblem.damaged }
        }
        guard let workbook = try entry("xl/workbook.xml") else { throw SpreadsheetProblem.notAWorkbook }
        let sheets = try parse(workbook, SheetList()).sheets
        let rels = try entry("xl/_rels/workbook.xml.rels").map { try parse($0, Relationships()).map } ?? [:]
        let chosen: (name: String, rid: String)
        if let sheet {
            guard let s = sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw SpreadsheetProblem.noSuchSheet(sheet, available: sheets.map(\.name))
            }
            chosen = s
        } else {
            guard let s = sheets.first else { throw SpreadsheetProblem.notAWorkbook }
            chosen = s
        }
        var target = rels[chosen.rid] ?? "worksheets/sheet1.xml"
        if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
        guard let sheetData = try entry(target) else { throw SpreadsheetProblem.damaged }
        let shared = try entry("xl/sharedStrings.xml").map { try parse($0, SharedStrings()).strings } ?? []
        let dateStyles = try entry("xl/styles.xml").map { try parse($0, Styles()).dateStyleIndexes } ?? []
        let date1904 = String(decoding: workbook, as: UTF8.self).contains("date1904=\"1\"")
        return try parse(sheetData, SheetReader(shared: shared, dateStyles: dateStyles, date1904: date1904)).grid()
    }

    /// One XML part through `delegate`, which is returned. The part must be UTF-8 without a DOCTYPE
    /// or processing instructions beyond the XML declaration: none of that is in a real workbook,
    /// and Foundation's XMLParser on Linux crashes on invalid UTF-8 names and on some processing
    /// instructions (found by the torture tests). XML that does not parse is a damaged part: a
    /// sheet cut short must not import half its rows without a word.
    static func parse<D: XMLParserDelegate>(_ data: Data, _ delegate: D) throws -> D {
        guard String(validating: data, as: UTF8.self) != nil else { throw SpreadsheetProblem.damaged }
        var body = data[...]
        let declaration = Data("<?xml ".utf8)
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: declaration), let close = body.firstRange(of: Data("?>".utf8)) { body = body[close.upperBound...] }
        if body.firstRange(of: Data("<?".utf8)) != nil || body.firstRange(of: Data("<!DOCTYPE".utf8)) != nil {
            throw SpreadsheetProblem.damaged
        }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        let parsed = parser.parse()
        // A sheet that stopped itself at the cell cap is too large, not damaged.
        if (delegate as? SheetReader)?.overCap == true { throw SpreadsheetProblem.tooLarge }
        guard parsed, parser.parserError == nil else { throw SpreadsheetProblem.damaged }
        return delegate
    }

    /// Sheet names and their relationship ids, in workbook order.
    final class SheetList: NSObject, XMLParserDelegate {
        var sheets: [(name: String, rid: String)] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if name == "sheet" || name.hasSuffix(":sheet") {
                let rid = attributes.first { $0.key.hasSuffix(":id") || $0.key == "r:id" }?.value ?? ""
                sheets.append((attributes["name"] ?? "", rid))
            }
        }
    }

    final class Relationships: NSObject, XMLParserDelegate {
        var map: [String: String] = [:]
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { map[id] = target }
        }
    }

    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        private var current = ""
        private var inText = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if name == "si" { current = "" }
            if name == "t" { inText = true }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false }
            if name == "si" { strings.append(current) }
        }
    }

    /// Which cell styles (indexes into cellXfs) show a date: the built-in date formats and any
    /// custom format whose code has day/month/year parts.
    final class Styles: NSObject, XMLParserDelegate {
        private var customDateFormats: Set<Int> = []
        private var inCellXfs = false
        private var xfFormats: [Int] = []
        var dateStyleIndexes: Set<Int> {
            let builtIn: Set<Int> = Set(14...22).union(45...47)
            return Set(xfFormats.enumerated().filter { builtIn.contains($0.element) || customDateFormats.contains($0.element) }.map(\.offset))
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"]?.lowercased() {
                    let stripped = code.replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
                    if stripped.contains("d") && stripped.contains("y") || stripped.contains("m") && stripped.contains("y") {
                        customDateFormats.insert(id)
                    }
                }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "cellXfs" { inCellXfs = false }
        }
    }

    final class SheetReader: NSObject, XMLParserDelegate {
        private let shared: [String], dateStyles: Set<Int>, date1904: Bool
        private var rows: [Int: [Int: Grid.Cell]] = [:]
        private var cellCount = 0
        /// Set when the sheet held more than `maxCells` cells: parsing stopped there.
        private(set) var overCap = false
        private var rowIndex = 0
        private var col = 0, type = "", style = 0, value = "", inValue = false, inInline = false, outside = false

        init(shared: [String], dateStyles: Set<Int>, date1904: Bool) {
            self.shared = shared; self.dateStyles = dateStyles; self.date1904 = date1904
        }

        /// The cells read, as rows. Cells beyond what Excel allows (1,048,576 rows × 16,384
        /// columns) are in no real sheet and were left out; a grid of more than `maxCells` is
        /// more than an import takes at once.
        func grid() throws -> Grid {
            let last = rows.keys.max() ?? -1
            guard last >= 0 else { return Grid(rows: []) }
            let widths = (0...last).map { r in (rows[r]?.keys.max() ?? -1) + 1 }
            guard widths.reduce(0, +) <= Self.maxCells else { throw SpreadsheetProblem.tooLarge }
            return Grid(rows: (0...last).map { r in
                let cells = rows[r] ?? [:]
                return (0..<widths[r]).map { cells[$0] ?? .empty }
            })
        }

        static let maxCells = 2_000_000
        static let maxRows = 1_048_576, maxColumns = 16_384

        /// "C12" -> column 2 (0-based), row 11; nil for anything else or beyond Excel's sheet size.
        static func position(_ ref: String) -> (col: Int, row: Int)? {
            var col = 0, row = 0, digits = 0
            for ch in ref.utf8 {
                switch ch {
                case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0: col = col * 26 + Int(ch) - 64
                case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0: col = col * 26 + Int(ch) - 96
                case UInt8(ascii: "0")...UInt8(ascii: "9"): row = row * 10 + Int(ch) - 48; digits += 1
                default: return nil
                }
                if col > maxColumns || row > maxRows { return nil }
            }
            guard col > 0, row > 0 else { return nil }
            return (col - 1, row - 1)
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "row": rowIndex = attributes["r"].flatMap(Int.init).map { min(max($0, 0), Self.maxRows) - 1 } ?? rowIndex
            case "c":
                // A reference beyond any sheet leaves the cell out; a cell without one follows the last.
                let ref = attributes["r"]
                let pos = ref.flatMap(SheetReader.position)
                outside = ref != nil && pos == nil
                col = pos?.col ?? col
                if let r = pos?.row { rowIndex = r }
                type = attributes["t"] ?? ""
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
            case "v": inValue = true
            case "is": inInline = true
            case "t" where inInline: inValue = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": inValue = false
            case "is": inInline = false
            case "c":
                if !outside, (0..<Self.maxRows).contains(rowIndex), (0..<Self.maxColumns).contains(col) {
                    rows[rowIndex, default: [:]][col] = cell()
                    col += 1
                    // The cap holds while reading, not after: a huge sheet never fills memory.
                    cellCount += 1
                    if cellCount > Self.maxCells { overCap = true; parser.abortParsing() }
                }
            case "row": rowIndex = min(rowIndex + 1, Self.maxRows); col = 0
            default: break
            }
        }

        private func cell() -> Grid.Cell {
            if value.isEmpty { return .empty }
            switch type {
            case "s": return Int(value).flatMap { shared.indices.contains($0) ? .text(shared[$0]) : nil } ?? .empty
            case "inlineStr", "str": return .text(value)
            case "b": return .text(value == "1" ? "TRUE" : "FALSE")
            case "d":
                let parts = value.prefix(10).split(separator: "-").compactMap { Int($0) }
                return parts.count == 3 ? .date(parts[0], parts[1], parts[2]) : .text(value)
            default:
                guard let n = Double(value) else { return .text(value) }
                if dateStyles.contains(style), abs(n) < 3_000_000,
                   let day = Formats.Day(excelSerial: Int(n.rounded(.down)) + (date1904 ? 1462 : 0)) {
                    return .date(day.year, day.month, day.day)
                }
                return .number(n)
            }
        }
    }

    // MARK: Writing

    /// One sheet to write: a bold header row, then the rows; optionally a chart over its columns.
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[Grid.Cell]]
        public var chart: Chart?
        public init(name: String, header: [String], rows: [[Grid.Cell]], chart: Chart? = nil) {
            self.name = name; self.header = header; self.rows = rows; self.chart = chart
        }
    }

    /// A native chart (a DrawingML chart part, which spreadsheets open as a chart they can edit)
    /// over the sheet's own rows: one series per value column, named by its header cell, with
    /// the category labels from another column.
    public struct Chart: Sendable {
        public enum Kind: Sendable { case clusteredColumn, line }
        /// Where the chart sits, in 0-based cells: from the top-left corner of `from` to the
        /// top-left corner of `to`.
        public struct Anchor: Sendable, Equatable {
            public var fromColumn: Int, fromRow: Int, toColumn: Int, toRow: Int
            public init(fromColumn: Int, fromRow: Int, toColumn: Int, toRow: Int) {
                self.fromColumn = fromColumn; self.fromRow = fromRow; self.toColumn = toColumn; self.toRow = toRow
            }
        }
        public var kind: Kind
        public var title: String
        /// 0-based column holding the category labels (the x axis).
        public var categoryColumn: Int
        /// 0-based columns, one series each.
        public var seriesColumns: [Int]
        /// Nil: to the right of the data, one column apart, 10 columns wide and 20 rows high.
        public var anchor: Anchor?
        public init(kind: Kind = .clusteredColumn, title: String, categoryColumn: Int, seriesColumns: [Int], anchor: Anchor? = nil) {
            self.kind = kind; self.title = title; self.categoryColumn = categoryColumn
            self.seriesColumns = seriesColumns; self.anchor = anchor
        }
    }

    /// A one-sheet workbook: a bold header row, then the rows; dates as real date cells.
    public static func write(sheetName: String, header: [String], rows: [[Grid.Cell]]) throws -> Data {
        try write(sheets: [Sheet(name: sheetName, header: header, rows: rows)])
    }

    /// A workbook of several sheets, in order; a sheet with a chart gets its drawing and chart parts.
    public static func write(sheets: [Sheet]) throws -> Data {
        guard !sheets.isEmpty else { throw SpreadsheetError.cannotWrite("a workbook needs a sheet") }
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        let names = sheetNames(sheets.map(\.name))
        // The n-th sheet with a chart gets drawing n and chart n.
        var chartNumber: [Int: Int] = [:]
        for (i, sheet) in sheets.enumerated() where sheet.chart != nil && !sheet.rows.isEmpty {
            chartNumber[i] = chartNumber.count + 1
        }
        let relsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var overrides = "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(sml).sheet.main+xml\"/>"
        for i in sheets.indices {
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"\(sml).worksheet+xml\"/>"
        }
        for n in chartNumber.values.sorted() {
            overrides += "<Override PartName=\"/xl/drawings/drawing\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>"
            overrides += "<Override PartName=\"/xl/charts/chart\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
        }
        overrides += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(sml).styles+xml\"/>"
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            \(overrides)</Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relsType)/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        let sheetElements = names.enumerated().map {
            "<sheet name=\"\(escape($0.element))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
        }.joined()
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="\(relsType)">\
            <sheets>\(sheetElements)</sheets></workbook>
            """)
        let sheetRels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relsType)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheetRels)\
            <Relationship Id="rId\(sheets.count + 1)" Type="\(relsType)/styles" Target="styles.xml"/>\
            </Relationships>
            """)
        // Style 1: bold header; style 2: dd/mm/yyyy dates.
        try add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
            </styleSheet>
            """)
        for (i, sheet) in sheets.enumerated() {
            let n = chartNumber[i]
            try add("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet, drawing: n != nil))
            guard let n, let chart = sheet.chart else { continue }
            try add("xl/worksheets/_rels/sheet\(i + 1).xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relsType)/drawing" Target="../drawings/drawing\(n).xml"/>\
                </Relationships>
                """)
            let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
            let anchor = chart.anchor ?? Chart.Anchor(fromColumn: width + 1, fromRow: 1, toColumn: width + 11, toRow: 21)
            try add("xl/drawings/drawing\(n).xml", drawingXML(anchor: anchor, number: n, title: chart.title))
            try add("xl/drawings/_rels/drawing\(n).xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relsType)/chart" Target="../charts/chart\(n).xml"/>\
                </Relationships>
                """)
            try add("xl/charts/chart\(n).xml", chartXML(chart, sheet: sheet, sheetName: names[i]))
        }
        guard let data = archive.data else { throw SpreadsheetError.cannotWrite("could not build the workbook") }
        return data
    }

    /// Names spreadsheets accept: no []:*?/\, at most 31 characters, not blank, unique
    /// (case-insensitively) within the workbook.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.enumerated().map { i, name in
            var base = String(name.map { "[]:*?/\\".contains($0) ? " " : $0 }).trimmingCharacters(in: .whitespaces)
            if base.hasPrefix("'") || base.hasSuffix("'") { base = base.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            if base.isEmpty { base = "Sheet\(i + 1)" }
            var candidate = String(base.prefix(31)), k = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(k))"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// A sheet name as formulas and chart references write it: always quoted, quotes doubled,
    /// so names with spaces or Vietnamese letters work ('Xu hướng'!$B$2:$B$13).
    static func quotedSheetName(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `'Sheet'!$B$2:$B$13`, for 0-based column and 1-based rows.
    static func absoluteRange(_ sheetName: String, column c: Int, rows: ClosedRange<Int>) -> String {
        let col = column(c)
        let first = "$\(col)$\(rows.lowerBound)"
        return quotedSheetName(sheetName) + "!" + (rows.count == 1 ? first : first + ":$\(col)$\(rows.upperBound)")
    }

    static func worksheet(_ sheet: Sheet, drawing: Bool) -> String {
        let all: [[Grid.Cell]] = [sheet.header.map { .text($0) }] + sheet.rows
        // Columns as wide as their longest value (within reason), so the sheet reads at once;
        // the header row stays in view while scrolling.
        let widths = (0..<(all.map(\.count).max() ?? 0)).map { c in
            min(45, max(8, all.map { c < $0.count ? $0[c].text.count : 0 }.max() ?? 0) + 2)
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            \(drawing ? "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" : "")\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            \(widths.isEmpty ? "" : "<cols>\(widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined())</cols>")\
            <sheetData>
            """
        for (r, row) in all.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let s = r == 0 ? " s=\"1\"" : ""
                switch cell {
                case .empty: continue
                case .text(let t): xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
                case .number(let n): xml += "<c r=\"\(ref)\"\(s)><v>\(Grid.Cell.number(n).text)</v></c>"
                case .date(let y, let m, let d):
                    if let day = Formats.Day(year: y, month: m, day: d) {
                        xml += "<c r=\"\(ref)\" s=\"2\"><v>\(day.excelSerial)</v></c>"
                    }
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if drawing {
            // Printed (and turned into PDF) on one A4 landscape page wide, so the table and the
            // chart beside it are not cut apart.
            xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                + "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
                + "<drawing r:id=\"rId1\"/>"
        }
        return xml + "</worksheet>"
    }

    static func drawingXML(anchor: Chart.Anchor, number n: Int, title: String) -> String {
        func corner(_ tag: String, _ col: Int, _ row: Int) -> String {
            "<xdr:\(tag)><xdr:col>\(col)</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>\(row)</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:\(tag)>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">\
            <xdr:twoCellAnchor editAs="oneCell">\
            \(corner("from", anchor.fromColumn, anchor.fromRow))\(corner("to", anchor.toColumn, anchor.toRow))\
            <xdr:graphicFrame macro="">\
            <xdr:nvGraphicFramePr><xdr:cNvPr id="\(n + 1)" name="Chart \(n)" descr="\(escape(title))"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>\
            <xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">\
            <c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>\
            </a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>
            """
    }

    /// Series colours, in order: blue, red, green, orange, purple, teal.
    static let seriesColours = ["2E75B6", "C00000", "70AD47", "ED7D31", "7030A0", "00A3A3"]

    static func chartXML(_ chart: Chart, sheet: Sheet, sheetName: String) -> String {
        let dataRows = 2...(sheet.rows.count + 1)
        func cell(_ r: Int, _ c: Int) -> Grid.Cell { c < sheet.rows[r].count ? sheet.rows[r][c] : .empty }
        func headerText(_ c: Int) -> String { c < sheet.header.count ? sheet.header[c] : "" }
        // Caches, so a viewer draws the chart before (or without) recalculating.
        let categoryPoints = sheet.rows.indices.map { r in
            "<c:pt idx=\"\(r)\"><c:v>\(escape(cell(r, chart.categoryColumn).text))</c:v></c:pt>"
        }.joined()
        let categories = "<c:cat><c:strRef><c:f>\(escape(absoluteRange(sheetName, column: chart.categoryColumn, rows: dataRows)))</c:f>"
            + "<c:strCache><c:ptCount val=\"\(sheet.rows.count)\"/>\(categoryPoints)</c:strCache></c:strRef></c:cat>"
        let line = chart.kind == .line
        let series = chart.seriesColumns.enumerated().map { i, c -> String in
            let colour = seriesColours[i % seriesColours.count]
            let points = sheet.rows.indices.compactMap { r -> String? in
                guard case .number(let n) = cell(r, c) else { return nil }
                return "<c:pt idx=\"\(r)\"><c:v>\(Grid.Cell.number(n).text)</c:v></c:pt>"
            }.joined()
            let shape = line
                ? "<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill><a:round/></a:ln></c:spPr>"
                    + "<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/><c:spPr><a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill></c:spPr></c:marker>"
                : "<c:spPr><a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
            return "<c:ser><c:idx val=\"\(i)\"/><c:order val=\"\(i)\"/>"
                + "<c:tx><c:strRef><c:f>\(escape(absoluteRange(sheetName, column: c, rows: 1...1)))</c:f>"
                + "<c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>\(escape(headerText(c)))</c:v></c:pt></c:strCache></c:strRef></c:tx>"
                + shape + categories
                + "<c:val><c:numRef><c:f>\(escape(absoluteRange(sheetName, column: c, rows: dataRows)))</c:f>"
                + "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"\(sheet.rows.count)\"/>\(points)</c:numCache></c:numRef></c:val>"
                + (line ? "<c:smooth val=\"0\"/>" : "")
                + "</c:ser>"
        }.joined()
        let axes = "<c:axId val=\"500000001\"/><c:axId val=\"500000002\"/>"
        let plot = line
            ? "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>\(series)<c:marker val=\"1\"/>\(axes)</c:lineChart>"
            : "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>\(series)"
                + "<c:gapWidth val=\"150\"/>\(axes)</c:barChart>"
        let text = "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"/></a:pPr><a:endParaRPr lang=\"vi-VN\"/></a:p></c:txPr>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <c:roundedCorners val="0"/><c:chart>\
            <c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>\
            <a:r><a:rPr lang="vi-VN" sz="1400" b="1"/><a:t>\(escape(chart.title))</a:t></a:r></a:p></c:rich></c:tx>\
            <c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>\
            <c:plotArea><c:layout/>\(plot)\
            <c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>\
            <c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>\
            <c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\(text)<c:crossAx val="500000002"/><c:crosses val="autoZero"/>\
            <c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>\
            <c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>\
            <c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>\
            <c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\(text)<c:crossAx val="500000001"/><c:crosses val="autoZero"/>\
            <c:crossBetween val="between"/></c:valAx></c:plotArea>\
            <c:legend><c:legendPos val="b"/><c:overlay val="0"/>\(text)</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>\
            </c:chart></c:chartSpace>
            """
    }

    /// 0 -> "A", 27 -> "AB".
    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// XML text, with characters XML 1.0 forbids dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
