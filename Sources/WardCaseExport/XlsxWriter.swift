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
        var sheet = Sheet(name: sheetName, header: header, rows: rows)
        sheet.pageHeading = heading ?? sheetName
        return try write(sheets: [sheet], l: l)
    }

    /// A workbook of several sheets, in order.
    public static func write(sheets: [Sheet], l: Localizer) throws -> Data {
        guard !sheets.isEmpty else { throw SpreadsheetError.cannotWrite("a workbook needs a sheet") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 0)
        guard let book = workbook_new_opt(url.path, &options) else { throw SpreadsheetError.cannotWrite(url.path) }
        let styles = CellFormats(book)
        var failure: Error?
        for (sheet, name) in zip(sheets, sheetNames(sheets.map(\.name))) {
            do { try write(sheet, named: name, into: book, styles, footer: l.t(.xlsxPageFooter)) } catch { failure = error; break }
        }
        let closed = workbook_close(book)
        if let failure { throw failure }
        guard closed == LXW_NO_ERROR else { throw SpreadsheetError.cannotWrite(String(cString: lxw_strerror(closed))) }
        return try Data(contentsOf: url)
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

    /// Columns as wide as their longest value in characters (Vietnamese letters count one each),
    /// at least 6 and at most 50; a longer header wraps.
    static func widths(_ sheet: Sheet) -> [Double] {
        let count = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        return (0..<count).map { c in
            var widest = 0
            for (i, row) in sheet.rows.enumerated() where c < row.count && !sheet.sectionRows.contains(i) {
                widest = max(widest, cellWidth(row[c]))
            }
            let header = c < sheet.header.count ? sheet.header[c].count : 0
            return Double(min(50, max(6, widest, min(header, 18)) + 2))
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

    static func write(_ sheet: Sheet, named name: String, into book: UnsafeMutablePointer<lxw_workbook>, _ s: CellFormats, footer: String) throws {
        guard let ws = workbook_add_worksheet(book, name) else { throw SpreadsheetError.cannotWrite(name) }
        let widths = widths(sheet)
        for (c, w) in widths.enumerated() { worksheet_set_column(ws, UInt16(c), UInt16(c), w, nil) }
        var r: UInt32 = 0
        for (i, line) in sheet.title.enumerated() {
            worksheet_write_string(ws, r, 0, line, i == 0 ? s.title : s.subtitle)
            r += 1
        }
        if !sheet.title.isEmpty { r += 1 }
        let headerRow = r
        for (c, h) in sheet.header.enumerated() { worksheet_write_string(ws, r, UInt16(c), h, sheet.bordered ? s.boxed.header : s.header) }
        r += 1
        let width = max(sheet.header.count, 1)
        for (i, row) in sheet.rows.enumerated() {
            if sheet.sectionRows.contains(i) {
                worksheet_write_string(ws, r, 0, row.first?.text ?? "", sheet.bordered ? s.boxed.section : s.section)
                if sheet.bordered { for c in 1..<width { worksheet_write_blank(ws, r, UInt16(c), s.boxed.section) } }
            } else {
                for c in 0..<max(row.count, sheet.bordered ? width : 0) {
                    put(c < row.count ? row[c] : .empty, ws, r, UInt16(c), s, boxed: sheet.bordered)
                }
            }
            r += 1
        }
        let lastRow = r - 1
        if !sheet.footnote.isEmpty {
            // Across the table, wrapped, in a row tall enough for its lines.
            r += 1
            let across = widths.reduce(0, +)
            let lines = (Double(sheet.footnote.count) * 1.1 / max(across, 1)).rounded(.up)
            worksheet_set_row(ws, r, 15 * max(lines, 1), nil)
            worksheet_merge_range(ws, r, 0, r, UInt16(max(width, 2) - 1), sheet.footnote, s.note)
            r += 1
        }
        // On screen: the header stays in view. On paper: A4, one page wide, the header on every page.
        worksheet_freeze_panes(ws, headerRow + 1, 0)
        if sheet.filter && !sheet.rows.isEmpty && !sheet.header.isEmpty {
            worksheet_autofilter(ws, headerRow, 0, lastRow, UInt16(sheet.header.count - 1))
        }
        worksheet_set_paper(ws, 9)
        if sheet.landscape { worksheet_set_landscape(ws) } else { worksheet_set_portrait(ws) }
        worksheet_fit_to_pages(ws, 1, 0)
        worksheet_repeat_rows(ws, headerRow, headerRow)
        worksheet_set_margins(ws, 0.6, 0.5, 0.75, 0.75)
        // "&" starts a code in a page header: a name with one is written doubled.
        if !sheet.pageHeading.isEmpty { worksheet_set_header(ws, "&C&\"Times New Roman,Bold\"" + sheet.pageHeading.replacingOccurrences(of: "&", with: "&&")) }
        worksheet_set_footer(ws, "&C&\"Times New Roman\"" + footer)
        if let chart = sheet.chart, !sheet.rows.isEmpty { try insert(chart, sheet: sheet, named: name, headerRow: Int(headerRow), into: book, ws) }
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
    static func insert(_ chart: Chart, sheet: Sheet, named name: String, headerRow: Int, into book: UnsafeMutablePointer<lxw_workbook>,
                       _ ws: UnsafeMutablePointer<lxw_worksheet>) throws {
        let kind = chart.kind == .line ? LXW_CHART_LINE : LXW_CHART_COLUMN
        guard let c = workbook_add_chart(book, UInt8(kind.rawValue)) else { throw SpreadsheetError.cannotWrite(name) }
        let rows = (headerRow + 2)...(headerRow + 1 + sheet.rows.count)
        for column in chart.seriesColumns {
            let series = chart_add_series(c, "=" + absoluteRange(name, column: chart.categoryColumn, rows: rows),
                                          "=" + absoluteRange(name, column: column, rows: rows))
            chart_series_set_name(series, "=" + absoluteRange(name, column: column, rows: (headerRow + 1)...(headerRow + 1)))
        }
        chart_title_set_name(c, chart.title)
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        let anchor = chart.anchor ?? Chart.Anchor(fromColumn: width + 1, fromRow: 1, toColumn: width + 11, toRow: 21)
        var options = lxw_chart_options()
        // The chart covers its anchor's cells (about 64 by 20 pixels each).
        options.x_scale = Double(anchor.toColumn - anchor.fromColumn) * 64 / 480
        options.y_scale = Double(anchor.toRow - anchor.fromRow) * 20 / 288
        worksheet_insert_chart_opt(ws, UInt32(anchor.fromRow), UInt16(anchor.fromColumn), c, &options)
    }
}
