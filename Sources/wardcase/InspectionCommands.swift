import ArgumentParser
import Foundation
import TextCells
import WardCaseCore
import WardCaseExport

// `wardcase list visits | tips | hotspots`: the inspection lists from the shell, as an aligned
// table or as the same CSV / JSON the export files hold. Every option value is checked here and a
// bad one is one sentence in the user's language, never a parser dump.

/// --from, --to and --period, read into one range of days.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp(helpText(.cliHelpFromDayDdMm2))) var from: String?
    @Option(help: ArgumentHelp(helpText(.cliHelpUpIncludingDayDd))) var to: String?
    @Option(help: ArgumentHelp(helpText(.cliHelpMonth20261010)))
    var period: String?

    func range(_ l: Localizer) throws -> (from: Formats.Day?, to: Formats.Day?) {
        if let period {
            if from != nil || to != nil { throw CLIError(message: l.t(.errPeriodWithDates)) }
            guard let r = Self.period(period) else { throw CLIError(message: l.t(.errBadPeriod, period)) }
            return (r.lowerBound, r.upperBound)
        }
        let start = try from.map { try Self.day($0, option: "--from", l) }
        let end = try to.map { try Self.day($0, option: "--to", l) }
        if let start, let end, end < start { throw WardError.periodReversed }
        return (start, end)
    }

    /// dd/mm/yyyy (also d/m/yyyy, "-" or "." between) or yyyy-mm-dd; nothing else, so that a
    /// stray number is never read as a spreadsheet serial day.
    static func day(_ text: String, option: String, _ l: Localizer) throws -> Formats.Day {
        let t = text.trimmingCharacters(in: .whitespaces)
        var found: Formats.Day?
        if let n = numbers(t, #"^(\d{4})-(\d{1,2})-(\d{1,2})$"#) {
            found = Formats.Day(year: n[0], month: n[1], day: n[2])
        } else if numbers(t, #"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"#) != nil {
            found = Formats.Day(vietnamese: t)
        }
        guard let found else { throw CLIError(message: l.t(.errBadDateOption, option, text)) }
        return found
    }

    /// "2026" (a year), "2026-10" or "10/2026" (a month), "2026-Q4" (a quarter).
    static func period(_ text: String) -> ClosedRange<Formats.Day>? {
        let t = text.trimmingCharacters(in: .whitespaces)
        func months(_ y: Int, _ first: Int, _ last: Int) -> ClosedRange<Formats.Day>? {
            guard let a = Formats.Day(year: y, month: first, day: 1), let b = Formats.Day(year: y, month: last, day: 1) else { return nil }
            return a...b.monthRange.upperBound
        }
        if let n = numbers(t, #"^(\d{4})$"#) { return months(n[0], 1, 12) }
        if let n = numbers(t, #"^(\d{4})-(\d{1,2})$"#) { return months(n[0], n[1], n[1]) }
        if let n = numbers(t, #"^(\d{1,2})/(\d{4})$"#) { return months(n[1], n[0], n[0]) }
        if let n = numbers(t, #"^(\d{4})-[Qq]([1-4])$"#) { return months(n[0], n[1] * 3 - 2, n[1] * 3) }
        return nil
    }

    /// The captured groups of `pattern` as numbers, or nil when the text does not match.
    static func numbers(_ text: String, _ pattern: String) -> [Int]? {
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<m.numberOfRanges).compactMap { Range(m.range(at: $0), in: text).flatMap { Int(text[$0]) } }
    }
}

/// The output of every inspection list.
enum ListFormat: String, CaseIterable { case table, csv, json, ndjson, xlsx }

/// Reads a named choice ("follow-up" or "follow_up", any case); a value not in the list is one sentence.
func choice<T>(_ value: String?, option: String, _ choices: [(String, T)], _ l: Localizer) throws -> T? {
    guard let value else { return nil }
    let key = value.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
    if let found = choices.first(where: { $0.0 == key }) { return found.1 }
    throw CLIError(message: l.t(.errBadChoice, option, value, choices.map(\.0).joined(separator: ", ")))
}

/// A table for the terminal: a header line, columns padded to their widths (by display width,
/// so Vietnamese letters line up), trailing blanks trimmed.
struct TextTable {
    struct Column { var title: Msg; var width: Int; var right = false }
    var columns: [Column]

    func line(_ values: [String]) -> String {
        zip(values, columns).map { value, c in
            let flat = value.replacingOccurrences(of: "\\s*[\\r\\n]+\\s*", with: " ", options: .regularExpression)
            return TextWidth.pad(TextWidth.safe(flat), to: c.width, alignRight: c.right)
        }.joined(separator: " ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    func print(_ rows: [[String]], count: String, _ l: Localizer) {
        Swift.print(line(columns.map { l.t($0.title) }))
        for r in rows { Swift.print(line(r)) }
        Swift.print(count)
    }
}

/// "Tổ dân phố số 5" -> "Tổ 5": the group column of a terminal table is narrow.
func shortGroup(_ group: String) -> String {
    group.replacingOccurrences(of: #"^(?i)tổ dân phố\s+(số\s+)?"#, with: "Tổ ", options: .regularExpression)
}

extension Wardcase.List {
    static let formatHelp = ArgumentHelp(helpText(.cliHelpTableDefaultCsvJson))

    /// `--format`: table (the default), csv, json; the long lists also ndjson and xlsx.
    static func format(_ text: String?, _ l: Localizer, streaming: Bool = false) throws -> ListFormat {
        let allowed: [ListFormat] = streaming ? ListFormat.allCases : [.table, .csv, .json]
        return try choice(text, option: "--format", allowed.map { ($0.rawValue, $0) }, l) ?? .table
    }

    static let streamingFormatHelp = ArgumentHelp(helpText(.cliHelpListFormats))
    static let outputHelp = ArgumentHelp(helpText(.cliHelpListOutput), valueName: "file")

    static func write(_ data: Data) { FileHandle.standardOutput.write(data) }

    struct Visits: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintInspectionVisitsNewest))
        @OptionGroup var options: CommonOptions
        @OptionGroup var dates: PeriodOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpAllDefaultEveryVisit)))
        var view: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpPlannedDraftSubmittedApproved))) var status: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpPlannedUnannouncedFollowUp))) var kind: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyVisitsByTeam))) var team: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyVisitsPlacesWhose))) var filter: String?
        @Option(help: Wardcase.List.streamingFormatHelp) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: Wardcase.List.outputHelp) var output: String?

        static let views: [(String, VisitQuery.View)] = [
            ("all", .all), ("awaiting-approval", .awaitingApproval), ("follow-ups-overdue", .followUpsOverdue),
            ("remedy-passed", .remedyPassed), ("planned", .planned)]
        static let statuses: [(String, VisitStatus)] = VisitStatus.allCases.map { ($0.rawValue, $0) }
        static let kinds: [(String, VisitKind)] = [("planned", .planned), ("unannounced", .unannounced), ("follow-up", .followUp)]

        func run() throws {
            let (l, _) = try options.setUp()
            // Every value is checked before the database is opened.
            let format = try Wardcase.List.format(self.format, l, streaming: true)
            var q = VisitQuery(view: try choice(view, option: "--view", Self.views, l) ?? .all)
            (q.from, q.to) = try dates.range(l)
            q.status = try choice(status, option: "--status", Self.statuses, l)
            q.kind = try choice(kind, option: "--kind", Self.kinds, l)
            q.team = team ?? ""
            q.filter = filter ?? ""
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list visits")
            let table = TextTable(columns: [
                .init(title: .colDate, width: 10), .init(title: .colVisitTime, width: 5), .init(title: .colPlace, width: 26),
                .init(title: .colGroupShort, width: 8), .init(title: .colKind, width: 13), .init(title: .colStatus, width: 10),
                .init(title: .colViolationsShort, width: 7, right: true), .init(title: .colFines, width: 11, right: true),
                .init(title: .colDue, width: 10), .init(title: .colOverdue, width: 7)])
            let listing = Wardcase.List.Listing(what: "kiem-tra", shape: VisitExport.shape(l), table: table, line: { r in
                let v = r.visit
                return [v.date.vietnamese, v.time, r.placeName, shortGroup(r.group), l.t(v.kind.label), l.t(v.status.label),
                        String(r.violations), r.fines > 0 ? Formats.groupedDigits(r.fines) : "",
                        r.deadline?.vietnamese ?? "", r.overdue ? l.t(.colOverdue) : ""]
            }, count: { l.t(.visitCount, $0) }, total: { try store.countVisits(q) }, each: { try store.eachVisit(q, $0) })
            try Wardcase.List.stream(listing, format: format, output: output, heading: ListHeading.of(store, l.t(.sheetVisits), from: q.from, to: q.to),
                                     store: store, me: me, l)
        }
    }

    struct Tips: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintTipOffsTin))
        @OptionGroup var options: CommonOptions
        @OptionGroup var dates: PeriodOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpOpenNotYetHandled))) var status: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpInformationDenunciationComplaint))) var kind: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyTipsWhoseContent))) var filter: String?
        @Option(help: Wardcase.List.streamingFormatHelp) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: Wardcase.List.outputHelp) var output: String?

        static let statuses: [(String, TipQuery.View)] = [("open", .open), ("overdue", .overdue), ("handled", .handled)]
        static let kinds: [(String, TipKind)] = TipKind.allCases.map { ($0.rawValue, $0) }

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l, streaming: true)
            var q = TipQuery(view: try choice(status, option: "--status", Self.statuses, l) ?? .all)
            (q.from, q.to) = try dates.range(l)
            q.kind = try choice(kind, option: "--kind", Self.kinds, l)
            q.filter = filter ?? ""
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list tips")
            let table = TextTable(columns: [
                .init(title: .colDate, width: 10), .init(title: .fieldTipKind, width: 12), .init(title: .colContent, width: 32),
                .init(title: .colPlace, width: 22), .init(title: .colTipStep, width: 13), .init(title: .colDue, width: 10),
                .init(title: .colOverdue, width: 7)])
            let listing = Wardcase.List.Listing(what: "tin-bao", shape: TipExport.shape(l), table: table, line: { r in
                let t = r.tip
                return [t.receivedDate.vietnamese, l.t(t.kind.label), t.content, r.placeName, l.t(t.step.label),
                        t.due?.vietnamese ?? "", r.overdue ? l.t(.colOverdue) : ""]
            }, count: { l.t(.tipCount, $0) }, total: { try store.countTips(q) }, each: { try store.eachTip(q, $0) })
            try Wardcase.List.stream(listing, format: format, output: output, heading: ListHeading.of(store, l.t(.sheetTips), from: q.from, to: q.to),
                                     store: store, me: me, l)
        }
    }

    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "team", abstract: helpText(.cliHelpPrintTeam))
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.List.formatHelp) var format: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list team")
            let rows = try store.roster()
            let visits = try store.rosterVisitCounts(year: store.today.year)
            switch format {
            case .csv: Wardcase.List.write(RosterExport.csv(rows, visits: visits, l))
            // ndjson and xlsx are for the long lists (Wardcase.List.stream); this one is not offered them.
            case .ndjson, .xlsx, .json: Wardcase.List.write(try RosterExport.json(rows, visits: visits, l) + Data("\n".utf8))
            case .table:
                let table = TextTable(columns: [
                    .init(title: .fieldFullName, width: 24), .init(title: .fieldAgency2, width: 22), .init(title: .colRole, width: 12),
                    .init(title: .colFrom, width: 10), .init(title: .colTo, width: 10), .init(title: .colVisitsShort, width: 6, right: true)])
                table.print(rows.map { m in
                    [m.name, m.agency, l.t(m.role.label), m.from.vietnamese, m.to?.vietnamese ?? "", String(m.id.flatMap { visits[$0] } ?? 0)]
                }, count: l.t(.rosterCount, rows.count), l)
            }
            try store.recordListExport("doi-178", rows: rows.count, format: format.rawValue, by: me)
        }
    }

    struct Hotspots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintHotspotsIM))
        @OptionGroup var options: CommonOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpActiveEliminatedReformed))) var status: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyHotspotsWhoseName))) var filter: String?
        @Option(help: Wardcase.List.formatHelp) var format: String?

        static let statuses: [(String, HotspotStatus)] = HotspotStatus.allCases.map { ($0.rawValue, $0) }

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l)
            var q = HotspotQuery(status: try choice(status, option: "--status", Self.statuses, l))
            q.filter = filter ?? ""
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list hotspots")
            let rows = try store.hotspots(q)
            switch format {
            case .csv: Wardcase.List.write(HotspotExport.csv(rows, l))
            // ndjson and xlsx are for the long lists (Wardcase.List.stream); this one is not offered them.
            case .ndjson, .xlsx, .json: Wardcase.List.write(try HotspotExport.json(rows, l) + Data("\n".utf8))
            case .table:
                let table = TextTable(columns: [
                    .init(title: .colHotspot, width: 26), .init(title: .colAddress, width: 24), .init(title: .colGroupShort, width: 8),
                    .init(title: .colStatus, width: 15), .init(title: .colSince, width: 10),
                    .init(title: .colVisitsShort, width: 6, right: true), .init(title: .colLastInspection, width: 11)])
                table.print(rows.map { r in
                    let h = r.hotspot
                    return [h.name, h.address, shortGroup(h.residentialGroup), l.t(h.status.label), h.statusDate.vietnamese,
                            String(r.visits), r.lastVisit?.vietnamese ?? ""]
                }, count: l.t(.hotspotCount, rows.count), l)
            }
            try store.recordListExport("tu-diem", rows: rows.count, format: format.rawValue, by: me)
        }
    }
}
