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
    /// list is: its name, by default).
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
    public final class Book {
        let book: UnsafeMutablePointer<lxw_workbook>
        let styles: CellFormats
        let footer: String
        private var names: [String] = []
        private var closed = false

        public init(path: String, l: Localizer) throws {
            var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
            guard let book = workbook_new_opt(path, &options) else { throw SpreadsheetError.cannotWrite(path) }
            self.book = book
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
            return SheetWriter(book: self, ws: ws, name: name, layout: layout)
        }

        public func close() throws {
            guard !closed else { return }
            closed = true
            let result = workbook_close(book)
            guard result == LXW_NO_ERROR else { throw SpreadsheetError.cannotWrite(String(cString: lxw_strerror(result))) }
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

        init(book: Book, ws: UnsafeMutablePointer<lxw_worksheet>, name: String, layout: Sheet) {
            owner = book; self.ws = ws; self.name = name; self.layout = layout
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
            if section {
                worksheet_write_string(ws, r, 0, row.first?.text ?? "", boxed ? s.boxed.section : s.section)
                if boxed { for c in 1..<width { worksheet_write_blank(ws, r, UInt16(c), s.boxed.section) } }
            } else {
                if widest.count < row.count { widest += Array(repeating: 0, count: row.count - widest.count) }
                for c in 0..<max(row.count, boxed ? width : 0) {
                    let cell = c < row.count ? row[c] : .empty
                    XLSX.put(cell, ws, r, UInt16(c), s, boxed: boxed)
                    if c < row.count { widest[c] = max(widest[c], XLSX.cellWidth(cell)) }
                }
            }
            r += 1
            count += 1
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

    static func put(_ cell: Grid.Cell, _ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: UInt32, _ c: UInt16, _ s: CellFormats, boxed: Bool) {
        switch cell {
        case .text(let t): worksheet_write_string(ws, r, c, t, boxed ? s.boxed.text : s.text)
        case .number(let n): worksheet_write_number(ws, r, c, n, boxed ? s.boxed.number : s.number)
        case .money(let m): worksheet_write_number(ws, r, c, m, boxed ? s.boxed.money : s.money)
        case .percent(let p): worksheet_write_number(ws, r, c, p / 100, boxed ? s.boxed.percent : s.percent)
        case .date(let y, let m, let d):
            var day = lxw_datetime(year: Int32(y), month: Int32(m), day: Int32(d), hour: 0, min: 0, sec: 0)
            worksheet_write_datetime(ws, r, c, &day, boxed ? s.boxed.date : s.date)
        case .empty: if boxed { worksheet_write_blank(ws, r, c, s.boxed.text) }
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
