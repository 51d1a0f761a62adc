import Foundation
import WardCaseCore

// Files for the inspection section: the visit, tip-off and hotspot lists as CSV, XLSX and JSON
// (the same columns in all three), and one visit as a Word "biên bản kiểm tra".

/// A value in an exported JSON object: text, a whole number or a flag.
public enum ExportJSONValue: Encodable, Equatable, Sendable {
    case text(String)
    case number(Int64)

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        }
    }

    /// Numbers stay numbers; dates read dd/mm/yyyy as in the other files; empty cells are "".
    public init(_ cell: Grid.Cell) {
        switch cell {
        case .number(let n), .money(let n), .percent(let n) where n == n.rounded() && abs(n) < 9e15: self = .number(Int64(n))
        default: self = .text(cell.text)
        }
    }
}


/// The visit list for files: the same columns for CSV, XLSX and JSON.
public enum VisitExport {
    /// Stable English keys of the JSON objects, one per column.
    public static let keys = ["date", "time", "place", "residential_group", "kind", "status", "team", "violations",
                              "total_fine", "remedy_deadline", "follow_up_due", "overdue", "author", "fines_paid"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.fieldVisitDate), l.t(.colVisitTime), l.t(.fieldPlace), l.t(.colGroup), l.t(.fieldVisitKind), l.t(.colStatus),
         l.t(.fieldTeam), l.t(.colViolationCount), l.t(.colTotalFine), l.t(.fieldRemedyDeadline), l.t(.fieldFollowUpDue),
         l.t(.colOverdue), l.t(.colAuthor), l.t(.colFinesPaid)]
    }

    /// Cells in the user's language: labels for kinds and statuses, dates as dates, counts and đồng as numbers.
    public static func cells(_ row: VisitRow, _ l: Localizer) -> [Grid.Cell] {
        let v = row.visit
        return [dayCell(v.date), textCell(v.time), textCell(row.placeName), textCell(row.group), .text(l.t(v.kind.label)),
                .text(l.t(v.status.label)), textCell(v.team), .number(Double(row.violations)), .money(Double(row.fines)),
                dayCell(v.remedyDeadline), dayCell(v.followUpDue), .text(l.t(row.overdue ? .yes : .no)), textCell(v.authorName),
                .money(Double(row.finesPaid))]
    }

    public static func csv(_ rows: [VisitRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [VisitRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    /// Column keys with the values as the file shows them, numbers as numbers, plus the record's
    /// id and the codes of its kind and status (the same in every language).
    public static func json(_ rows: [VisitRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    public static func shape(_ l: Localizer) -> ListShape<VisitRow> {
        ListShape(sheetName: l.t(.sheetVisits), header: header(l), keys: keys, cells: { cells($0, l) }) {
            ["id": idValue($0.visit.id), "kind_code": .text($0.visit.kind.rawValue), "status_code": .text($0.visit.status.rawValue)]
        }
    }
}

/// The tip-off list for files. The reporter's name is never exported.
public enum TipExport {
    public static let keys = ["received_date", "kind", "channel", "anonymous", "content", "place", "step", "due",
                              "overdue", "handled_date", "handled_in_time"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.fieldReceivedDate), l.t(.fieldTipKind), l.t(.fieldChannel), l.t(.fieldAnonymous), l.t(.fieldTipContent),
         l.t(.fieldPlace), l.t(.colTipStep), l.t(.colStepDue), l.t(.colOverdue), l.t(.fieldHandledDate), l.t(.colHandledInTime)]
    }

    public static func cells(_ row: TipRow, _ l: Localizer) -> [Grid.Cell] {
        let t = row.tip
        func yes(_ b: Bool) -> Grid.Cell { .text(l.t(b ? .yes : .no)) }
        return [dayCell(t.receivedDate), .text(l.t(t.kind.label)), .text(l.t(t.channel.label)), yes(t.anonymous),
                textCell(t.content), textCell(row.placeName), .text(l.t(t.step.label)), dayCell(t.due), yes(row.overdue),
                dayCell(t.handledDate), t.handledDate == nil ? .empty : yes(t.handledInTime)]
    }

    public static func csv(_ rows: [TipRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [TipRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    public static func json(_ rows: [TipRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    public static func shape(_ l: Localizer) -> ListShape<TipRow> {
        ListShape(sheetName: l.t(.sheetTips), header: header(l), keys: keys, cells: { cells($0, l) }) {
            ["id": idValue($0.tip.id), "kind_code": .text($0.tip.kind.rawValue), "channel_code": .text($0.tip.channel.rawValue),
             "step_code": .text(stepCode($0.tip.step))]
        }
    }

    /// verify, classify, handle, done.
    static func stepCode(_ s: TipStep) -> String {
        switch s { case .verify: "verify"; case .classify: "classify"; case .handle: "handle"; case .done: "done" }
    }
}

/// The hotspot list for files.
public enum HotspotExport {
    public static let keys = ["name", "address", "residential_group", "found_date", "status", "status_date", "visits", "last_visit"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.fieldHotspotName), l.t(.colAddress), l.t(.colGroup), l.t(.fieldFoundDate), l.t(.colStatus), l.t(.fieldStatusDate),
         l.t(.colVisitCount), l.t(.fileLastVisit)]
    }

    public static func cells(_ row: HotspotRow, _ l: Localizer) -> [Grid.Cell] {
        let h = row.hotspot
        return [.text(h.name), textCell(h.address), textCell(h.residentialGroup), dayCell(h.foundDate), .text(l.t(h.status.label)),
                dayCell(h.statusDate), .number(Double(row.visits)), dayCell(row.lastVisit)]
    }

    public static func csv(_ rows: [HotspotRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [HotspotRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    public static func json(_ rows: [HotspotRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    public static func shape(_ l: Localizer) -> ListShape<HotspotRow> {
        ListShape(sheetName: l.t(.sheetHotspots), header: header(l), keys: keys, cells: { cells($0, l) }) {
            ["id": idValue($0.hotspot.id), "status_code": .text($0.hotspot.status.rawValue)]
        }
    }
}

/// The standing team's roster for files, with each member's visits in the year.
public enum RosterExport {
    public static let keys = ["name", "agency", "role", "from", "to", "visits_this_year"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.fieldFullName), l.t(.fieldAgency2), l.t(.colRole), l.t(.colFrom), l.t(.colTo), l.t(.colVisitsThisYear)]
    }

    public static func cells(_ m: RosterMember, visits: Int, _ l: Localizer) -> [Grid.Cell] {
        [.text(m.name), textCell(m.agency), .text(l.t(m.role.label)), dayCell(m.from), dayCell(m.to), .number(Double(visits))]
    }

    public static func csv(_ rows: [RosterMember], visits: [Int64: Int], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, visits: $0.id.flatMap { visits[$0] } ?? 0, l) })
    }

    public static func xlsx(_ rows: [RosterMember], visits: [Int64: Int], _ l: Localizer) throws -> Data {
        try shape(visits: visits, l).data(rows, format: .xlsx, l: l)
    }

    public static func json(_ rows: [RosterMember], visits: [Int64: Int], _ l: Localizer) throws -> Data {
        try shape(visits: visits, l).data(rows, format: .json, l: l)
    }

    public static func shape(visits: [Int64: Int], _ l: Localizer) -> ListShape<RosterMember> {
        ListShape(sheetName: l.t(.actRoster), header: header(l), keys: keys, cells: { cells($0, visits: $0.id.flatMap { visits[$0] } ?? 0, l) }) {
            ["id": idValue($0.id), "role_code": .text($0.role.rawValue)]
        }
    }
}

// MARK: - Biên bản kiểm tra

/// One visit as a Word document laid out like a Vietnamese administrative record (Decree
/// 30/2020/NĐ-CP header, Times New Roman 13 pt), in the user's language. It names the team's
/// members and no one else: the establishment's representative signs and writes their own name.
public enum VisitRecordDocument {
    /// `sanctions`: the decision on each violation, in the record's order, once recorded.
    public static func docx(_ record: VisitRecord, place: String, address: String, ward: WardIdentity,
                            checklist: [ChecklistItem], sanctions: [Sanction?] = [], l: Localizer) throws -> Data {
        var doc = DocxDocument(blocks: blocks(record, place: place, address: address, ward: ward, checklist: checklist,
                                              sanctions: sanctions, l: l),
                               title: l.t(.docVisitTitle) + " - " + place)
        doc.fontSize = 13
        // Page numbers from the second page, as the report has them.
        doc.pageNumbers = true
        return try doc.data()
    }

    static func blocks(_ record: VisitRecord, place: String, address: String, ward: WardIdentity,
                       checklist: [ChecklistItem], sanctions: [Sanction?] = [], l: Localizer) -> [DocxBlock] {
        let v = record.visit
        let atHotspot = v.establishmentId == nil && v.hotspotId != nil
        var out: [DocxBlock] = []
        func para(_ p: DocxParagraph) { out.append(.paragraph(p)) }
        func body(_ text: String, indent: Bool = true) {
            para(DocxParagraph(text, alignment: .justify, firstLineIndent: indent ? 10 : 0, spaceAfter: 6))
        }
        func heading(_ text: String) {
            para(DocxParagraph(text, bold: true, alignment: .justify, spaceBefore: 6, spaceAfter: 3, keepWithNext: true))
        }
        let sections = ["I", "II", "III", "IV", "V", "VI", "VII"]
        var section = 0
        func nextSection(_ title: String) { heading("\(sections[min(section, sections.count - 1)]). \(title)"); section += 1 }

        // A record not yet approved is a draft, and says so at the top.
        let draft = v.status != .approved
        if draft { para(DocxParagraph(l.t(.docDraftMark), bold: true, size: 12, alignment: .right, spaceAfter: 6)) }
        // Header: the issuing body on the left, the national name and motto on the right, the
        // number (an approved record's only) under the body, the place and date under the motto.
        let team = v.team.isEmpty ? l.t(.docTeamDefault) : v.team
        // The team's last word never wraps alone onto a line of its own ("… 178 / PHƯỜNG").
        var left = [DocxParagraph(l.t(.docWardBody, upper(ward.name)), size: 12, alignment: .center),
                    DocxParagraph(noLoneLastWord(upper(team)), bold: true, size: 12, alignment: .center),
                    DocxParagraph("―――――――", size: 8, alignment: .center)]
        if let n = record.recordNumber, !draft { left.append(DocxParagraph(l.t(.docRecordNumber, n.number), size: 13, alignment: .center, spaceBefore: 2)) }
        let (day, month) = ReportDocument.decreeDay(v.date, l)
        let right = [DocxParagraph(l.t(.docNationalName), bold: true, size: 12, alignment: .center),
                     DocxParagraph(l.t(.docMotto), bold: true, underline: true, size: 13, alignment: .center),
                     DocxParagraph(l.t(.rptPlaceDate, ward.name.isEmpty ? "......" : ward.name, day, month, v.date.year), italic: true, size: 13,
                                   alignment: .center, spaceBefore: 6)]
        out.append(.table(DocxTable(rows: [[DocxCell(paragraphs: left), DocxCell(paragraphs: right)]],
                                    columnWidths: [42, 58], borders: false)))

        // Title.
        para(DocxParagraph(l.t(.docVisitTitle), bold: true, size: 14, alignment: .center, spaceBefore: 18, keepWithNext: true))
        if let amended = v.amendsVisitId {
            para(DocxParagraph(l.t(.docAmends, amended), italic: true, alignment: .center, keepWithNext: true))
        }
        para(DocxParagraph(l.t(atHotspot ? .docAboutHotspot : .docAboutEstablishment, place), bold: true,
                           alignment: .center, spaceAfter: 12, keepWithNext: true))

        // Opening sentence.
        let location = address.isEmpty || address == place ? place : "\(place), \(address)"
        let d = v.date
        if let minutes = VisitRules.parseTime(v.time) {
            body(l.t(.docOpeningTime, two(minutes / 60), two(minutes % 60), day, month, d.year, location))
        } else {
            body(l.t(.docOpening, day, month, d.year, location))
        }

        // The team.
        nextSection(l.t(.docSectionTeam))
        if record.members.isEmpty {
            body(l.t(.docNoMembers))
        }
        for (i, m) in record.members.enumerated() {
            body(m.agency.isEmpty ? l.t(.docMemberNameOnly, i + 1, m.name) : l.t(.docMember, i + 1, m.name, m.agency))
        }

        // The establishment's representative writes their own name on the paper copy.
        nextSection(l.t(atHotspot ? .docSectionWitness : .docSectionRepresentative))
        body(l.t(.docRepresentativeBlank))

        // What was checked.
        nextSection(l.t(.docSectionContent))
        body(l.t(.docKindLine, l.t(v.kind.label)))
        let names = Dictionary(checklist.compactMap { item in item.id.map { ($0, item) } }) { a, _ in a }
        let checked = record.checks.keys.sorted { a, b in
            let ka = names[a].map { ($0.sortOrder, a) } ?? (Int.max, a), kb = names[b].map { ($0.sortOrder, b) } ?? (Int.max, b)
            return ka < kb
        }
        if !checked.isEmpty {
            var rows: [[DocxCell]] = [[headerCell(l.t(.docColNo)), headerCell(l.t(.fieldChecklistItem)), headerCell(l.t(.docColResult))]]
            for (i, id) in checked.enumerated() {
                let name = names[id]?.name(l.language) ?? l.t(.docUnknownItem, id)
                rows.append([DocxCell(String(i + 1), alignment: .center), DocxCell(name),
                             DocxCell(l.t(record.checks[id]!.label), alignment: .center)])
            }
            out.append(.table(DocxTable(rows: rows, columnWidths: [9, 61, 30], headerRowCount: 1)))
            para(DocxParagraph("", size: 6))
        }
        if !v.findings.isEmpty {
            para(DocxParagraph(l.t(.fieldFindings) + ":", italic: true, alignment: .justify, firstLineIndent: 10, keepWithNext: true))
            for line in v.findings.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                body(String(line))
            }
        }

        // Violations and how they were handled.
        nextSection(l.t(.docSectionViolations))
        if record.violations.isEmpty {
            body(l.t(.docNoViolations))
        } else {
            var rows: [[DocxCell]] = [[headerCell(l.t(.docColNo)), headerCell(l.t(.fieldViolation)), headerCell(l.t(.fieldLegalBasis)),
                                       headerCell(l.t(.fieldHandling)), headerCell(l.t(.fieldFine))]]
            for (i, x) in record.violations.enumerated() {
                rows.append([DocxCell(String(i + 1), alignment: .center), DocxCell(x.description), DocxCell(x.legalBasis),
                             DocxCell(l.t(x.handling.label)), DocxCell(x.fine > 0 ? Formats.groupedDigits(x.fine) : "-", alignment: .right)])
            }
            if record.totalFine > 0 {
                rows.append([DocxCell(l.t(.docTotal), bold: true, alignment: .center, columnSpan: 4),
                             DocxCell(Formats.groupedDigits(record.totalFine), bold: true, alignment: .right)])
            }
            out.append(.table(DocxTable(rows: rows, columnWidths: [9, 35, 23, 17, 16], headerRowCount: 1)))
            para(DocxParagraph("", size: 6))
            if record.totalFine > 0 {
                // Vietnamese fine papers also write the amount in words.
                let amount = Formats.groupedDigits(record.totalFine)
                body(l.language == .vi ? l.t(.docTotalFineSpelled, amount, vietnameseWords(record.totalFine))
                                       : l.t(.docTotalFineWords, amount))
            }
            // The decisions that imposed the fines, and their payment, once recorded.
            for (i, s) in sanctions.enumerated() {
                if let s { body(l.t(.docSanctionOf, i + 1) + s.text(l) + ".") }
            }
        }

        // Deadlines.
        if v.remedyDeadline != nil || v.followUpDue != nil {
            nextSection(l.t(.docSectionRemedy))
            if let r = v.remedyDeadline { body(l.t(.docRemedyLine, r.vietnamese)) }
            if let f = v.followUpDue { body(l.t(.docFollowUpLine, f.vietnamese)) }
        }

        // Closing (the hour it ended is written in by hand) and signatures. No internal status or
        // login on the paper the establishment signs: the approval belongs in the app.
        para(DocxParagraph(l.t(.docEndedAt), alignment: .justify, firstLineIndent: 10, spaceBefore: 6, spaceAfter: 6, keepWithNext: true))
        para(DocxParagraph(l.t(.docClosing), alignment: .justify, firstLineIndent: 10, spaceAfter: 6, keepWithNext: true))
        func signature(_ who: String, name: String = "") -> DocxCell {
            var lines = [DocxParagraph(who, bold: true, alignment: .center, keepWithNext: true),
                         DocxParagraph(l.t(.docSignHint), italic: true, alignment: .center, keepWithNext: true)]
            // Room to sign, then the name typed where the app knows it.
            lines += Array(repeating: DocxParagraph("", alignment: .center, keepWithNext: true), count: 3)
            lines.append(DocxParagraph(name, bold: true, alignment: .center, spaceAfter: 18, keepWithNext: true))
            return DocxCell(paragraphs: lines)
        }
        let leader = record.members.first?.name ?? ""
        var rows = [[signature(l.t(atHotspot ? .docSignWitness : .docSignPlace)), signature(l.t(.docSignLeader), name: leader)]]
        // The other members sign too, two to a row, each above their name.
        let others = record.members.dropFirst().map { signature(l.t(.docSignMember), name: $0.name) }
        for i in stride(from: 0, to: others.count, by: 2) {
            rows.append(Array(others[i..<min(i + 2, others.count)]) + (i + 1 < others.count ? [] : [DocxCell(paragraphs: [])]))
        }
        out.append(.table(DocxTable(rows: rows, columnWidths: [1, 1], borders: false)))
        return out
    }

    /// The last two words joined by a no-break space, so that a wrapped line never ends with one word alone.
    static func noLoneLastWord(_ s: String) -> String {
        guard let last = s.lastIndex(of: " ") else { return s }
        return s.replacingCharacters(in: last...last, with: "\u{00A0}")
    }

    /// An amount in Vietnamese words, as fine papers write it: 1500000 -> "Một triệu năm trăm nghìn",
    /// 105000 -> "Một trăm linh năm nghìn", 21 -> "Hai mươi mốt".
    static func vietnameseWords(_ amount: Int64) -> String {
        let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
        func hundreds(_ v: Int, full: Bool) -> [String] {
            let h = v / 100, t = v / 10 % 10, u = v % 10
            var out: [String] = []
            if h > 0 || full { out += [digits[h], "trăm"] }
            switch t {
            case 0: if u > 0, h > 0 || full { out.append("linh") }
            case 1: out.append("mười")
            default: out += [digits[t], "mươi"]
            }
            if u > 0 {
                out.append(u == 1 && t >= 2 ? "mốt" : u == 5 && t >= 1 ? "lăm" : digits[u])
            }
            return out
        }
        func words(_ n: Int64) -> [String] {
            var out: [String] = []
            if n >= 1_000_000_000 { out += words(n / 1_000_000_000) + ["tỷ"] }
            let rest = Int(n % 1_000_000_000)
            for (value, unit) in [(rest / 1_000_000, "triệu"), (rest / 1000 % 1000, "nghìn"), (rest % 1000, "")] where value > 0 {
                out += hundreds(value, full: !out.isEmpty) + (unit.isEmpty ? [] : [unit])
            }
            return out
        }
        let text = amount <= 0 ? digits[0] : words(amount).joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func headerCell(_ text: String) -> DocxCell { DocxCell(text, bold: true, alignment: .center, shaded: true) }

    static func two(_ n: Int) -> String { String(format: "%02d", n) }

    /// Capitals as a Vietnamese header writes them ("Phường Đống Đa" -> "PHƯỜNG ĐỐNG ĐA").
    static func upper(_ s: String) -> String { s.uppercased(with: Locale(identifier: "vi_VN")) }
}
