import ArgumentParser
import Foundation
import TextCells
import WardCaseCore
import WardCaseReports
import WardCaseExport

// `wardcase report list | draft | show | finalise | export | bundle | combine`: the ward's
// periodic reports from the shell, so that a clerk (or a scheduled job) can draft, finalise and
// send them without the TUI, and a city or province can add signed ward bundles up. Every value
// is checked here and a bad one is one sentence in the user's language, never a parser dump.

extension Wardcase {
    struct ReportCommand: ParsableCommand {
        static let periodHelp = helpText(.cliHelpReportPeriodIsWritten)

        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: helpText(.cliHelpDraftFinaliseExportBundle),
            discussion: periodHelp,
            subcommands: [ListSlots.self, Draft.self, Show.self, Finalise.self, Sent.self, Export.self, Bundle.self, Key.self, Combine.self])

        static let periodArgumentHelp = ArgumentHelp(
            helpText(.cliHelpReportPeriod202610),
            valueName: "period")

        // MARK: Shared pieces

        /// --period, read; missing or unreadable is one sentence.
        static func period(_ text: String?, _ l: Localizer) throws -> ReportPeriod {
            guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError(message: l.t(.rcliPeriodNeeded)) }
            guard let p = ReportPeriod(parsing: text) else { throw CLIError(message: l.t(.errUnknownPeriod, text)) }
            return p
        }

        /// Runs a command body; the errors of bundles and report files become one sentence.
        static func guarded(_ l: Localizer, _ body: () throws -> Void) throws {
            do { try body() } catch let e as BundleError {
                throw CLIError(message: e.message(l))
            } catch let e as KeyringError {
                throw CLIError(message: e.message(l))
            } catch let e as ReportFileError {
                throw CLIError(message: e.message(l))
            }
        }

        /// The latest version of the period's report, or a sentence saying there is none.
        static func latest(_ store: WardStore, _ period: ReportPeriod, _ l: Localizer) throws -> WardCaseReports.Report {
            guard let r = try store.reports(period: period).first else { throw CLIError(message: l.t(.rcliReportNone, period.code)) }
            return r
        }

        static func write(_ data: Data, to path: String, _ l: Localizer) throws {
            do {
                try PrivateFile.write(data, to: path, replace: true)
            } catch {
                throw CLIError(message: l.t(.rcliCannotWrite, path, reason(error)))
            }
        }

        /// The operating system's words for why a file could not be read or written.
        static func reason(_ error: Error) -> String {
            var e = error as NSError
            while let inner = e.userInfo[NSUnderlyingErrorKey] as? NSError { e = inner }
            if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
            let code: Int32? = switch (error as NSError).code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: ENOENT
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: EACCES
            case NSFileWriteOutOfSpaceError: ENOSPC
            case NSFileWriteVolumeReadOnlyError: EROFS
            default: nil
            }
            return code.map { String(cString: strerror($0)) } ?? (error as NSError).localizedDescription
        }

        /// "1.250", "85%", "1.500.000", or the words for not available (never 0).
        static func amount(_ value: Int64?, _ unit: FigureUnit, _ l: Localizer) -> String {
            guard let value else { return l.t(.notAvailable) }
            switch unit {
            case .percent: return "\(value)%"
            case .count, .money:
                let grouped = Formats.groupedDigits(value)
                return l.language == .en ? grouped.replacingOccurrences(of: ".", with: ",") : grouped
            }
        }

        static func unitName(_ unit: FigureUnit, _ l: Localizer) -> String {
            switch unit {
            case .count: l.t(.rcliUnitCount)
            case .percent: l.t(.rcliUnitPercent)
            case .money: l.t(.rcliUnitMoney)
            }
        }

        /// One line of a figure table as it is printed.
        struct Line { var label: String; var value: Int64?; var unit: FigureUnit; var target: Int64?; var detail: Bool }

        /// Sections of figures as an aligned text table: the header once, each section's title,
        /// its figures (breakdowns indented), the value and target right-aligned.
        static func figureTable(_ sections: [(title: String, lines: [Line])], _ l: Localizer) -> [String] {
            let labels = sections.flatMap { $0.lines.map { ($0.detail ? "  - " : "") + $0.label } }
            let labelWidth = min(64, max(TextWidth.of(l.t(.rcliColFigure)), labels.map(TextWidth.of).max() ?? 0))
            let values = sections.flatMap { $0.lines.map { amount($0.value, $0.unit, l) } }
            let valueWidth = max(TextWidth.of(l.t(.rcliColValue)), values.map(TextWidth.of).max() ?? 0)
            let table = TextTable(columns: [.init(title: .rcliColFigure, width: labelWidth),
                                            .init(title: .rcliColValue, width: valueWidth, right: true),
                                            .init(title: .rcliColTarget, width: max(8, TextWidth.of(l.t(.rcliColTarget))), right: true)])
            var out = [table.line([l.t(.rcliColFigure), l.t(.rcliColValue), l.t(.rcliColTarget)])]
            for s in sections {
                out.append("")
                out.append(s.title.uppercased(with: Locale(identifier: "vi_VN")))
                for x in s.lines {
                    out.append(table.line([(x.detail ? "  - " : "") + x.label, amount(x.value, x.unit, l),
                                           x.target.map { amount($0, x.unit, l) } ?? ""]))
                }
            }
            return out
        }

        /// A report with its figures and narrative, as `show` and `draft` print it.
        static func printReport(_ report: WardCaseReports.Report, store: WardStore, _ l: Localizer) throws {
            let ward = try store.ward()
            print(l.t(.rcliHeader, report.period.title(l), ward?.name ?? "", report.version, l.t(report.status.label)))
            if !report.number.isEmpty { print(l.t(.rcliNumber, report.number)) }
            if let on = report.sentOn {
                print(l.t(.reportSentLine, on.vietnamese, report.sentNumber.isEmpty ? "—" : report.sentNumber, report.sentTo.map { $0.line(l) }.joined(separator: "; ")))
            }
            if report.status == .draft {
                print(l.t(.rcliFreshFigures))
            } else if let at = report.finalisedAt {
                print(l.t(.rcliFinalisedAt, Timestamp.parse(at).map(Timestamp.display) ?? at, report.finalisedBy))
            }
            let figures = try store.figures(of: report, language: l.language)
            print(figures.dataLine(l))
            let lines = figureTable(figures.sections.map { s in
                (s.titleText(l), s.figures.map { Line(label: $0.labelText(l), value: $0.value, unit: $0.unit, target: $0.target, detail: $0.detail) })
            }, l)
            for line in lines { print(line) }
            for part in NarrativePart.allCases {
                print("")
                print(l.t(part.label).uppercased(with: Locale(identifier: "vi_VN")))
                let text = report.narrative[part]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                print(text.isEmpty ? l.t(.rcliNarrativeEmpty) : text)
            }
        }
    }
}

extension Wardcase.ReportCommand {
    struct ListSlots: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: helpText(.cliHelpListReportPeriodsAround),
            discussion: Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions

        func run() throws {
            let (store, l, _) = try options.signedIn("report list")
            let slots = try store.reportSlots(today: store.today)
            let titles = slots.map { $0.period.title(l) }
            let table = TextTable(columns: [
                .init(title: .rcliColPeriod, width: max(7, TextWidth.of(l.t(.rcliColPeriod)))),
                .init(title: .rcliColTitle, width: max(TextWidth.of(l.t(.rcliColTitle)), titles.map(TextWidth.of).max() ?? 0)),
                .init(title: .colDeadline, width: 10),
                .init(title: .colStatus, width: max(TextWidth.of(l.t(.colStatus)), slots.map { TextWidth.of(l.t($0.label)) + ($0.report?.sentOn == nil ? 0 : 11) }.max() ?? 0)),
                .init(title: .rcliColVersion, width: TextWidth.of(l.t(.rcliColVersion)), right: true)])
            table.print(zip(slots, titles).map { s, title in
                [s.period.code, title, s.deadline?.vietnamese ?? "", l.t(s.label) + (s.report?.sentOn.map { " " + $0.vietnamese } ?? ""),
                 s.report.map { String($0.version) } ?? ""]
            }, count: l.t(.rcliSlotCount, slots.count), l)
        }
    }

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpMakePeriodSDraft),
            discussion: Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "report draft")
            let before = try store.reports(period: p).first
            let draft = try store.draftReport(p, by: me)
            if before?.id != draft.id { print(l.t(.rcliDraftMade, draft.version, p.code)) }
            try Wardcase.ReportCommand.printReport(draft, store: store, l)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintReportFiguresAs),
            discussion: Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpVersionNumberSeeWardcase))) var version: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let store = try options.openStore()
            _ = try options.signIn(store, l, "report show")
            let all = try store.reports(period: p)
            guard let latest = all.first else { throw CLIError(message: l.t(.rcliReportNone, p.code)) }
            var report = latest
            if let version {
                guard let n = Int(version.trimmingCharacters(in: .whitespaces)), let found = all.first(where: { $0.version == n }) else {
                    throw CLIError(message: l.t(.rcliNoVersion, p.code, version, all.map { String($0.version) }.reversed().joined(separator: ", ")))
                }
                report = found
            }
            try Wardcase.ReportCommand.printReport(report, store: store, l)
        }
    }

    struct Finalise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpFinalisePeriodSReport),
            discussion: Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "report finalise")
            if let latest = try store.reports(period: p).first, latest.status != .draft {
                print(l.t(.rcliAlreadyFinal, p.code, latest.version, l.t(latest.status.label)))
                return
            }
            let draft = try store.draftReport(p, by: me)
            guard let id = draft.id else { throw WardError.notFound }
            let done = try store.finaliseReport(reportId: id, by: me)
            print(l.t(.rcliFinalised, p.code, done.version))
        }
    }

    /// `wardcase report sent --period P [--on DATE] [--number N] [--recipient "Name|via"]...`.
    struct Sent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(.cliHelpReportSent), discussion: Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpSentOn))) var on: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpSentNumber))) var number: String?
        @Option(name: .customLong("recipient"), help: ArgumentHelp(helpText(.cliHelpObligationsRecipient))) var recipients: [String] = []

        func run() throws {
            let (l, _) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let day = try on.map { try PeriodOptions.day($0, option: "--on", l) }
            let store = try options.openStore()
            let me = try options.signIn(store, l, "report sent")
            let r = try Wardcase.ReportCommand.latest(store, p, l)
            guard let id = r.id else { throw WardError.notFound }
            let to = recipients.isEmpty ? nil : recipients.map(ReportRecipient.init(typed:))
            try store.markReportSent(reportId: id, on: day, to: to, number: number, by: me)
            guard let sent = try store.report(id: id) else { throw WardError.notFound }
            print(l.t(.rcliSent, p.code, sent.version, sent.sentOn?.vietnamese ?? "", sent.sentNumber.isEmpty ? "—" : sent.sentNumber,
                      sent.sentTo.map { $0.line(l) }.joined(separator: "; ")))
        }
    }

    struct Export: ParsableCommand {
        typealias Format = ReportDocument.Format

        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpWritePeriodSLatest),
            discussion: Wardcase.ReportCommand.periodHelp + "\n\nCSV and Markdown go to standard output when -o is not given.")
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpDocxXlsxCsvMd))) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(helpText(.cliHelpFileWrite))) var output: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let choices = Format.allCases.map { ($0.rawValue, $0) } + [("markdown", .md)]
            let fromName = output.flatMap { Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            guard let format = try choice(format, option: "--format", choices, l) ?? fromName else {
                throw CLIError(message: l.t(.rcliFormatNeeded))
            }
            if output == nil, [.docx, .xlsx, .pdf].contains(format) { throw CLIError(message: l.t(.rcliNeedsOutput, format.rawValue)) }
            let store = try options.openStore()
            let me = try options.signIn(store, l, "report export")
            let report = try Wardcase.ReportCommand.latest(store, p, l)
            let figures = try store.figures(of: report, language: l.language)
            let ward = try store.ward() ?? WardIdentity(name: "", province: "", receivingAgency: "")
            let today = store.today
            try Wardcase.ReportCommand.guarded(l) {
                let trend = try store.monthlyTrend(through: report.period.end).map { ($0.label, $0.visits, $0.violations) }
                let data = try ShellProgress.run(.progressExport, l) {
                    try ReportDocument.file(format, report: report, figures: figures, ward: ward, recipients: try store.reportRegime().recipients,
                                            signer: try store.reportSigner(), l: l, today: today, trend: trend, progress: $0)
                }
                if let output {
                    try Wardcase.ReportCommand.write(data, to: output, l)
                    print(l.t(.fileWritten, output))
                } else {
                    FileHandle.standardOutput.write(data)
                    if format == .md, data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
                }
                // The same words as the app's export: one document, what and in which format.
                try store.recordListExport("bao-cao-\(p.code)", rows: 1, format: format.rawValue, by: me)
                // Said once the file is there, on standard error so that a piped document stays clean.
                if report.status == .draft {
                    FileHandle.standardError.write(Data((l.t(.rcliExportDraft, p.code, report.version) + "\n").utf8))
                }
            }
        }
    }

    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpWritePeriodSFinalised),
            discussion: Wardcase.ReportCommand.periodHelp + helpText(.cliHelpOnlyFinalSentReport))
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.ReportCommand.periodArgumentHelp) var period: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(helpText(.cliHelpFileWriteDefaultStandard))) var output: String?

        func run() throws {
            let (l, resources) = try options.setUp()
            let p = try Wardcase.ReportCommand.period(period, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "report bundle")
            let report = try Wardcase.ReportCommand.latest(store, p, l)
            guard let id = report.id else { throw WardError.notFound }
            try Wardcase.ReportCommand.guarded(l) {
                // A draft is refused before the passphrase is asked for.
                if report.status == .draft { throw BundleError.notFinal(period: report.period.code, version: report.version) }
                let passphrase = try Key.passphrase(store, l, "report bundle")
                // Bundles travel to the province: their labels are Vietnamese whatever --lang says.
                let data = try ReportBundle.bundle(store: store, reportId: id, labels: try Localizer.load(.vi, resources: resources),
                                                   passphrase: passphrase, by: me)
                guard let output else { FileHandle.standardOutput.write(data); return }
                try Wardcase.ReportCommand.write(data, to: output, l)
                let b = try ReportBundle.verify(data)
                print(l.t(.rcliBundled, output, b.ward, b.period.code, b.reportVersion, b.keyFingerprint))
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintFingerprintWardS),
            discussion: helpText(.cliHelpReceivingOfficeTrustsWard))
        @OptionGroup var options: CommonOptions
        @Flag(name: .customLong("new"), help: ArgumentHelp(helpText(.cliHelpMakeNewSigningKey))) var makeNew = false

        func run() throws {
            let (store, l, me) = try options.signedIn(makeNew ? "report key --new" : "report key")
            if makeNew {
                let passphrase = try ShellSignIn(store: store, l: l, command: "report key --new")
                    .newSecret(file: Self.passphraseFile, prompt: l.t(.rcliSigningNewPassphrase), again: l.t(.rcliSigningPassphraseAgain))
                print(l.t(.rcliSigningKeyNew, try store.newSigningKey(passphrase: passphrase, by: me)))
            } else if let fp = try store.signingKeyFingerprint(by: me) {
                print(l.t(.rcliSigningKey, fp))
            } else {
                print(l.t(.rcliSigningKeyNone))
            }
        }

        static let passphraseFile = "WARDCASE_SIGNING_PASSPHRASE_FILE"

        /// The signing passphrase: the one set before, or a new one (typed twice) for the first key.
        static func passphrase(_ store: WardStore, _ l: Localizer, _ command: String) throws -> String {
            let asker = ShellSignIn(store: store, l: l, command: command)
            if try store.hasSealedSigningKey() { return try asker.secret(file: passphraseFile, prompt: l.t(.rcliSigningPassphrase)) }
            FileHandle.standardError.write(Data((l.t(.rcliSigningFirst) + "\n").utf8))
            return try asker.newSecret(file: passphraseFile, prompt: l.t(.rcliSigningNewPassphrase), again: l.t(.rcliSigningPassphraseAgain))
        }
    }

    struct Combine: ParsableCommand {
        enum Format: String, CaseIterable { case table, csv, json, md, xlsx }

        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpAddUpSignedBundles),
            discussion: helpText(.cliHelpEachWardSKey) + "\n\n" + Wardcase.ReportCommand.periodHelp)
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpBundleFilesFromWardcase))) var files: [String] = []
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyBundlesPeriodDefault), valueName: "period")) var period: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpTableDefaultCsvJson3))) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(helpText(.cliHelpFileWriteDefaultStandard))) var output: String?
        @OptionGroup var ring: KeyringOption

        func run() throws {
            let (l, _) = try options.setUp()
            let keyring = try ring.load(l)
            let format = try choice(format, option: "--format", Format.allCases.map { ($0.rawValue, $0) } + [("markdown", .md)], l) ?? .table
            if output == nil, format == .xlsx { throw CLIError(message: l.t(.rcliNeedsOutput, format.rawValue)) }
            let wanted = try period.map { try Wardcase.ReportCommand.period($0, l) }
            var bundles: [Data] = []
            for path in files {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    throw WardError.unreadableFile(path: path, reason: Wardcase.ReportCommand.reason(error))
                }
                // Each file is checked alone first, so that the sentence can name it.
                do { try keyring.check(try ReportBundle.verify(data)) } catch let e as BundleError {
                    throw CLIError(message: path + ": " + e.message(l))
                }
                bundles.append(data)
            }
            try Wardcase.ReportCommand.guarded(l) {
                let combined = try ReportBundle.combine(bundles, period: wanted, keyring: keyring)
                let data: Data
                switch format {
                case .table: data = Data((Self.table(combined, l).joined(separator: "\n") + "\n").utf8)
                case .md: data = Data((Self.markdown(combined, l).joined(separator: "\n") + "\n").utf8)
                case .csv: data = CSV.write(Self.csvRows(combined, l))
                case .xlsx: data = try ReportDocument.xlsx(combined: combined, l: l)
                case .json:
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    data = try enc.encode(combined) + Data("\n".utf8)
                }
                if let output {
                    try Wardcase.ReportCommand.write(data, to: output, l)
                    print(l.t(.fileWritten, output))
                } else {
                    FileHandle.standardOutput.write(data)
                }
            }
        }

        static func sections(_ c: CombinedFigures, _ l: Localizer) -> [(title: String, figures: [CombinedFigure])] {
            var out: [(title: String, figures: [CombinedFigure])] = []
            for f in c.figures {
                let title = f.sectionText(l)
                if out.last?.title == title { out[out.count - 1].figures.append(f) } else { out.append((title, [f])) }
            }
            return out
        }

        static func table(_ c: CombinedFigures, _ l: Localizer) -> [String] {
            var out = [l.t(.rcliCombineTitle, c.wards.count, c.period.title(l))]
            for w in c.wards {
                out.append("- " + w.line(l))
            }
            if !c.missing.isEmpty { out.append(l.t(.rcliCombineMissing, c.missing.count, c.missing.joined(separator: "; "))) }
            out.append("")
            out += Wardcase.ReportCommand.figureTable(sections(c, l).map { s in
                (s.title, s.figures.map { Wardcase.ReportCommand.Line(label: $0.labelText(l), value: $0.value, unit: $0.unit, target: $0.target, detail: $0.detail) })
            }, l)
            out.append("")
            out.append(l.t(.rcliCombineNote))
            return out
        }

        static func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "[\\r\\n]+", with: " ", options: .regularExpression)
        }

        static func markdown(_ c: CombinedFigures, _ l: Localizer) -> [String] {
            var out = ["# " + l.t(.rcliCombineTitle, c.wards.count, c.period.title(l)), ""]
            for w in c.wards {
                out.append("- " + cell(w.line(l)))
            }
            if !c.missing.isEmpty { out += ["", cell(l.t(.rcliCombineMissing, c.missing.count, c.missing.joined(separator: "; ")))] }
            for s in sections(c, l) {
                out += ["", "## " + s.title, "",
                        "| \(l.t(.rcliColFigure)) | \(l.t(.rcliColValue)) | \(l.t(.rcliColTarget)) |", "|---|---:|---:|"]
                for f in s.figures {
                    let label = (f.detail ? "— " : "") + cell(f.labelText(l))
                    out.append("| \(label) | \(Wardcase.ReportCommand.amount(f.value, f.unit, l)) | "
                               + "\(f.target.map { Wardcase.ReportCommand.amount($0, f.unit, l) } ?? "") |")
                }
            }
            out += ["", "_" + l.t(.rcliCombineNote) + "_"]
            return out
        }

        /// One row a figure; an empty value cell is "not available", numbers without separators.
        static func csvRows(_ c: CombinedFigures, _ l: Localizer) -> [[String]] {
            [[l.t(.rcliColPeriod), l.t(.rcliColSection), l.t(.rcliColId), l.t(.rcliColFigure), l.t(.rcliColValue),
              l.t(.rcliColUnit), l.t(.rcliColTarget), l.t(.rcliColWards)]]
                + c.figures.map { f in
                    [c.period.code, f.sectionText(l), f.id, f.labelText(l), f.value.map(String.init) ?? "",
                     Wardcase.ReportCommand.unitName(f.unit, l), f.target.map(String.init) ?? "", String(f.wards)]
                }
        }
    }
}

extension Wardcase.List {
    /// `wardcase list activities`: the communication and training log, by form and audience.
    struct Activities: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(.cliHelpPrintActivities))
        @OptionGroup var options: CommonOptions
        @OptionGroup var dates: PeriodOptions
        @Option(help: Wardcase.List.formatHelp) var format: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l)
            let (from, to) = try dates.range(l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list activities")
            let today = store.today
            let period = ReportPeriod(kind: .custom, start: from ?? Formats.Day(year: today.year, month: 1, day: 1) ?? today, end: to ?? today)
            let rows = try store.activities(in: period)
            switch format {
            case .csv: Wardcase.List.write(ActivityExport.csv(rows, l))
            // ndjson and xlsx are for the long lists (Wardcase.List.stream); this one is not offered them.
            case .ndjson, .xlsx, .json: Wardcase.List.write(try ActivityExport.json(rows, l) + Data("\n".utf8))
            case .table:
                let table = TextTable(columns: [
                    .init(title: .colVisitDate, width: 10), .init(title: .fieldActivityKind, width: 12), .init(title: .fieldChannel2, width: 24),
                    .init(title: .fieldAudience, width: 30), .init(title: .fieldPeople, width: 7, right: true)])
                table.print(rows.map { a in
                    [a.date.vietnamese, l.t(a.kind.label), a.channel.map { l.t($0.label) } ?? "", a.audience, String(a.people)]
                }, count: l.t(.activityCount, rows.count), l)
            }
            try store.recordListExport("hoat-dong", rows: rows.count, format: format.rawValue, by: me)
        }
    }
}
