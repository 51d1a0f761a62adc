import ArgumentParser
import Foundation
import WardCaseCore
import WardCaseReports

// `wardcase obligations list | set`: the reports the ward owes, by when, over which dates, to
// whom. `set` changes only what it is given; `--preset 001|004` takes a plan's regime first.

extension Wardcase {
    struct Obligations: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(.cliHelpObligations), subcommands: [List.self, Set.self])

        /// The regime in lines, as `list` prints it and `set` confirms it.
        static func lines(_ r: ReportRegime, _ l: Localizer) -> [String] {
            var out = ReportRegime.kinds.map { k -> String in
                guard r.owed.contains(k) else { return l.t(.oblNotOwed, l.t(k.label)) }
                return l.t(.oblOwed, l.t(k.label), l.t(deadlineRule(k), deadlineText(k, r.deadlines)))
            }
            out.append(l.t(.oblClosing, l.t(r.closing.label)))
            out.append(l.t(.oblDueSoon, r.dueSoonDays))
            out.append(l.t(.oblRecipients))
            out += r.recipients.isEmpty ? ["  " + l.t(.oblNoRecipients)] : r.recipients.map { "  - " + $0.line(l) }
            return out
        }

        static func deadlineRule(_ k: ReportKind) -> Msg {
            switch k {
            case .month: .oblRuleMonth
            case .quarter: .oblRuleQuarter
            default: .oblRuleFixed
            }
        }

        /// "13", or "05/06" for a fixed date.
        static func deadlineText(_ k: ReportKind, _ d: ReportDeadlines) -> String {
            switch k {
            case .month: String(d.monthDay)
            case .quarter: String(d.quarterDay)
            case .half: ReportDeadlines.dayMonth(d.halfYear)
            default: ReportDeadlines.dayMonth(d.year)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpObligationsList))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, _) = try options.signedIn("obligations list")
                for line in Obligations.lines(try store.reportRegime(), l) { print(line) }
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpObligationsSet))
            @OptionGroup var options: CommonOptions
            @Option(help: ArgumentHelp(helpText(.cliHelpObligationsPreset))) var preset: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpObligationsOwe))) var owe: String?
            @Option(name: .customLong("month-day"), help: ArgumentHelp(helpText(.cliHelpObligationsMonthDay))) var monthDay: Int?
            @Option(name: .customLong("quarter-day"), help: ArgumentHelp(helpText(.cliHelpObligationsQuarterDay))) var quarterDay: Int?
            @Option(help: ArgumentHelp(helpText(.cliHelpObligationsHalf))) var half: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpObligationsYear))) var year: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpObligationsClosing))) var closing: String?
            @Option(name: .customLong("due-soon-days"), help: ArgumentHelp(helpText(.cliHelpObligationsDueSoon))) var dueSoonDays: Int?
            @Option(name: .customLong("recipient"), help: ArgumentHelp(helpText(.cliHelpObligationsRecipient))) var recipients: [String] = []

            static func mmdd(_ text: String, option: String, _ l: Localizer) throws -> Int {
                guard let v = ReportDeadlines.mmdd(text) else { throw CLIError(message: l.t(.oblBadDate, option, text)) }
                return v
            }

            func run() throws {
                let (store, l, me) = try options.signedIn("obligations set")
                var r = try store.reportRegime()
                if let preset {
                    guard let p = ReportRegime.Preset(rawValue: preset) else {
                        throw CLIError(message: l.t(.errBadChoice, "--preset", preset, ReportRegime.Preset.allCases.map(\.rawValue).joined(separator: ", ")))
                    }
                    r = p.applied(to: r, l: l)
                }
                if let owe {
                    var kinds = Swift.Set<ReportKind>()
                    for word in owe.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty && word != "none" {
                        guard let k = ReportKind(rawValue: word == "6-month" ? "half" : word), ReportRegime.kinds.contains(k) else {
                            throw CLIError(message: l.t(.errBadChoice, "--owe", word, "month, quarter, half, year, none"))
                        }
                        kinds.insert(k)
                    }
                    r.owed = kinds
                }
                if let monthDay { r.deadlines.monthDay = monthDay }
                if let quarterDay { r.deadlines.quarterDay = quarterDay }
                if let half { r.deadlines.halfYear = try Self.mmdd(half, option: "--half", l) }
                if let year { r.deadlines.year = try Self.mmdd(year, option: "--year", l) }
                if let closing {
                    guard let c = ReportClosing.allCases.first(where: { $0.cliName == closing }) else {
                        throw CLIError(message: l.t(.errBadChoice, "--closing", closing, ReportClosing.allCases.map(\.cliName).joined(separator: ", ")))
                    }
                    r.closing = c
                }
                if let dueSoonDays { r.dueSoonDays = dueSoonDays }
                if !recipients.isEmpty {
                    r.recipients = recipients.map(ReportRecipient.init(typed:))
                }
                try store.setReportRegime(r, by: me)
                for line in Obligations.lines(try store.reportRegime(), l) { print(line) }
            }
        }
    }
}

extension Wardcase {
    /// `wardcase plan show | set`: the year's plan and its targets, by figure id.
    struct PlanCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", abstract: helpText(.cliHelpPlan), subcommands: [Show.self, Set.self])

        static func lines(_ p: AnnualPlan, store: WardStore, _ l: Localizer) throws -> [String] {
            let labels = try ReportPeriod.year(p.year).map { try store.reportFigures($0, language: l.language).all } ?? []
            var out = [l.t(.planHeader, p.year, p.title.isEmpty ? "—" : p.title, p.number.isEmpty ? "—" : p.number, p.date?.vietnamese ?? "—")]
            for f in labels { if let t = p.targets[f.id] { out.append("  \(f.id) = \(t)\(f.unit == .percent ? "%" : "") · \(f.labelText(l))") } }
            return out
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpPlanShow))
            @OptionGroup var options: CommonOptions
            @Option(help: ArgumentHelp(helpText(.cliHelpPlanYear))) var year: Int?

            func run() throws {
                let (store, l, _) = try options.signedIn("plan show")
                let y = year ?? store.today.year
                guard let plan = try store.annualPlan(year: y) else {
                    print(l.t(.planNone, y))
                    return
                }
                for line in try PlanCommand.lines(plan, store: store, l) { print(line) }
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpPlanSet))
            @OptionGroup var options: CommonOptions
            @Option(help: ArgumentHelp(helpText(.cliHelpPlanYear))) var year: Int?
            @Option(help: ArgumentHelp(helpText(.fieldPlanTitle))) var title: String?
            @Option(help: ArgumentHelp(helpText(.fieldPlanNumber))) var number: String?
            @Option(help: ArgumentHelp(helpText(.fieldPlanDate))) var date: String?
            @Option(name: .customLong("target"), help: ArgumentHelp(helpText(.cliHelpPlanTarget))) var targets: [String] = []

            func run() throws {
                let (store, l, me) = try options.signedIn("plan set")
                var plan = try store.draftPlan(year: year ?? store.today.year)
                if let title { plan.title = title }
                if let number { plan.number = number }
                if let date { plan.date = try PeriodOptions.day(date, option: "--date", l) }
                for t in targets {
                    let parts = t.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, !parts[0].isEmpty else { throw CLIError(message: l.t(.planBadTarget, t)) }
                    if parts[1].isEmpty { plan.targets[parts[0]] = nil; continue }
                    guard let v = Int64(parts[1]) else { throw CLIError(message: l.t(.planBadTarget, t)) }
                    plan.targets[parts[0]] = v
                }
                try store.saveAnnualPlan(plan, by: me)
                for line in try PlanCommand.lines(plan, store: store, l) { print(line) }
            }
        }
    }
}
