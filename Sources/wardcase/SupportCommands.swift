import ArgumentParser
import Foundation
import WardCaseCore
import WardCaseExport

// `wardcase list cases | referrals` and `wardcase provider list | set`: the support section from
// the shell. The lists print codes and facts that are safe to count, never an identity, a note or
// a referral outcome. Every option value is checked here and a bad one is one sentence.

/// A choice's name on the command line: "on_hold" -> "on-hold".
private func cliName(_ raw: String) -> String { raw.replacingOccurrences(of: "_", with: "-") }

let serviceChoices: [(String, Service)] = Service.allCases.map { (cliName($0.rawValue), $0) }

extension Wardcase.List {
    struct Cases: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintSupportCasesBy))
        @OptionGroup var options: CommonOptions
        @OptionGroup var dates: PeriodOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpOpenHoldClosed))) var status: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpTargetGroup, groups.map(\.0).joined(separator: ", ")))) var group: String?
        @Option(help: Wardcase.List.streamingFormatHelp) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: Wardcase.List.outputHelp) var output: String?

        static let statuses: [(String, CaseStatus)] = CaseStatus.allCases.map { (cliName($0.rawValue), $0) }
        static let groups: [(String, TargetGroup)] = TargetGroup.allCases.map { (cliName($0.rawValue), $0) }

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l, streaming: true)
            let q = CaseQuery(status: try choice(status, option: "--status", Self.statuses, l),
                              targetGroup: try choice(group, option: "--group", Self.groups, l))
            // The period is on the day of first contact.
            let (from, to) = try dates.range(l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list cases")
            let table = TextTable(columns: [
                .init(title: .colCaseCode, width: 12), .init(title: .fieldSex, width: 9), .init(title: .colAgeShort, width: 10),
                .init(title: .colSourceShort, width: 18), .init(title: .colFirstContactShort, width: 10),
                .init(title: .colStatus, width: 12), .init(title: .colSince, width: 10),
                .init(title: .colReferralsShort, width: 10, right: true), .init(title: .colFollowUpShort, width: 10)])
            let listing = Wardcase.List.Listing(what: "ho-so", shape: CaseExport.shape(l), table: table, line: { r in
                let c = r.supportCase
                return [c.code, l.t(c.sex.label), l.t(c.ageGroup.label), l.t(c.source.label), c.firstContact.vietnamese,
                        l.t(c.status.label), c.statusDate.vietnamese, String(r.referrals), r.nextFollowUp?.vietnamese ?? ""]
            }, count: { l.t(.caseCount, $0) }, total: { try store.countCases(q) }, each: { body in
                try store.eachCase(q) { r in
                    let d = r.supportCase.firstContact
                    if from.map({ d >= $0 }) ?? true, to.map({ d <= $0 }) ?? true { try body(r) }
                }
            })
            try Wardcase.List.stream(listing, format: format, output: output, heading: ListHeading.of(store, l.t(.sheetCases), from: from, to: to),
                                     store: store, me: me, l)
        }
    }

    struct Referrals: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpPrintReferralsServicesBy))
        @OptionGroup var options: CommonOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpAllDefaultAwaitingFollow))) var view: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpProposedReferredReceivedUsed))) var status: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOneService, serviceChoices.map(\.0).joined(separator: ", ")))) var service: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpProviderSIdExact))) var provider: String?
        @Option(help: Wardcase.List.streamingFormatHelp) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: Wardcase.List.outputHelp) var output: String?

        static let views: [(String, ReferralQuery.View)] = [
            ("all", .all), ("awaiting-follow-up", .awaitingFollowUp), ("overdue", .overdue)]
        static let statuses: [(String, ReferralStatus)] = ReferralStatus.allCases.map { (cliName($0.rawValue), $0) }

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l, streaming: true)
            var q = ReferralQuery(view: try choice(view, option: "--view", Self.views, l) ?? .all, today: .today())
            q.status = try choice(status, option: "--status", Self.statuses, l)
            q.service = try choice(service, option: "--service", serviceChoices, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list referrals")
            if let provider { q.providerId = try Wardcase.Provider.find(provider, in: store, l).id }
            let table = TextTable(columns: [
                .init(title: .colCaseCode, width: 12), .init(title: .fieldService, width: 22), .init(title: .fieldProvider, width: 22),
                .init(title: .colStatus, width: 18), .init(title: .colDate, width: 10), .init(title: .colFollowUpShort, width: 10),
                .init(title: .colOverdue, width: 7)])
            let listing = Wardcase.List.Listing(what: "chuyen-gui", shape: ReferralExport.shape(l), table: table, line: { r in
                let x = r.referral
                return [r.caseCode, l.t(x.service.label), r.providerName, l.t(x.status.label), x.statusDate.vietnamese,
                        x.followUp?.vietnamese ?? "", r.overdue ? l.t(.colOverdue) : ""]
            }, count: { l.t(.referralCount, $0) }, total: { try store.countReferrals(q) }, each: { try store.eachReferral(q, $0) })
            try Wardcase.List.stream(listing, format: format, output: output, heading: ListHeading.of(store, l.t(.sheetReferrals)),
                                     store: store, me: me, l)
        }
    }
}

extension Wardcase {
    /// The ward's directory of service providers: data, not code. Providers are never deleted,
    /// only turned off, so earlier referrals keep their name.
    struct Provider: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpListAddChangeTurn),
            subcommands: [ListProviders.self, SaveProvider.self])

        /// A provider by id ("3") or by its exact name (case and spacing aside), on or off.
        static func find(_ text: String, in store: WardStore, _ l: Localizer) throws -> WardCaseCore.Provider {
            let all = try store.providers(includeInactive: true)
            let t = VietText.clean(text)
            if let id = Int64(t), let p = all.first(where: { $0.id == id }) { return p }
            if let p = all.first(where: { $0.name.lowercased() == t.lowercased() }) { return p }
            throw CLIError(message: l.t(.errUnknownProvider, text))
        }

        struct ListProviders: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: helpText(.cliHelpListProvidersIdName))
            @OptionGroup var options: CommonOptions
            func run() throws {
                let (store, l, _) = try options.signedIn("provider list")
                for p in try store.providers(includeInactive: true) {
                    let services = Service.allCases.filter(p.services.contains).map { cliName($0.rawValue) }.joined(separator: ",")
                    print([p.id.map(String.init) ?? "", p.name, services, p.address, p.contact,
                           l.t(p.active ? .checklistOn : .checklistOff)].map(oneLine).joined(separator: "\t"))
                }
            }

            /// A field of a tab-separated line: no tabs or line breaks inside.
            func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "[\\t\\r\\n]+", with: " ", options: .regularExpression) }
        }

        struct SaveProvider: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: helpText(.cliHelpAddProviderChangeOne))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpProviderSName))) var name: String
            @Option(help: ArgumentHelp(helpText(.cliHelpAddress))) var address: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpContactPersonPhoneNumber))) var contact: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpServicesItOffers, serviceChoices.map(\.0).joined(separator: ", ")),
                                       valueName: "services"))
            var services: String?
            @Flag(help: ArgumentHelp(helpText(.cliHelpNoNewReferralsGo))) var off = false

            func run() throws {
                let (l, _) = try options.setUp()
                // The services are checked before the database is opened.
                let set = try services.map { text in
                    Set(try text.split(separator: ",").map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                        .compactMap { try choice($0, option: "--services", serviceChoices, l) })
                }
                let store = try options.openStore()
                let me = try options.signIn(store, l, "provider set")
                let wanted = VietText.clean(name).lowercased()
                let old = try store.providers(includeInactive: true).first { $0.name.lowercased() == wanted && !wanted.isEmpty }
                var p = old ?? WardCaseCore.Provider(name: name, services: [])
                p.name = old == nil ? name : old!.name
                if let address { p.address = address }
                if let contact { p.contact = contact }
                if let set { p.services = set }
                p.active = !off
                let saved = try store.saveProvider(p, original: old, by: me)
                print(l.t(old != nil ? .cliProviderChanged : .cliProviderAdded, saved.id.map(String.init) ?? "", saved.name))
            }
        }
    }
}

extension Wardcase.Import {
    /// `wardcase import police-list FILE`: a case worker, with the passphrase. The preview names
    /// line numbers and case codes only: nothing of who is on the list reaches the terminal's log.
    struct PoliceList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "police-list", abstract: helpText(.cliHelpImportPoliceList))
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpCsvXlsxFile))) var file: String
        @Option(help: ArgumentHelp(helpText(.cliHelpXlsxSheetReadDefault))) var sheet: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpReceivedOn))) var received: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpDispatchNo))) var reference = ""
        @Flag(name: .customLong("dry-run"), help: ArgumentHelp(helpText(.cliHelpShowWhatWouldHappen))) var dryRun = false

        func run() throws {
            let (store, l, me) = try options.signedIn("import police-list")
            let receivedOn = try received.map { try PeriodOptions.day($0, option: "--received", l) } ?? store.today
            if receivedOn > store.today { throw WardError.futureDate }
            // Refused before the passphrase is asked for.
            try store.require(.manageCases, of: me, for: "import police-list")
            try store.require(.viewIdentities, of: me, for: "import police-list")
            let grid = try Spreadsheet.read(path: file, sheet: sheet, maxBytes: try store.setting(.importMaxMB) << 20)
            let key = try Wardcase.Key.open(store, l, me, "import police-list")
            let plan = try ShellProgress.run(.progressImportRead, l) {
                try PoliceListImport.plan(grid.textRows, store: store, key: key, by: me, receivedOn: receivedOn, l: l, progress: $0)
            }
            for line in plan.reportLines(l, names: false) { print(line.text) }
            if dryRun {
                print(l.t(.importDryRun))
                return
            }
            let done = try ShellProgress.run(.progressImportWrite, l) {
                try store.apply(plan, receivedOn: receivedOn, reference: reference, key: key, by: me, progress: $0)
            }
            print(l.t(.policeImported, done.id, done.opened, done.linked, plan.rejected))
        }
    }
}

extension Wardcase.List {
    /// `wardcase list police-lists`: counts only, for everyone who sees the support section.
    struct PoliceLists: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "police-lists", abstract: helpText(.cliHelpPrintPoliceLists))
        @OptionGroup var options: CommonOptions
        @Option(help: Wardcase.List.formatHelp) var format: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let format = try Wardcase.List.format(self.format, l)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "list police-lists")
            let rows = try store.policeLists(by: me)
            switch format {
            case .csv: Wardcase.List.write(PoliceListExport.csv(rows, l))
            // ndjson and xlsx are for the long lists (Wardcase.List.stream); this one is not offered them.
            case .ndjson, .xlsx, .json: Wardcase.List.write(try PoliceListExport.json(rows, l) + Data("\n".utf8))
            case .table:
                let table = TextTable(columns: [
                    .init(title: .colImportNumber, width: 4, right: true), .init(title: .colReceivedOn, width: 10), .init(title: .colDispatchNo, width: 16),
                    .init(title: .colPeople, width: 8, right: true), .init(title: .colNewCasesShort, width: 6, right: true),
                    .init(title: .colLinkedCasesShort, width: 6, right: true), .init(title: .colReachedShort, width: 9, right: true),
                    .init(title: .colSupportedShort, width: 7, right: true)])
                table.print(rows.map { p in
                    [String(p.id), p.receivedOn.vietnamese, p.reference, String(p.people), String(p.opened), String(p.linked), String(p.reached),
                     String(p.supported)]
                }, count: l.t(.policeListCount, rows.count), l)
            }
            try store.recordListExport("danh-sach-cong-an", rows: rows.count, format: format.rawValue, by: me)
        }
    }
}
