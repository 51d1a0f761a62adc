import CXlsxWriter
import Foundation
import WardCaseCore

// Every XLSX wardcase writes, through libxlsxwriter in its constant-memory mode (rows are written
// in order and not kept), print-ready: A4, one page wide, the header row repeated on each page and
// frozen on screen, a filter on lists, columns as wide as their content, dates as date cells,
// money as `#,##0`, percentages as `0%`, Times New Roman in every cell, the page's heading at the
// top and "Trang N/M" at the foot. A text cell is always a string, never a formula.

extension XLSX {
    /// A one-sheet list: a bold header row, then the rows, headed on paper by `heading` (what the
    /// list is: its name, by default), every row written by libxlsxwriter itself. Lists are
    /// written by `ListStream`, whose streamed sheets are checked against this.
    public static func write(sheetName: String, header: [String], rows: [[Grid.Cell]], l: Localizer, heading: String? = nil) throws -> Data {
        try write(sheets: [Sheet.list(sheetName, header: header, rows: rows, heading: heading)], l: l)
    }

    /// A workbook of several sheets, in order, made whole in memory (reports: a few hundred rows).
    public static func write(sheets: [Sheet], l: Localizer) throws -> Data {
        guard !sheets.isEmpty else { throw SpreadsheetError.cannotWrite("a workbook needs a sheet") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let book = try Book(path: url.path, l: l)
        do {
            for sheet in sheets {
                let writer = try book.sheet(sheet)
                for (i, row) in sheet.rows.enumerated() { writer.add(row, section: sheet.sectionRows.contains(i)) }
                try writer.finish()
            }
        } catch {
            try? book.close()
            throw error
        }
        try book.close()
        return try Data(contentsOf: url)
    }

    /// A workbook written at `path` as its rows come, in libxlsxwriter's constant-memory mode:
    /// each row goes to disk when the next begins, so a year of visits takes no more memory than
    /// one row. The file is whole only once `close` returns.
    ///
    /// A book made `streaming` into a partial file (a list of any length) has its rows written by
    /// `SheetRowsXML` instead, deflated on a second thread as they come; libxlsxwriter writes the
    /// rest (styles, header row, print set-up, filter) around them, and `close` lays the rows into
    /// its sheets. A year of visits took 3.3 times the sqlite3 shell's CSV through libxlsxwriter
    /// alone (its XML through fprintf, then deflated after the last row).
    public final class Book {
        let book: UnsafeMutablePointer<lxw_workbook>
        let styles: CellFormats
        let footer: String
        private var names: [String] = []
        private var closed = false
        private let partial: PrivateFile.Partial?
        /// The streamed sheets by their part's name ("xl/worksheets/sheet1.xml").
        private var streamed: [String: SheetWriter] = [:]

        public convenience init(path: String, l: Localizer) throws { try self.init(path: path, partial: nil, l: l) }

        /// A workbook whose sheets' rows stream, written into `partial`.
        public convenience init(streamingInto partial: PrivateFile.Partial, l: Localizer) throws {
            try self.init(path: try partial.handOver(), partial: partial, l: l)
        }

        private init(path: String, partial: PrivateFile.Partial?, l: Localizer) throws {
            var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
            guard let book = workbook_new_opt(path, &options) else { throw SpreadsheetError.cannotWrite(path) }
            self.book = book
            self.partial = partial
            styles = CellFormats(book)
            footer = l.t(.xlsxPageFooter)
        }

        deinit { if !closed { workbook_close(book) } }

        /// A new sheet laid out as `layout` says (its rows are left out: they come through `add`),
        /// named as asked, made unique within the book.
        public func sheet(_ layout: Sheet) throws -> SheetWriter {
            let name = XLSX.sheetNames(names + [layout.name]).last ?? layout.name
            names.append(name)
            guard let ws = workbook_add_worksheet(book, name) else { throw SpreadsheetError.cannotWrite(name) }
            guard partial != nil else { return SheetWriter(book: self, ws: ws, name: name, layout: layout, rows: nil) }
            let writer = SheetWriter(book: self, ws: ws, name: name, layout: layout, rows: try SheetRowsXML())
            streamed["xl/worksheets/sheet\(names.count).xml"] = writer
            return writer
        }

        public func close() throws {
            guard !closed else { return }
            closed = true
            let result = workbook_close(book)
            guard result == LXW_NO_ERROR else { throw SpreadsheetError.cannotWrite(String(cString: lxw_strerror(result))) }
            guard let partial else { return }
            // The workbook libxlsxwriter wrote is a frame of a few kilobytes: its parts are
            // written again, each streamed sheet with its rows laid in.
            let frame: ZipReader
            do { frame = try ZipReader(Data(contentsOf: URL(fileURLWithPath: partial.partialPath))) } catch {
                throw SpreadsheetError.cannotWrite(partial.partialPath)
            }
            partial.fd = open(partial.partialPath, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC)
            guard partial.fd >= 0 else { throw partial.failed() }
            let zip = ZipWriter(into: partial)
            for (name, _) in frame.parts.sorted(by: { $0.value.localHeader < $1.value.localHeader }) {
                guard let part = try? frame.read(name) else { throw SpreadsheetError.cannotWrite(name) }
                if let sheet = streamed[name] {
                    try zip.add(name, try sheet.pieces(around: String(decoding: part, as: UTF8.self)))
                } else {
                    try zip.add(name, [.bytes([UInt8](part))])
                }
            }
            try zip.finish()
        }
    }

    /// One sheet being written: its title lines and header first, then each row as it comes;
    /// `finish` sets the columns as wide as what was written, and the print set-up.
    public final class SheetWriter {
        /// The most rows a sheet holds (Excel's limit).
        public static let maxRows: UInt32 = 1_048_576
        let owner: Book
        let ws: UnsafeMutablePointer<lxw_worksheet>
        let name: String
        let layout: Sheet
        let headerRow: UInt32
        private var r: UInt32
        private var widest: [Int]
        public private(set) var count = 0
        /// The rows' XML, when the book streams.
        private let rows: SheetRowsXML?

        init(book: Book, ws: UnsafeMutablePointer<lxw_worksheet>, name: String, layout: Sheet, rows: SheetRowsXML?) {
            owner = book; self.ws = ws; self.name = name; self.layout = layout; self.rows = rows
            let s = book.styles
            var r: UInt32 = 0
            for (i, line) in layout.title.enumerated() {
                worksheet_write_string(ws, r, 0, line, i == 0 ? s.title : s.subtitle)
                r += 1
            }
            if !layout.title.isEmpty { r += 1 }
            headerRow = r
            for (c, h) in layout.header.enumerated() { worksheet_write_string(ws, r, UInt16(c), h, layout.bordered ? s.boxed.header : s.header) }
            self.r = r + 1
            widest = Array(repeating: 0, count: layout.header.count)
        }

        /// Rows this sheet can still take.
        public var room: Int { Int(Self.maxRows - r) - (layout.footnote.isEmpty ? 0 : 2) }

        /// One row; `section`: it names a section, bold, in one cell.
        public func add(_ row: [Grid.Cell], section: Bool = false) {
            let s = owner.styles, boxed = layout.bordered
            let width = max(layout.header.count, 1)
            func put(_ cell: Grid.Cell, _ c: Int, _ format: UnsafeMutablePointer<lxw_format>?) {
                if let rows { rows.put(cell, c, format) } else { XLSX.put(cell, ws, r, UInt16(c), format) }
            }
            rows?.startRow(r)
            if section {
                put(.text(row.first?.text ?? ""), 0, boxed ? s.boxed.section : s.section)
                if boxed { for c in 1..<width { put(.empty, c, s.boxed.section) } }
            } else {
                if widest.count < row.count { widest += Array(repeating: 0, count: row.count - widest.count) }
                for c in 0..<max(row.count, boxed ? width : 0) {
                    let cell = c < row.count ? row[c] : .empty
                    put(cell, c, XLSX.format(of: cell, s, boxed: boxed))
                    if c < row.count { widest[c] = XLSX.widen(widest[c], to: cell) }
                }
            }
            rows?.endRow()
            r += 1
            count += 1
        }

        /// The streamed sheet's part: libxlsxwriter's `frame` of it (the header row, the print
        /// set-up) with the rows laid in after the header, and its extent set to them.
        func pieces(around frame: String) throws -> [ZipWriter.Piece] {
            guard let rows else { throw SpreadsheetError.cannotWrite(name) }
            try rows.finish()
            var head: String, tail: String
            if let end = frame.range(of: "</sheetData>") {
                head = String(frame[..<end.lowerBound]); tail = String(frame[end.lowerBound...])
            } else if let empty = frame.range(of: "<sheetData/>") {
                head = frame[..<empty.lowerBound] + "<sheetData>"; tail = "</sheetData>" + frame[empty.upperBound...]
            } else {
                throw SpreadsheetError.cannotWrite(name)
            }
            let last = XLSX.column(max(widest.count, layout.header.count, 1) - 1) + String(r)
            head = head.replacingOccurrences(of: #"<dimension ref="[A-Z0-9:]*"/>"#, with: "<dimension ref=\"A1:\(last)\"/>",
                                             options: .regularExpression)
            return [.bytes(Array(head.utf8)), .deflated(rows.file), .bytes(Array(tail.utf8))]
        }

        /// Columns as wide as their longest value in characters (Vietnamese letters count one
        /// each), at least 6 and at most 50, a longer header wrapping; then the footnote, the
        /// frozen header, the filter, A4 one page wide with the header on every page, the page's
        /// heading and "Trang N/M", and the chart.
        public func finish() throws {
            let s = owner.styles
            let widths = widest.enumerated().map { c, w in
                let header = c < layout.header.count ? layout.header[c].count : 0
                return Double(min(50, max(6, w, min(header, 18))) + 2)
            }
            for (c, w) in widths.enumerated() { worksheet_set_column(ws, UInt16(c), UInt16(c), w, nil) }
            let lastRow = r - 1
            // A streamed sheet's rows are not libxlsxwriter's: a footnote it wrote would come before them.
            if rows != nil && !layout.footnote.isEmpty { throw SpreadsheetError.cannotWrite(name) }
            if !layout.footnote.isEmpty {
                // Across the table, wrapped, in a row tall enough for its lines.
                r += 1
                let across = widths.reduce(0, +)
                let lines = (Double(layout.footnote.count) * 1.1 / max(across, 1)).rounded(.up)
                worksheet_set_row(ws, r, 15 * max(lines, 1), nil)
                worksheet_merge_range(ws, r, 0, r, UInt16(max(layout.header.count, 2) - 1), layout.footnote, s.note)
                r += 1
            }
            // On screen: the header stays in view. On paper: A4, one page wide, the header on every page.
            worksheet_freeze_panes(ws, headerRow + 1, 0)
            if layout.filter && count > 0 && !layout.header.isEmpty {
                worksheet_autofilter(ws, headerRow, 0, lastRow, UInt16(layout.header.count - 1))
            }
            worksheet_set_paper(ws, 9)
            if layout.landscape { worksheet_set_landscape(ws) } else { worksheet_set_portrait(ws) }
            worksheet_fit_to_pages(ws, 1, 0)
            worksheet_repeat_rows(ws, headerRow, headerRow)
            worksheet_set_margins(ws, 0.6, 0.5, 0.75, 0.75)
            // "&" starts a code in a page header: a name with one is written doubled.
            if !layout.pageHeading.isEmpty {
                worksheet_set_header(ws, "&C&\"Times New Roman,Bold\"" + layout.pageHeading.replacingOccurrences(of: "&", with: "&&"))
            }
            worksheet_set_footer(ws, "&C&\"Times New Roman\"" + owner.footer)
            if let chart = layout.chart, count > 0 {
                try XLSX.insert(chart, sheet: layout, named: name, headerRow: Int(headerRow), rows: count, into: owner.book, ws)
            }
        }
    }

    /// The formats a workbook's cells use, each in Times New Roman 11 (13 for the title).
    final class CellFormats {
        let text, header, date, number, money, percent, title, subtitle, section, note: UnsafeMutablePointer<lxw_format>
        let boxed: (text: UnsafeMutablePointer<lxw_format>, number: UnsafeMutablePointer<lxw_format>, money: UnsafeMutablePointer<lxw_format>,
                    percent: UnsafeMutablePointer<lxw_format>, date: UnsafeMutablePointer<lxw_format>, header: UnsafeMutablePointer<lxw_format>,
                    section: UnsafeMutablePointer<lxw_format>)

        init(_ book: UnsafeMutablePointer<lxw_workbook>) {
            func make(bold: Bool = false, size: Double = 11, format: String? = nil, border: Bool = false, wrap: Bool = false) -> UnsafeMutablePointer<lxw_format> {
                let f = workbook_add_format(book)!
                format_set_font_name(f, "Times New Roman")
                format_set_font_size(f, size)
                if bold { format_set_bold(f) }
                if let format { format_set_num_format(f, format) }
                if border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
                if wrap { format_set_text_wrap(f) }
                format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
                return f
            }
            text = make(); header = make(bold: true, wrap: true); date = make(format: "dd/mm/yyyy"); number = make()
            money = make(format: "#,##0"); percent = make(format: "0%")
            title = make(bold: true, size: 13); subtitle = make(bold: true); section = make(bold: true); note = make(wrap: true)
            format_set_italic(note)
            boxed = (make(border: true, wrap: true), make(border: true), make(format: "#,##0", border: true), make(format: "0%", border: true),
                     make(format: "dd/mm/yyyy", border: true), make(bold: true, border: true, wrap: true), make(bold: true, border: true))
        }
    }

    static func cellWidth(_ cell: Grid.Cell) -> Int {
        switch cell {
        case .date: 10
        case .money(let m): Formats.groupedDigits(Int64(m)).count
        case .percent: 4
        default: cell.text.count
        }
    }

    /// The wider of `width` and the cell's; a text no longer in bytes than `width` is not
    /// counted in characters (a character is at least a byte).
    static func widen(_ width: Int, to cell: Grid.Cell) -> Int {
        switch cell {
        case .text(let t) where t.utf8.count <= width: return width
        case .text(let t):
            // Letters, not bytes: stored text is NFC, where a Vietnamese letter is one scalar,
            // and a scalar is a byte that does not continue another.
            return max(width, t.utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
        case .number(let n) where n.rounded() == n && abs(n) < 1e15,
             .money(let n) where n.rounded() == n && abs(n) < 1e15:
            // A whole number's digits (with a dot between thousands for money) and its sign,
            // counted without making its text.
            var digits = 1, rest = abs(Int64(n)) / 10
            while rest > 0 { digits += 1; rest /= 10 }
            if case .money = cell { digits += (digits - 1) / 3 }
            return max(width, digits + (n < 0 ? 1 : 0))
        case .empty: return width
        default: return max(width, cellWidth(cell))
        }
    }

    /// The format a cell is written in; nil for an empty cell outside a grid (nothing is written).
    static func format(of cell: Grid.Cell, _ s: CellFormats, boxed: Bool) -> UnsafeMutablePointer<lxw_format>? {
        switch cell {
        case .text: boxed ? s.boxed.text : s.text
        case .number: boxed ? s.boxed.number : s.number
        case .money: boxed ? s.boxed.money : s.money
        case .percent: boxed ? s.boxed.percent : s.percent
        case .date: boxed ? s.boxed.date : s.date
        case .empty: boxed ? s.boxed.text : nil
        }
    }

    /// The value a cell holds in a sheet: a percentage as its fraction.
    static func number(_ cell: Grid.Cell) -> Double? {
        switch cell {
        case .number(let n), .money(let n): n
        case .percent(let p): p / 100
        default: nil
        }
    }

    static func put(_ cell: Grid.Cell, _ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: UInt32, _ c: UInt16, _ format: UnsafeMutablePointer<lxw_format>?) {
        guard let format else { return }
        switch cell {
        case .text(let t): worksheet_write_string(ws, r, c, t, format)
        case .number, .money, .percent: worksheet_write_number(ws, r, c, number(cell) ?? 0, format)
        case .date(let y, let m, let d):
            var day = lxw_datetime(year: Int32(y), month: Int32(m), day: Int32(d), hour: 0, min: 0, sec: 0)
            worksheet_write_datetime(ws, r, c, &day, format)
        case .empty: worksheet_write_blank(ws, r, c, format)
        }
    }

    /// A native chart over the sheet's own rows: one series per value column, named by its header
    /// cell, the category labels from another column (the data is written before the chart).
    static func insert(_ chart: Chart, sheet: Sheet, named name: String, headerRow: Int, rows count: Int, into book: UnsafeMutablePointer<lxw_workbook>,
                       _ ws: UnsafeMutablePointer<lxw_worksheet>) throws {
        let kind = chart.kind == .line ? LXW_CHART_LINE : LXW_CHART_COLUMN
        guard let c = workbook_add_chart(book, UInt8(kind.rawValue)) else { throw SpreadsheetError.cannotWrite(name) }
        let rows = (headerRow + 2)...(headerRow + 1 + count)
        for column in chart.seriesColumns {
            let series = chart_add_series(c, "=" + absoluteRange(name, column: chart.categoryColumn, rows: rows),
                                          "=" + absoluteRange(name, column: column, rows: rows))
            chart_series_set_name(series, "=" + absoluteRange(name, column: column, rows: (headerRow + 1)...(headerRow + 1)))
        }
        chart_title_set_name(c, chart.title)
        let width = sheet.header.count
        let anchor = chart.anchor ?? Chart.Anchor(fromColumn: width + 1, fromRow: 1, toColumn: width + 11, toRow: 21)
        var options = lxw_chart_options()
        // The chart covers its anchor's cells (about 64 by 20 pixels each).
        options.x_scale = Double(anchor.toColumn - anchor.fromColumn) * 64 / 480
        options.y_scale = Double(anchor.toRow - anchor.fromRow) * 20 / 288
        worksheet_insert_chart_opt(ws, UInt32(anchor.fromRow), UInt16(anchor.fromColumn), c, &options)
    }
}

/// A streamed sheet's rows as libxlsxwriter writes rows in its constant-memory mode: each cell
/// with its reference and its format's style, text as an inline string (escaped as libxlsxwriter
/// escapes it), a date as its serial day. The cells are gathered a thousand rows at a time and
/// handed to a `DeflatedFile`, whose thread makes their XML and compresses it: the thread that
/// reads the rows does no more than it does for a CSV.
final class SheetRowsXML {
    let file: DeflatedFile
    /// Rows gathered: their cells, each cell's column and style, and where each row ends.
    private struct Batch: Sendable {
        var cells: [Grid.Cell] = []
        var places: [(column: Int, style: Int)] = []
        var rows: [(number: UInt32, end: Int)] = []
    }
    private var batch = Batch()
    private var rowNumber: UInt32 = 0
    /// ` s="3"` for each format asked so far.
    private var styles: [(format: UnsafeMutablePointer<lxw_format>, attribute: [UInt8])] = []

    init() throws { file = try DeflatedFile() }

    func startRow(_ r: UInt32) { rowNumber = r }

    /// The row's end; a row without a cell is left out, as libxlsxwriter leaves it.
    func endRow() {
        if batch.cells.count > (batch.rows.last?.end ?? 0) { batch.rows.append((rowNumber, batch.cells.count)) }
        if batch.rows.count >= 1_000 { send() }
    }

    func put(_ cell: Grid.Cell, _ c: Int, _ format: UnsafeMutablePointer<lxw_format>?) {
        guard let format else { return }
        batch.cells.append(cell)
        batch.places.append((c, style(format)))
    }

    /// Whatever is left, handed on, and the compression ended.
    func finish() throws {
        send()
        try file.finish()
    }

    private func send() {
        guard !batch.rows.isEmpty else { return }
        let rows = batch, attributes = styles.map(\.attribute)
        batch = Batch()
        file.write { Self.xml(rows, styles: attributes) }
    }

    /// Which of `styles` a format is written with. libxlsxwriter numbers a format the first time
    /// it is asked (and hashes it at every asking): each is asked once, on this thread.
    private func style(_ format: UnsafeMutablePointer<lxw_format>) -> Int {
        if let known = styles.firstIndex(where: { $0.format == format }) { return known }
        let index = lxw_format_get_xf_index(format)
        styles.append((format, index > 0 ? Array(" s=\"\(index)\"".utf8) : []))
        return styles.count - 1
    }

    private static func xml(_ batch: Batch, styles: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(batch.cells.count * 48 + batch.rows.count * 24)
        var start = 0
        for row in batch.rows {
            let number = Array(String(row.number + 1).utf8) + [UInt8(ascii: "\"")]
            out += rowOpen; out += number; out.append(UInt8(ascii: ">"))
            for i in start..<row.end {
                let place = batch.places[i]
                if place.column < columns.count { out += columns[place.column] } else { out += Array("<c r=\"\(XLSX.column(place.column))".utf8) }
                out += number; out += styles[place.style]
                append(batch.cells[i], to: &out)
            }
            out += rowEnd
            start = row.end
        }
        return out
    }

    /// A cell from its style attribute on: its type, value and end.
    private static func append(_ cell: Grid.Cell, to out: inout [UInt8]) {
        switch cell {
        case .text(let t) where t.isEmpty:
            out += emptyEnd   // as libxlsxwriter writes an empty string: a blank cell in its format
        case .text(var t):
            // Excel's most in a cell (libxlsxwriter wrote nothing at all for a longer text).
            if t.utf8.count > 32_767 { t = String(t.prefix(32_767)) }
            if let a = t.utf8.first, let z = t.utf8.last, isSpace(a) || isSpace(z) { out += inlinePreserved } else { out += inline }
            escape(t, to: &out)
            out += inlineEnd
        case .number, .money, .percent:
            value(XLSX.number(cell) ?? 0, to: &out)
        case .date(let y, let m, let d):
            var day = lxw_datetime(year: Int32(y), month: Int32(m), day: Int32(d), hour: 0, min: 0, sec: 0)
            value(lxw_datetime_to_excel_datetime(&day), to: &out)
        case .empty:
            out += emptyEnd
        }
    }

    private static func value(_ n: Double, to out: inout [UInt8]) {
        out += valueOpen
        if n.rounded() == n && abs(n) < 1e15 {
            out += String(Int64(n)).utf8
        } else {
            // As libxlsxwriter writes a number: 16 significant digits.
            var text = [CChar](repeating: 0, count: 32)
            _ = withVaList([n]) { vsnprintf(&text, text.count, "%.16G", $0) }
            out += text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        }
        out += valueEnd
    }

    /// Text as XML character data: & < > as entities, and the control characters XML cannot
    /// hold (all but tab and line feed) as Excel's _xHHHH_.
    private static func escape(_ t: String, to out: inout [UInt8]) {
        if !t.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            out += t.utf8
            return
        }
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in t.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case 0x09, 0x0A: out.append(byte)
            case ..<0x20: out += "_x00".utf8; out += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)], UInt8(ascii: "_")]
            default: out.append(byte)
            }
        }
    }

    /// C's isspace, as libxlsxwriter asks whether a string keeps its outer spaces.
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    /// `<c r="A`, `<c r="B"`…: a cell's opening up to its row number, for the first 256 columns.
    private static let columns = (0..<256).map { Array("<c r=\"\(XLSX.column($0))".utf8) }
    private static let rowOpen = Array("<row r=\"".utf8), rowEnd = Array("</row>".utf8)
    private static let inline = Array(" t=\"inlineStr\"><is><t>".utf8)
    private static let inlinePreserved = Array(" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
    private static let inlineEnd = Array("</t></is></c>".utf8), emptyEnd = Array("/>".utf8)
    private static let valueOpen = Array("><v>".utf8), valueEnd = Array("</v></c>".utf8)
}
