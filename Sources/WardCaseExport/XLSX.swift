import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WardCaseCore

/// Errors writing a spreadsheet (reading says `SpreadsheetProblem`).
public enum SpreadsheetError: Error, Equatable, Sendable {
    case cannotWrite(String)
}

/// Reads the cells of one sheet of an XLSX workbook, and writes workbooks through libxlsxwriter
/// (XlsxWriter.swift): one sheet or several, a sheet optionally with a native chart over its rows.
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

    /// One sheet to write: title lines, a bold header row, then the rows; optionally a chart
    /// over its columns. Printed on A4, one page wide, the header repeated on every page.
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[Grid.Cell]]
        public var chart: Chart?
        /// Lines above the header, bold, the first larger (a report's title block).
        public var title: [String] = []
        /// Across the page (a wide list), or down it (a report).
        public var landscape = true
        /// A filter on the header row (lists).
        public var filter = true
        /// A grid of thin borders around the header and the rows (a report's table).
        public var bordered = false
        /// Rows (0-based, among `rows`) that name a section: bold, one cell.
        public var sectionRows: Set<Int> = []
        /// Printed at the top of every page (the ward, what the list is); the footer says "Trang N/M".
        public var pageHeading = ""
        /// A note under the table, across its width (how a combined figure is made).
        public var footnote = ""
        public init(name: String, header: [String], rows: [[Grid.Cell]], chart: Chart? = nil) {
            self.name = name; self.header = header; self.rows = rows; self.chart = chart
        }

        /// A list as every list is laid out (landscape, filtered), headed on paper by `heading`
        /// (the ward, the list, its days), or by its name without one.
        public static func list(_ name: String, header: [String], rows: [[Grid.Cell]] = [], heading: String?) -> Sheet {
            var sheet = Sheet(name: name, header: header, rows: rows)
            sheet.pageHeading = heading.flatMap { $0.isEmpty ? nil : $0 } ?? name
            return sheet
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

    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }
}
