import Foundation
import WardCaseCore
import WardCaseReports

// The ward's periodic report (báo cáo) as files: a Word document laid out per Decree
// 30/2020/NĐ-CP, the figure table as XLSX and CSV, the whole report as Markdown, and PDF through
// LibreOffice. Reports hold aggregate figures and the clerk's narrative only: never a person's identity.

/// Why a report file could not be made, said plainly.
public enum ReportFileError: Error, Equatable, Sendable {
    /// No `soffice`/`libreoffice` to convert with.
    case libreOfficeMissing
    /// LibreOffice ran but gave no PDF; the reason is its exit status or last error lines.
    case pdfConversionFailed(String)

    public func message(_ l: Localizer) -> String {
        switch self {
        case .libreOfficeMissing: l.t(.errNoLibreOffice)
        case .pdfConversionFailed(let reason): l.t(.errPdfFailed, reason)
        }
    }
}

public enum ReportDocument {
    /// The files a report can be written as.
    public enum Format: String, CaseIterable, Sendable { case docx, xlsx, csv, md, pdf }

    /// A report as a file of `format`: the one place both the screen and the shell command use.
    /// `trend` (months of visits and violations) goes into the XLSX as a chart.
    public static func file(_ format: Format, report: Report, figures: ReportFigures, ward: WardIdentity, recipients: [ReportRecipient] = [],
                            signer: ReportSigner = .usual, l: Localizer, today: Formats.Day,
                            trend: [(label: String, visits: Int64, violations: Int64)], progress: WorkProgress = .silent) throws -> Data {
        switch format {
        case .docx: return try docx(report, figures: figures, ward: ward, recipients: recipients, signer: signer, l: l, today: today)
        case .xlsx: return try xlsx(figures: figures, l: l, trend: trend, report: report, ward: ward)
        case .csv: return csv(figures: figures, l: l)
        case .md: return Data(markdown(report, figures: figures, ward: ward, recipients: recipients, signer: signer, l: l, today: today).utf8)
        case .pdf:
            return try pdf(docx: try docx(report, figures: figures, ward: ward, recipients: recipients, signer: signer, l: l, today: today), progress: progress)
        }
    }

    /// Nơi nhận's lines, in order, then "Lưu: VT": where a sent report went, else the ward's
    /// recipients (given), else the agency the ward named when it was set up.
    static func recipientLines(_ report: Report, _ recipients: [ReportRecipient], ward: WardIdentity, _ l: Localizer) -> [String] {
        let list = !report.sentTo.isEmpty ? report.sentTo
            : !recipients.isEmpty ? recipients : [ward.receivingAgency].filter { !$0.isEmpty }.map { ReportRecipient(name: $0) }
        return list.map { l.t(.rptRecipient, $0.line(l)) } + [l.t(.rptFiling)]
    }

    // MARK: Word

    /// The report as a .docx: Decree 30 header, title, the four narrative parts with the figure
    /// tables under "Kết quả thực hiện", then recipients and the signature block. A draft says
    /// "DỰ THẢO" and its version at the top. The date line is the day the report was finalised
    /// (when it has been), otherwise `today`.
    public static func docx(_ report: Report, figures: ReportFigures, ward: WardIdentity, recipients: [ReportRecipient] = [],
                            signer: ReportSigner = .usual, l: Localizer, today: Formats.Day) throws -> Data {
        var doc = DocxDocument(blocks: blocks(report, figures: figures, ward: ward, recipients: recipients, signer: signer, l: l, today: today),
                               title: l.t(.rptTitle) + " - " + l.t(.rptSubtitle, report.period.title(l)))
        doc.fontSize = bodySize
        doc.pageNumbers = true
        return try doc.data()
    }

    static let bodySize = 14.0
    static let tableSize = 13.0

    static func blocks(_ report: Report, figures: ReportFigures, ward: WardIdentity, recipients list: [ReportRecipient], signer: ReportSigner,
                       l: Localizer, today: Formats.Day) -> [DocxBlock] {
        var out: [DocxBlock] = []
        func para(_ p: DocxParagraph) { out.append(.paragraph(p)) }
        func line(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil,
                  alignment: DocxParagraph.Alignment = .center, spaceBefore: Double = 0, spaceAfter: Double = 0,
                  keepWithNext: Bool = false) -> DocxParagraph {
            DocxParagraph(text, bold: bold, italic: italic, size: size, alignment: alignment, spaceBefore: spaceBefore,
                          spaceAfter: spaceAfter, keepWithNext: keepWithNext)
        }
        /// Body text: justified, first line indented 12.7 mm, 6 pt after, a little air between lines.
        func body(_ text: String) {
            para(DocxParagraph(runs: [DocxRun(text)], alignment: .justify, firstLineIndent: 12.7, spaceAfter: 6, lineSpacing: 1.15))
        }
        func heading(_ text: String, spaceBefore: Double = 6) {
            para(DocxParagraph(runs: [DocxRun(text, bold: true)], alignment: .justify, firstLineIndent: 12.7,
                               spaceBefore: spaceBefore, spaceAfter: 6, lineSpacing: 1.15, keepWithNext: true))
        }
        func narrative(_ part: NarrativePart) {
            let paragraphs = paragraphs(report.narrative[part])
            if paragraphs.isEmpty { body(l.t(.rptEmptyPart)) }
            paragraphs.forEach(body)
        }

        if report.status == .draft {
            para(line(l.t(.rptDraftMark, report.version), bold: true, size: 12, alignment: .right, spaceAfter: 6))
        }

        // Header: issuing body and number left, national name, motto and place-date right.
        var issuer = [line(l.t(.rptBodyName), bold: true, size: 13)]
        if !ward.name.isEmpty { issuer.append(line(upper(ward.name), bold: true, size: 13)) }
        issuer.append(line(shortRule, size: 8))
        let nation = [line(l.t(.docNationalName), bold: true, size: 12),
                      line(l.t(.docMotto), bold: true, size: 13),
                      line(mottoRule, size: 8)]
        let date = documentDate(report, today: today)
        out.append(.table(DocxTable(rows: [
            [DocxCell(paragraphs: issuer), DocxCell(paragraphs: nation)],
            [DocxCell(paragraphs: [line(numberLine(report, l), size: 13, spaceBefore: 3)]),
             DocxCell(paragraphs: [line(placeDate(ward, date, l), italic: true, size: 13, spaceBefore: 3)])],
        ], columnWidths: [40, 60], borders: false)))

        // Title and summary, with a short line under them.
        para(line(l.t(.rptTitle), bold: true, size: bodySize, spaceBefore: 18, keepWithNext: true))
        para(line(l.t(.rptSubtitle, report.period.title(l)), bold: true, size: bodySize, keepWithNext: true))
        para(line(figures.dataLine(l), italic: true, size: 13, keepWithNext: true))
        // Under the summary, a rule a third of its width or more (Decree 30).
        para(line(summaryRule, size: 8, spaceAfter: 12, keepWithNext: true))
        body(l.t(.rptOpening, inSentence(ward.name), report.period.title(l)))

        // I. Situation, II. Results with the figures, III. Difficulties, IV. Next tasks; an empty
        // part is left out of a final document, and never stands as a placeholder above tables.
        for (i, part) in parts(report).enumerated() {
            heading("\(roman(i + 1)). \(upper(l.t(part.label)))")
            if part != .results || !paragraphs(report.narrative[part]).isEmpty { narrative(part) }
            guard part == .results else { continue }
            for (s, section) in figures.sections.enumerated() where !section.figures.isEmpty {
                heading("\(s + 1). \(section.titleText(l))", spaceBefore: 3)
                out.append(.table(figureTable(section, l: l)))
                para(DocxParagraph("", size: 6))
            }
        }

        // Recipients left; the signature block right.
        let recipients = [DocxParagraph(runs: [DocxRun(l.t(.rptRecipients), bold: true, italic: true, size: 12)], keepWithNext: true)]
            + recipientLines(report, list, ward: ward, l).map { DocxParagraph($0, size: 11, keepWithNext: true) }
        var signature = signer.titleLines.map { line($0, bold: true, size: bodySize, keepWithNext: true) }
        signature += Array(repeating: line("", size: bodySize, keepWithNext: true), count: 4)
        signature.append(signer.name.isEmpty ? line(l.t(.docSignHint), italic: true, size: bodySize) : line(signer.name, bold: true, size: bodySize))
        para(DocxParagraph("", size: 6, keepWithNext: true))
        // One row that may not split: the recipients and the signature stay on one page.
        out.append(.table(DocxTable(rows: [[DocxCell(paragraphs: recipients), DocxCell(paragraphs: signature)]],
                                    columnWidths: [45, 55], borders: false, headerRowCount: 1)))
        return out
    }

    /// One section's figures: STT, indicator, result, target. Breakdown rows have no number and
    /// are indented under their figure.
    static func figureTable(_ section: FigureSection, l: Localizer) -> DocxTable {
        func cell(_ text: String, bold: Bool = false, italic: Bool = false, alignment: DocxParagraph.Alignment = .left,
                  indent: Double = 0, shaded: Bool = false, keep: Bool = false) -> DocxCell {
            DocxCell(paragraphs: [DocxParagraph(runs: [DocxRun(text, bold: bold, italic: italic, size: tableSize)],
                                                alignment: alignment, firstLineIndent: indent, keepWithNext: keep)], shaded: shaded)
        }
        var rows = [[l.t(.docColNo), l.t(.rptColIndicator), l.t(.docColResult), l.t(.rptColTarget)].map {
            cell($0, bold: true, alignment: .center, shaded: true)
        }]
        // A row followed by its breakdown is kept on one page with it.
        let list = numbered(section.figures)
        for (i, (number, f)) in list.enumerated() {
            let keep = i + 1 < list.count && list[i + 1].1.detail
            rows.append([cell(number, alignment: .center, keep: keep),
                         cell(f.detail ? "- " + f.labelText(l) : f.labelText(l), indent: f.detail ? 5 : 0, keep: keep),
                         cell(valueText(f, l), italic: f.value == nil, alignment: .center, keep: keep),
                         cell(targetText(f, l), alignment: .center, keep: keep)])
        }
        return DocxTable(rows: rows, columnWidths: [8, 52, 20, 20], headerRowCount: 1)
    }

    // MARK: Spreadsheets

    /// The report as a workbook a clerk prints as it is: a title block (the ward, the period, the
    /// days counted, "DỰ THẢO" on a draft), then the figures as a bordered table on A4 portrait —
    /// each section's name once, on its own row; STT, indicator, result, unit, the plan's target
    /// and a note; percentages as percentages and money as đồng. A figure that is not available
    /// has an empty result and says so in the note, never 0. With a `trend` (oldest month first),
    /// a second sheet has one row per month and a native column chart of them.
    public static func xlsx(figures: ReportFigures, l: Localizer, trend: [(label: String, visits: Int64, violations: Int64)] = [],
                            report: Report? = nil, ward: WardIdentity? = nil) throws -> Data {
        var table = XLSX.Sheet(name: l.t(.rptSheetFigures),
                               header: [l.t(.docColNo), l.t(.rptColIndicator), l.t(.docColResult), l.t(.rptColUnit), l.t(.rptColTarget), l.t(.fieldNotes)],
                               rows: [])
        for section in figures.sections where !section.figures.isEmpty {
            table.sectionRows.insert(table.rows.count)
            table.rows.append([.text(section.titleText(l))])
            for (number, f) in numbered(section.figures) {
                table.rows.append([number.isEmpty ? .empty : .number(Double(number) ?? 0), .text(f.detail ? "- " + f.labelText(l) : f.labelText(l)),
                                   f.value.map { amountCell($0, f.unit) } ?? .empty, .text(unitText(f.unit, l)),
                                   f.target.map { amountCell($0, f.unit) } ?? .empty,
                                   f.value == nil ? .text(l.t(.rptNotAvailable)) : .empty])
            }
        }
        let period = report?.period.title(l) ?? figures.period.title(l)
        table.title = [ward.map { l.t(.rptBodyName) + " " + upper($0.name) }, l.t(.rptTitle) + " " + l.t(.rptSubtitle, period),
                       figures.dataLine(l), report.map { $0.status == .draft ? l.t(.rptDraftMark, $0.version) : l.t(.xlsxVersion, $0.version, l.t($0.status.label)) }]
            .compactMap { $0 }
        table.landscape = false
        table.filter = false
        table.bordered = true
        table.pageHeading = [ward?.name, period].compactMap { $0 }.joined(separator: " · ")
        var sheets = [table]
        if !trend.isEmpty {
            var t = trendSheet(trend, l: l)
            t.pageHeading = table.pageHeading
            t.filter = false
            sheets.append(t)
        }
        return try XLSX.write(sheets: sheets, l: l)
    }

    /// The combined figures of several wards on one sheet: a column per ward, then the total
    /// and the target, under a title block naming the period and the wards; the note on how the
    /// sums are made closes the page.
    public static func xlsx(combined c: CombinedFigures, l: Localizer) throws -> Data {
        var table = XLSX.Sheet(name: l.t(.rptSheetFigures),
                               header: [l.t(.docColNo), l.t(.rptColIndicator), l.t(.rptColUnit)] + c.wards.map(\.name)
                                   + [l.t(.docTotal), l.t(.rptColTarget)],
                               rows: [])
        var section = ""
        var n = 0
        for f in c.figures {
            if f.sectionText(l) != section {
                section = f.sectionText(l)
                table.sectionRows.insert(table.rows.count)
                table.rows.append([.text(section)])
            }
            if !f.detail { n += 1 }
            let cell: (Int64?) -> Grid.Cell = { v in v.map { amountCell($0, f.unit) } ?? .text(l.t(.rptNotAvailable)) }
            table.rows.append([f.detail ? .empty : .number(Double(n)), .text(f.detail ? "- " + f.labelText(l) : f.labelText(l)),
                               .text(unitText(f.unit, l))]
                              + f.byWard.map(cell) + [cell(f.value), f.target.map { amountCell($0, f.unit) } ?? .empty])
        }
        table.title = [l.t(.rcliCombineTitle, c.wards.count, c.period.title(l))]
            + c.wards.map { $0.line(l) }
            + (c.missing.isEmpty ? [] : [l.t(.rcliCombineMissing, c.missing.count, c.missing.joined(separator: "; "))])
        table.footnote = l.t(.rcliCombineNote)
        table.landscape = c.wards.count > 3
        table.filter = false
        table.bordered = true
        table.pageHeading = l.t(.rcliCombineTitle, c.wards.count, c.period.title(l))
        return try XLSX.write(sheets: [table], l: l)
    }

    /// A figure's amount as a typed cell: a percentage, đồng, or a count.
    static func amountCell(_ v: Int64, _ unit: FigureUnit) -> Grid.Cell {
        switch unit {
        case .percent: .percent(Double(v))
        case .money: .money(Double(v))
        case .count: .number(Double(v))
        }
    }

    /// Month | Lượt kiểm tra | Vi phạm, one row per month, with a clustered column chart of
    /// both series beside the table.
    static func trendSheet(_ trend: [(label: String, visits: Int64, violations: Int64)], l: Localizer) -> XLSX.Sheet {
        XLSX.Sheet(name: l.t(.rptSheetTrend),
                   header: [l.t(.rptColMonth), l.t(.rptColVisits), l.t(.rptColViolations)],
                   rows: trend.map { [.text($0.label), .number(Double($0.visits)), .number(Double($0.violations))] },
                   chart: XLSX.Chart(kind: .clusteredColumn, title: l.t(.rptTrendChartTitle), categoryColumn: 0,
                                     seriesColumns: [1, 2],
                                     anchor: .init(fromColumn: 4, fromRow: 1, toColumn: 14, toRow: 22)))
    }

    /// The same table as CSV: UTF-8 with a BOM, numbers without separators.
    public static func csv(figures: ReportFigures, l: Localizer) -> Data {
        CSV.write(cells: [tableHeader(l).map(Grid.Cell.text)] + tableRows(figures, l: l))
    }

    static func tableHeader(_ l: Localizer) -> [String] {
        [l.t(.rptColSection), l.t(.rptColIndicator), l.t(.docColResult), l.t(.rptColUnit), l.t(.rptColTarget), l.t(.fieldNotes)]
    }

    static func tableRows(_ figures: ReportFigures, l: Localizer) -> [[Grid.Cell]] {
        figures.sections.flatMap { section in
            section.figures.map { f -> [Grid.Cell] in
                [.text(section.titleText(l)),
                 .text(f.detail ? "- " + f.labelText(l) : f.labelText(l)),
                 f.value.map { .number(Double($0)) } ?? .empty,
                 .text(unitText(f.unit, l)),
                 f.target.map { .number(Double($0)) } ?? .empty,
                 f.value == nil ? .text(l.t(.rptNotAvailable)) : .empty]
            }
        }
    }

    // MARK: Markdown

    /// The whole report as plain text that is also Markdown: header lines, title, the narrative
    /// parts and the figure tables.
    public static func markdown(_ report: Report, figures: ReportFigures, ward: WardIdentity, recipients list: [ReportRecipient] = [],
                                signer: ReportSigner = .usual, l: Localizer, today: Formats.Day) -> String {
        var out: [String] = []
        if report.status == .draft { out.append("**\(l.t(.rptDraftMark, report.version))**") }
        out.append("**\(l.t(.rptBodyName))" + (ward.name.isEmpty ? "" : " " + upper(ward.name)) + "**")
        out.append(numberLine(report, l))
        out.append("**\(l.t(.docNationalName))**")
        out.append("**\(l.t(.docMotto))**")
        out.append("*\(placeDate(ward, documentDate(report, today: today), l))*")
        out.append("# \(l.t(.rptTitle))")
        out.append("**\(l.t(.rptSubtitle, report.period.title(l)))**")
        out.append("*\(figures.dataLine(l))*")
        out.append(l.t(.rptOpening, inSentence(ward.name), report.period.title(l)))
        for (i, part) in parts(report).enumerated() {
            out.append("## \(roman(i + 1)). \(upper(l.t(part.label)))")
            let paragraphs = paragraphs(report.narrative[part])
            out += paragraphs.isEmpty ? (part == .results ? [] : [l.t(.rptEmptyPart)]) : paragraphs
            guard part == .results else { continue }
            for (s, section) in figures.sections.enumerated() where !section.figures.isEmpty {
                out.append("### \(s + 1). \(section.titleText(l))")
                var table = ["| \(l.t(.docColNo)) | \(l.t(.rptColIndicator)) | \(l.t(.docColResult)) | \(l.t(.rptColTarget)) |",
                             "|---:|---|---:|---:|"]
                for (number, f) in numbered(section.figures) {
                    let label = f.detail ? "- " + f.labelText(l) : f.labelText(l)
                    table.append("| \(number) | \(cellText(label)) | \(cellText(valueText(f, l))) | \(cellText(targetText(f, l))) |")
                }
                out.append(table.joined(separator: "\n"))
            }
        }
        // Recipients as a list; the signature block one line to a paragraph, so that plain text
        // and rendered Markdown read the same.
        out.append("**_\(l.t(.rptRecipients))_**")
        out.append(recipientLines(report, list, ward: ward, l).joined(separator: "\n"))
        out += signer.titleLines.map { "**\($0)**" }
        out.append(signer.name.isEmpty ? "*\(l.t(.docSignHint))*" : "**\(signer.name)**")
        return out.joined(separator: "\n\n") + "\n"
    }

    /// Text safe inside a Markdown table cell.
    static func cellText(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: PDF

    /// Converts a .docx (or another office file, `type` naming its extension) to PDF with
    /// LibreOffice (`soffice --headless --convert-to pdf`), found on PATH unless `sofficePath` names it. Runs with a private, temporary LibreOffice profile so
    /// that an open LibreOffice window does not swallow the conversion. While it runs, `progress`
    /// hears every 50 ms; cancelling stops LibreOffice.
    public static func pdf(docx: Data, type: String = "docx", sofficePath: String? = nil, timeout: TimeInterval = 180, progress: WorkProgress = .silent) throws -> Data {
        let executable: String
        if let sofficePath {
            guard FileManager.default.isExecutableFile(atPath: sofficePath) else { throw ReportFileError.libreOfficeMissing }
            executable = sofficePath
        } else {
            guard let found = findSoffice() else { throw ReportFileError.libreOfficeMissing }
            executable = found
        }
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("wardcase-pdf-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let input = work.appendingPathComponent("report." + type)
        try docx.write(to: input)
        let log = work.appendingPathComponent("soffice.log")
        _ = fm.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-env:UserInstallation=" + work.appendingPathComponent("profile").absoluteString,
                             "--headless", "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", work.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = logHandle
        process.standardError = logHandle
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { throw ReportFileError.libreOfficeMissing }
        progress.add(total: 2)
        try? progress.advance()   // the document is made; LibreOffice converts it
        let deadline = DispatchTime.now() + timeout
        while done.wait(timeout: .now() + 0.05) == .timedOut {
            var stop: Error?
            if DispatchTime.now() >= deadline { stop = ReportFileError.pdfConversionFailed("timeout after \(Int(timeout)) s") }
            do { try progress.tell(force: false) } catch { stop = error }
            if let stop {
                process.terminate()
                _ = done.wait(timeout: .now() + 10)
                throw stop
            }
        }
        try? progress.advance()
        let output = work.appendingPathComponent("report.pdf")
        if let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) { return pdf }
        let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lastLines = said.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
        throw ReportFileError.pdfConversionFailed(lastLines.isEmpty ? "exit status \(process.terminationStatus)" : lastLines)
    }

    /// `soffice` or `libreoffice` on PATH, or the usual macOS application.
    static func findSoffice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["soffice", "libreoffice"] {
            for dir in dirs where !dir.isEmpty {
                let path = (dir as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        let mac = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
        return FileManager.default.isExecutableFile(atPath: mac) ? mac : nil
    }

    // MARK: Shared pieces

    /// The Decree 30 short rule under the issuing body and the summary, and the longer one under the motto.
    static let shortRule = String(repeating: "\u{2015}", count: 7)
    /// Under the title and summary: about 40% of the summary line's width.
    static let summaryRule = String(repeating: "\u{2015}", count: 12)
    static let mottoRule = String(repeating: "\u{2015}", count: 19)

    /// The narrative parts a document prints: all of them in a draft (an empty one says so), and
    /// in a final document those written, and the results, which hold the figures.
    static func parts(_ report: Report) -> [NarrativePart] {
        report.status == .draft ? NarrativePart.allCases
            : NarrativePart.allCases.filter { $0 == .results || !paragraphs(report.narrative[$0]).isEmpty }
    }

    /// A figure's result as printed: "1.250", "85%", "1.500.000", or the words for "not available".
    static func valueText(_ f: Figure, _ l: Localizer) -> String {
        guard let v = f.value else { return l.t(.rptNotAvailable) }
        return amountText(v, unit: f.unit, l)
    }

    /// The plan's target beside a figure ("80%"), empty where the plan sets none.
    static func targetText(_ f: Figure, _ l: Localizer) -> String {
        f.target.map { amountText($0, unit: f.unit, l) } ?? ""
    }

    static func amountText(_ v: Int64, unit: FigureUnit, _ l: Localizer) -> String {
        switch unit {
        case .percent: return "\(v)%"
        case .count, .money:
            let grouped = Formats.groupedDigits(v)
            return l.language == .en ? grouped.replacingOccurrences(of: ".", with: ",") : grouped
        }
    }

    static func unitText(_ unit: FigureUnit, _ l: Localizer) -> String {
        switch unit {
        case .count: l.t(.rptUnitCount)
        case .percent: l.t(.rptUnitPercent)
        case .money: l.t(.rptUnitMoney)
        }
    }

    /// The figures with their row numbers: "1", "2"... for main figures, "" for breakdown rows.
    static func numbered(_ figures: [Figure]) -> [(String, Figure)] {
        var n = 0
        return figures.map { f in
            if f.detail { return ("", f) }
            n += 1
            return (String(n), f)
        }
    }

    /// "Số: 15/BC-UBND"; a bare number gets the report symbol; none leaves the blank to fill by hand.
    static func numberLine(_ report: Report, _ l: Localizer) -> String {
        let n = (report.sentNumber.isEmpty ? report.number : report.sentNumber).trimmingCharacters(in: .whitespaces)
        if n.isEmpty { return l.t(.rptNumberBlank) }
        return l.t(.rptNumber, n.contains("/") ? n : n + "/BC-UBND")
    }

    /// The day on the document: when it was finalised, or today for a draft.
    static func documentDate(_ report: Report, today: Formats.Day) -> Formats.Day {
        guard report.status != .draft, let at = report.finalisedAt.flatMap(Timestamp.parse) else { return today }
        return Formats.Day.today(at)
    }

    /// "Phường Đống Đa, ngày 05 tháng 3 năm 2026": Decree 30 writes a leading zero only for days
    /// below 10 and for months 1 and 2.
    static func placeDate(_ ward: WardIdentity, _ d: Formats.Day, _ l: Localizer) -> String {
        let (day, month) = decreeDay(d, l)
        let place = ward.name.isEmpty ? "......" : ward.name
        return l.t(.rptPlaceDate, place, day, month, d.year)
    }

    /// A day and month as Decree 30 writes them: a day under 10 and the months 1 and 2 with a
    /// leading zero ("ngày 05 tháng 9", "ngày 15 tháng 01").
    static func decreeDay(_ d: Formats.Day, _ l: Localizer) -> (day: String, month: String) {
        (String(format: "%02d", d.day), l.language == .vi && d.month > 2 ? String(d.month) : String(format: "%02d", d.month))
    }

    /// "Phường Đống Đa" as it reads inside a sentence: "phường Đống Đa".
    static func inSentence(_ name: String) -> String {
        for prefix in ["Phường ", "Xã ", "Thị trấn "] where name.hasPrefix(prefix) {
            return prefix.lowercased() + name.dropFirst(prefix.count)
        }
        return name
    }

    /// Non-empty paragraphs of a narrative part, one per line typed.
    static func paragraphs(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func roman(_ n: Int) -> String {
        let numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        return n >= 1 && n <= numerals.count ? numerals[n - 1] : String(n)
    }

    /// Capitals as a Vietnamese header writes them ("Phường Đống Đa" -> "PHƯỜNG ĐỐNG ĐA").
    static func upper(_ s: String) -> String { s.uppercased(with: Locale(identifier: "vi_VN")) }
}

/// The activities log for files: kind, form, audience, people by category, trainees by agency.
public enum ActivityExport {
    public static let keys = ["date", "kind", "channel", "audience", "people"] + AudienceCategory.allCases.map { "reached_" + $0.rawValue }
        + ["trainees"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.colVisitDate), l.t(.fieldActivityKind), l.t(.fieldChannel2), l.t(.fieldAudience), l.t(.fieldPeople)]
            + AudienceCategory.allCases.map { l.t(.fieldReachedOf, l.t($0.label)) } + [l.t(.fieldTraineesShort)]
    }

    public static func cells(_ a: Activity, _ l: Localizer) -> [Grid.Cell] {
        let channel: Grid.Cell = a.channel.map { .text(l.t($0.label)) } ?? .empty
        var row: [Grid.Cell] = [dayCell(a.date), .text(l.t(a.kind.label)), channel, textCell(a.audience), .number(Double(a.people))]
        for c in AudienceCategory.allCases { row.append(a.reached[c].map { .number(Double($0)) } ?? .empty) }
        let trainees = a.trainees.keys.sorted().map { "\($0): \(a.trainees[$0] ?? 0)" }.joined(separator: "; ")
        row.append(textCell(trainees))
        return row
    }

    public static func csv(_ rows: [Activity], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func json(_ rows: [Activity], _ l: Localizer) throws -> Data {
        try ListShape(sheetName: l.t(.actActivities), header: header(l), keys: keys, cells: { cells($0, l) }) {
            ["id": idValue($0.id), "kind_code": .text($0.kind.rawValue), "channel_code": .text($0.channel?.rawValue ?? ""),
             "establishment_id": idValue($0.establishmentId)]
        }.data(rows, format: .json, l: l)
    }
}
