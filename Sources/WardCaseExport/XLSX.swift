import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WardCaseCore
import ZIPFoundation

/// Errors reading a spreadsheet, said plainly.
public enum SpreadsheetError: Error, Equatable, Sendable {
    case notAnXLSX(String)
    case noSuchSheet(String, available: [String])
}

/// Reads the cells of one sheet of an XLSX workbook, and writes simple one-sheet workbooks.
public enum XLSX {
    // MARK: Reading

    /// The first sheet, or the one named `sheet`.
    public static func read(_ data: Data, sheet: String? = nil) throws -> Grid {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw SpreadsheetError.notAnXLSX("not a zip file") }
        func entry(_ path: String) throws -> Data? {
            guard let e = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(e, skipCRC32: false) { out.append($0) }
            return out
        }
        guard let workbook = try entry("xl/workbook.xml") else { throw SpreadsheetError.notAnXLSX("no xl/workbook.xml") }
        let sheets = SheetList.parse(workbook)
        let rels = try entry("xl/_rels/workbook.xml.rels").map(Relationships.parse) ?? [:]
        let chosen: (name: String, rid: String)
        if let sheet {
            guard let s = sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw SpreadsheetError.noSuchSheet(sheet, available: sheets.map(\.name))
            }
            chosen = s
        } else {
            guard let s = sheets.first else { throw SpreadsheetError.notAnXLSX("no sheet") }
            chosen = s
        }
        var target = rels[chosen.rid] ?? "worksheets/sheet1.xml"
        if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
        guard let sheetData = try entry(target) else { throw SpreadsheetError.notAnXLSX("no \(target)") }
        let shared = try entry("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let dateStyles = try entry("xl/styles.xml").map(Styles.dateStyleIndexes) ?? []
        let date1904 = String(decoding: workbook, as: UTF8.self).contains("date1904=\"1\"")
        return SheetReader.parse(sheetData, shared: shared, dateStyles: dateStyles, date1904: date1904)
    }

    /// Sheet names and their relationship ids, in workbook order.
    final class SheetList: NSObject, XMLParserDelegate {
        var sheets: [(name: String, rid: String)] = []
        static func parse(_ data: Data) -> [(name: String, rid: String)] {
            let d = SheetList(); let p = XMLParser(data: data); p.delegate = d; _ = p.parse(); return d.sheets
        }
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
        static func parse(_ data: Data) -> [String: String] {
            let d = Relationships(); let p = XMLParser(data: data); p.delegate = d; _ = p.parse(); return d.map
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { map[id] = target }
        }
    }

    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        private var current = ""
        private var inText = false
        static func parse(_ data: Data) -> [String] {
            let d = SharedStrings(); let p = XMLParser(data: data); p.delegate = d; _ = p.parse(); return d.strings
        }
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
        static func dateStyleIndexes(_ data: Data) -> Set<Int> {
            let d = Styles(); let p = XMLParser(data: data); p.delegate = d; _ = p.parse()
            let builtIn: Set<Int> = Set(14...22).union(45...47)
            return Set(d.xfFormats.enumerated().filter { builtIn.contains($0.element) || d.customDateFormats.contains($0.element) }.map(\.offset))
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
        private var rowIndex = 0
        private var col = 0, type = "", style = 0, value = "", inValue = false, inInline = false

        init(shared: [String], dateStyles: Set<Int>, date1904: Bool) {
            self.shared = shared; self.dateStyles = dateStyles; self.date1904 = date1904
        }

        static func parse(_ data: Data, shared: [String], dateStyles: Set<Int>, date1904: Bool) -> Grid {
            let d = SheetReader(shared: shared, dateStyles: dateStyles, date1904: date1904)
            let p = XMLParser(data: data); p.delegate = d; _ = p.parse()
            let last = d.rows.keys.max() ?? -1
            guard last >= 0 else { return Grid(rows: []) }
            return Grid(rows: (0...last).map { r in
                let cells = d.rows[r] ?? [:]
                let width = (cells.keys.max() ?? -1) + 1
                return (0..<width).map { cells[$0] ?? .empty }
            })
        }

        /// "C12" -> column 2 (0-based), row 11.
        static func position(_ ref: String) -> (col: Int, row: Int)? {
            var col = 0, digits = ""
            for ch in ref.uppercased() {
                if let a = ch.asciiValue, ch.isLetter { col = col * 26 + Int(a - 64) } else { digits.append(ch) }
            }
            guard col > 0, let row = Int(digits) else { return nil }
            return (col - 1, row - 1)
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "row": rowIndex = attributes["r"].flatMap(Int.init).map { $0 - 1 } ?? rowIndex
            case "c":
                let pos = attributes["r"].flatMap(SheetReader.position)
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
                rows[rowIndex, default: [:]][col] = cell()
                col += 1
            case "row": rowIndex += 1; col = 0
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

    /// A one-sheet workbook: a bold header row, then the rows; dates as real date cells.
    public static func write(sheetName: String, header: [String], rows: [[Grid.Cell]]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            </Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(escape(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
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
        let all: [[Grid.Cell]] = [header.map { .text($0) }] + rows
        // Columns as wide as their longest value (within reason), so the sheet reads at once;
        // the header row stays in view while scrolling.
        let widths = (0..<(all.map(\.count).max() ?? 0)).map { c in
            min(45, max(8, all.map { c < $0.count ? $0[c].text.count : 0 }.max() ?? 0) + 2)
        }
        var sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>\(widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined())</cols>\
            <sheetData>
            """
        for (r, row) in all.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let s = r == 0 ? " s=\"1\"" : ""
                switch cell {
                case .empty: continue
                case .text(let t): sheet += "<c r=\"\(ref)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
                case .number(let n): sheet += "<c r=\"\(ref)\"\(s)><v>\(Grid.Cell.number(n).text)</v></c>"
                case .date(let y, let m, let d):
                    if let day = Formats.Day(year: y, month: m, day: d) {
                        sheet += "<c r=\"\(ref)\" s=\"2\"><v>\(day.excelSerial)</v></c>"
                    }
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        try add("xl/worksheets/sheet1.xml", sheet)
        guard let data = archive.data else { throw SpreadsheetError.notAnXLSX("could not build the workbook") }
        return data
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
