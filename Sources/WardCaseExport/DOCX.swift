import Foundation
import ZIPFoundation

// A small WordprocessingML (.docx) writer: paragraphs of formatted runs, tables and page breaks
// on A4 paper with the margins of Decree 30/2020/NĐ-CP. Enough for an inspection record or an
// administrative report; no styles, lists or images; the only header is an optional page number.
//
// Units: page margins and indents in millimetres, font sizes and paragraph spacing in points.
// The same document always gives the same bytes.

/// A Word document: blocks in reading order, one font, A4 portrait.
public struct DocxDocument: Sendable, Equatable {
    /// Page margins in millimetres.
    public struct Margins: Sendable, Equatable {
        public var top: Double, bottom: Double, left: Double, right: Double
        public init(top: Double, bottom: Double, left: Double, right: Double) {
            self.top = top; self.bottom = bottom; self.left = left; self.right = right
        }
        /// Decree 30/2020/NĐ-CP: top 20 mm, bottom 20 mm, left 30 mm, right 15 mm.
        public static let decree30 = Margins(top: 20, bottom: 20, left: 30, right: 15)
    }

    public var blocks: [DocxBlock]
    /// The font of every run (Decree 30 asks for Times New Roman).
    public var font = "Times New Roman"
    /// The size of runs that do not set their own, in points.
    public var fontSize: Double = 13
    public var margins = Margins.decree30
    /// Shown as the title in the file's properties; nil leaves it out.
    public var title: String?
    /// Page numbers at the top centre from the second page on, as Decree 30 asks of
    /// documents longer than a page; the first page has none.
    public var pageNumbers = false

    public init(blocks: [DocxBlock] = [], title: String? = nil) {
        self.blocks = blocks; self.title = title
    }

    /// The .docx file bytes.
    public func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        // A fixed time stamp so that the same document gives the same bytes.
        let stamp = Date(timeIntervalSince1970: 315_532_800) // 1980-01-01, the earliest a zip can say
        for (path, text) in parts() {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: stamp,
                                 compressionMethod: .deflate) { pos, size in
                bytes.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        guard let data = archive.data else { throw DocxError.couldNotBuildPackage }
        return data
    }

    /// Every part of the package, by path, in the order they are stored.
    func parts() -> [(path: String, xml: String)] {
        var out: [(path: String, xml: String)] = [
            ("[Content_Types].xml", pageNumbers ? Docx.contentTypesWithHeaders : Docx.contentTypes),
            ("_rels/.rels", Docx.packageRelationships),
            ("docProps/core.xml", Docx.coreProperties(title: title)),
            ("docProps/app.xml", Docx.appProperties),
            ("word/document.xml", documentXML()),
            ("word/_rels/document.xml.rels", pageNumbers ? Docx.documentRelationshipsWithHeaders : Docx.documentRelationships),
            ("word/styles.xml", Docx.styles(font: font, size: fontSize)),
            ("word/settings.xml", Docx.settings),
        ]
        if pageNumbers {
            out += [("word/header1.xml", Docx.pageNumberHeader), ("word/header2.xml", Docx.emptyHeader)]
        }
        return out
    }

    // MARK: Page geometry, in twips (1/20 pt, 1/1440 inch)

    static let pageWidth = 11906, pageHeight = 16838 // A4

    /// The width between the left and right margins.
    var textWidth: Int { Self.pageWidth - Docx.twips(mm: margins.left) - Docx.twips(mm: margins.right) }

    // MARK: word/document.xml

    func documentXML() -> String {
        // A table without rows is not allowed; such a table is left out.
        let blocks = blocks.filter { if case .table(let t) = $0 { !t.rows.isEmpty } else { true } }
        var body = ""
        var pageBreakPending = false
        for (i, block) in blocks.enumerated() {
            switch block {
            case .paragraph(let p):
                body += Docx.paragraph(p, pageBreakBefore: pageBreakPending)
                pageBreakPending = false
            case .table(let t):
                if pageBreakPending { body += Docx.pageBreakParagraph; pageBreakPending = false }
                // Word joins tables that touch into one; a paragraph between keeps them apart.
                if i > 0, case .table = blocks[i - 1] { body += "<w:p/>" }
                body += Docx.table(t, width: textWidth)
            case .pageBreak:
                // Best as "page break before" on the next paragraph: no empty line atop the new page.
                if pageBreakPending { body += Docx.pageBreakParagraph }
                pageBreakPending = true
            }
        }
        if pageBreakPending { body += Docx.pageBreakParagraph }
        // A body ends with a paragraph: Word adds one after a closing table anyway.
        switch blocks.last {
        case nil, .table: body += "<w:p/>"
        case .paragraph, .pageBreak: break
        }
        let m = margins
        // The default header carries the page number; the first page gets its own, empty one.
        let headers = pageNumbers ? #"<w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/>"# : ""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(Docx.w)" xmlns:r="\(Docx.r)"><w:body>\(body)\
            <w:sectPr>\(headers)<w:pgSz w:w="\(Self.pageWidth)" w:h="\(Self.pageHeight)"/>\
            <w:pgMar w:top="\(Docx.twips(mm: m.top))" w:right="\(Docx.twips(mm: m.right))" \
            w:bottom="\(Docx.twips(mm: m.bottom))" w:left="\(Docx.twips(mm: m.left))" \
            w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="720"/>\(pageNumbers ? "<w:titlePg/>" : "")</w:sectPr>\
            </w:body></w:document>
            """
    }
}

/// What a document is made of, top to bottom.
public enum DocxBlock: Sendable, Equatable {
    case paragraph(DocxParagraph)
    case table(DocxTable)
    /// What follows starts on a new page.
    case pageBreak
}

/// A stretch of text with one look. "\n" in the text is a line break, "\t" a tab.
public struct DocxRun: Sendable, Equatable {
    public var text: String
    public var bold = false
    public var italic = false
    public var underline = false
    /// In points; nil means the document's size.
    public var size: Double?

    public init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil) {
        self.text = text; self.bold = bold; self.italic = italic; self.underline = underline; self.size = size
    }
}

/// A paragraph of runs.
public struct DocxParagraph: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, center, right, justify }

    public var runs: [DocxRun]
    public var alignment: Alignment = .left
    /// Indent of the first line, in millimetres (Decree 30: 10 to 12.7 mm for body text); negative hangs.
    public var firstLineIndent: Double = 0
    /// Space above and below the paragraph, in points.
    public var spaceBefore: Double = 0
    public var spaceAfter: Double = 0
    /// Line spacing as a multiple of single spacing (Decree 30: 1 to 1.5).
    public var lineSpacing: Double = 1
    /// Keep on the same page as the next block (for headings and the lines before a signature).
    public var keepWithNext = false

    public init(runs: [DocxRun], alignment: Alignment = .left, firstLineIndent: Double = 0,
                spaceBefore: Double = 0, spaceAfter: Double = 0, lineSpacing: Double = 1, keepWithNext: Bool = false) {
        self.runs = runs; self.alignment = alignment; self.firstLineIndent = firstLineIndent
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter; self.lineSpacing = lineSpacing
        self.keepWithNext = keepWithNext
    }

    /// One run of text.
    public init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil,
                alignment: Alignment = .left, firstLineIndent: Double = 0,
                spaceBefore: Double = 0, spaceAfter: Double = 0, keepWithNext: Bool = false) {
        self.init(runs: [DocxRun(text, bold: bold, italic: italic, underline: underline, size: size)],
                  alignment: alignment, firstLineIndent: firstLineIndent,
                  spaceBefore: spaceBefore, spaceAfter: spaceAfter, keepWithNext: keepWithNext)
    }
}

/// A table as wide as the text, with fixed column widths.
public struct DocxTable: Sendable, Equatable {
    /// Rows of cells; a cell spanning n columns counts n. Short rows are filled with empty cells.
    public var rows: [[DocxCell]]
    /// Relative column widths, scaled to the text width; missing or non-positive weights count as 1.
    public var columnWidths: [Double]
    /// Single thin lines around and between the cells; false for layout tables such as the
    /// Decree 30 header (issuing body left, national motto right) and signature blocks.
    public var borders: Bool
    /// This many rows at the top repeat on every page the table runs onto.
    public var headerRowCount: Int

    public init(rows: [[DocxCell]], columnWidths: [Double] = [], borders: Bool = true, headerRowCount: Int = 0) {
        self.rows = rows; self.columnWidths = columnWidths; self.borders = borders; self.headerRowCount = headerRowCount
    }

    /// The number of grid columns.
    var columnCount: Int {
        max(columnWidths.count, rows.map { $0.reduce(0) { $0 + max(1, $1.columnSpan) } }.max() ?? 0, 1)
    }

    /// Column widths in twips, adding up to exactly `total`.
    func columnTwips(total: Int) -> [Int] {
        let weights = (0..<columnCount).map { c in
            c < columnWidths.count && columnWidths[c].isFinite && columnWidths[c] > 0 ? columnWidths[c] : 1
        }
        let sum = weights.reduce(0, +)
        // Round the running total, not each width, so that rounding never adds up.
        var out: [Int] = [], before = 0.0
        for w in weights {
            let after = before + w
            out.append(Int((after / sum * Double(total)).rounded()) - Int((before / sum * Double(total)).rounded()))
            before = after
        }
        return out
    }
}

/// One cell of a table.
public struct DocxCell: Sendable, Equatable {
    /// An empty list gives an empty cell.
    public var paragraphs: [DocxParagraph]
    /// How many grid columns the cell covers.
    public var columnSpan: Int
    /// A light grey background, as for header rows.
    public var shaded: Bool

    public init(paragraphs: [DocxParagraph], columnSpan: Int = 1, shaded: Bool = false) {
        self.paragraphs = paragraphs; self.columnSpan = columnSpan; self.shaded = shaded
    }

    /// One paragraph of text.
    public init(_ text: String, bold: Bool = false, italic: Bool = false, alignment: DocxParagraph.Alignment = .left,
                columnSpan: Int = 1, shaded: Bool = false) {
        self.init(paragraphs: [DocxParagraph(text, bold: bold, italic: italic, alignment: alignment)],
                  columnSpan: columnSpan, shaded: shaded)
    }
}

public enum DocxError: Error, Equatable, Sendable {
    case couldNotBuildPackage
}

// MARK: - XML

/// The fixed parts of the package and the XML of each kind of block.
enum Docx {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    static func twips(mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }
    static func twips(points: Double) -> Int { Int((points * 20).rounded()) }
    static func halfPoints(_ points: Double) -> Int { max(2, Int((points * 2).rounded())) }

    // MARK: Blocks

    static func paragraph(_ p: DocxParagraph, pageBreakBefore: Bool = false) -> String {
        var ppr = ""
        if p.keepWithNext { ppr += "<w:keepNext/>" }
        if pageBreakBefore { ppr += "<w:pageBreakBefore/>" }
        ppr += "<w:spacing w:before=\"\(max(0, twips(points: p.spaceBefore)))\" w:after=\"\(max(0, twips(points: p.spaceAfter)))\" "
            + "w:line=\"\(max(24, Int((240 * p.lineSpacing).rounded())))\" w:lineRule=\"auto\"/>"
        if p.firstLineIndent != 0 {
            let t = twips(mm: abs(p.firstLineIndent))
            ppr += p.firstLineIndent > 0 ? "<w:ind w:firstLine=\"\(t)\"/>" : "<w:ind w:hanging=\"\(t)\"/>"
        }
        let jc = switch p.alignment {
        case .left: "left"
        case .center: "center"
        case .right: "right"
        case .justify: "both"
        }
        ppr += "<w:jc w:val=\"\(jc)\"/>"
        // The paragraph mark takes the look of the last run, so an empty line is as tall as its text would be.
        if let last = p.runs.last { ppr += runProperties(last) }
        return "<w:p><w:pPr>\(ppr)</w:pPr>" + p.runs.map(run).joined() + "</w:p>"
    }

    static let pageBreakParagraph = #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#

    static func runProperties(_ r: DocxRun) -> String {
        var rpr = ""
        if r.bold { rpr += "<w:b/><w:bCs/>" }
        if r.italic { rpr += "<w:i/><w:iCs/>" }
        if let size = r.size { rpr += "<w:sz w:val=\"\(halfPoints(size))\"/><w:szCs w:val=\"\(halfPoints(size))\"/>" }
        if r.underline { rpr += "<w:u w:val=\"single\"/>" }
        return rpr.isEmpty ? "" : "<w:rPr>\(rpr)</w:rPr>"
    }

    /// Two-syllable terms of the plans that a narrow table cell must not split ("kế" at the end
    /// of one line, "hoạch" on the next): in cells each is written with a no-break space, in lower
    /// case, capitalised and upper case. Body text keeps plain spaces, so that it reads and
    /// searches as typed.
    static let fixedTerms: [(String, String)] = [
        "kế hoạch", "mại dâm", "tình dục", "sức khỏe", "lao động", "vi phạm", "liên ngành", "tập huấn", "tuyên truyền",
        "cán bộ", "thông tin", "kiểm tra", "xử phạt", "quản lý", "hoạt động", "cơ sở", "người dân", "tiếp cận",
    ].flatMap { (term: String) -> [(String, String)] in
        [term, term.prefix(1).uppercased() + term.dropFirst(), term.uppercased(with: Locale(identifier: "vi_VN"))].map {
            ($0.precomposedStringWithCanonicalMapping, $0.precomposedStringWithCanonicalMapping.replacingOccurrences(of: " ", with: "\u{00A0}"))
        }
    }.filter { $0.0.contains(" ") }

    static func keepingTerms(_ text: String) -> String {
        var out = text.precomposedStringWithCanonicalMapping
        for (term, kept) in fixedTerms where out.contains(term) { out = out.replacingOccurrences(of: term, with: kept) }
        return out
    }

    /// A run; "\n" (or "\r\n", "\r") becomes a line break and "\t" a tab.
    static func run(_ r: DocxRun) -> String {
        var content = "", pending = "", previousWasCR = false
        func flush() {
            if !pending.isEmpty { content += "<w:t xml:space=\"preserve\">\(pending)</w:t>"; pending = "" }
        }
        for scalar in r.text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n": if !previousWasCR { flush(); content += "<w:br/>" }
            case "\r": flush(); content += "<w:br/>"
            case "\t": flush(); content += "<w:tab/>"
            default: pending += escape(scalar)
            }
        }
        flush()
        return content.isEmpty ? "" : "<w:r>\(runProperties(r))\(content)</w:r>"
    }

    static func table(_ t: DocxTable, width: Int) -> String {
        let grid = t.columnTwips(total: width)
        let pad = t.borders ? 40 : 0
        let line = t.borders ? #"w:val="single" w:sz="4" w:space="0" w:color="000000""# : #"w:val="nil""#
        let borders = ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(line)/>" }.joined()
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
        xml += "<w:tblBorders>\(borders)</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        // Ruled cells get a little air above and below the text; 1.5 mm at the sides.
        xml += "<w:tblCellMar><w:top w:w=\"\(pad)\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
        xml += "<w:bottom w:w=\"\(pad)\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        xml += "<w:tblGrid>\(grid.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined())</w:tblGrid>"
        for (r, row) in t.rows.enumerated() {
            xml += "<w:tr>"
            // No row splits across pages; header rows repeat on each page.
            xml += r < t.headerRowCount ? "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>"
            var column = 0
            var cells = row
            let used = row.reduce(0) { $0 + max(1, $1.columnSpan) }
            if used < grid.count { cells += Array(repeating: DocxCell(paragraphs: []), count: grid.count - used) }
            for cell in cells {
                let span = max(1, cell.columnSpan)
                let cellWidth = grid[column..<min(grid.count, column + span)].reduce(0, +)
                column += span
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(cellWidth)\" w:type=\"dxa\"/>"
                if span > 1 { xml += "<w:gridSpan w:val=\"\(span)\"/>" }
                if cell.shaded { xml += #"<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>"# }
                if r < t.headerRowCount && t.borders { xml += #"<w:vAlign w:val="center"/>"# }
                xml += "</w:tcPr>"
                // Every cell holds at least one paragraph, or Word calls the file damaged.
                xml += cell.paragraphs.isEmpty ? "<w:p/>" : cell.paragraphs.map { p in
                    var kept = p
                    for i in kept.runs.indices { kept.runs[i].text = keepingTerms(kept.runs[i].text) }
                    return paragraph(kept)
                }.joined()
                xml += "</w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    /// Text for XML element content or attribute values; characters XML 1.0 forbids are dropped.
    static func escape(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping.unicodeScalars.map(escape).joined()
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&apos;"
        case "\t", "\n", "\r": return String(scalar)
        default:
            let v = scalar.value
            return v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "" : String(scalar)
        }
    }

    // MARK: Fixed parts

    static let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let contentTypesWithHeaders = contentTypes.replacingOccurrences(of: "</Types>", with: """
        <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
        <Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
        </Types>
        """)

    static let packageRelationships = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static let documentRelationships = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        </Relationships>
        """

    static let documentRelationshipsWithHeaders = documentRelationships.replacingOccurrences(of: "</Relationships>", with: """
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
        <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>\
        </Relationships>
        """)

    /// The page number, centred, in the document's font and size (a PAGE field).
    static let pageNumberHeader = header + """
        <w:hdr xmlns:w="\(w)" xmlns:r="\(r)"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
        </w:p></w:hdr>
        """

    /// The first page's header: nothing.
    static let emptyHeader = header + #"<w:hdr xmlns:w="\#(w)" xmlns:r="\#(r)"><w:p/></w:hdr>"#

    static func coreProperties(title: String?) -> String {
        header + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            \(title.map { "<dc:title>\(escape($0))</dc:title>" } ?? "")<dc:language>vi-VN</dc:language>\
            </cp:coreProperties>
            """
    }

    static let appProperties = header + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>wardcase</Application></Properties>
        """

    /// The document font for every script, its size, Vietnamese as the language; single spacing, no space after.
    static func styles(font: String, size: Double) -> String {
        let f = escape(font), sz = halfPoints(size)
        return header + """
            <w:styles xmlns:w="\(w)"><w:docDefaults><w:rPrDefault><w:rPr>\
            <w:rFonts w:ascii="\(f)" w:hAnsi="\(f)" w:eastAsia="\(f)" w:cs="\(f)"/>\
            <w:sz w:val="\(sz)"/><w:szCs w:val="\(sz)"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>\
            </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
            </w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
            <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
            <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
            <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>\
            <w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            </w:styles>
            """
    }

    /// Lines ending in a line break ("\n") are not stretched in justified paragraphs.
    static let settings = header + """
        <w:settings xmlns:w="\(w)"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>\
        <w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:doNotExpandShiftReturn/>\
        <w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
        </w:compat></w:settings>
        """
}
