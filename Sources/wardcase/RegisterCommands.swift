import ArgumentParser
import Foundation
import TextCells
import WardCaseCore
import WardCaseExport

extension Wardcase {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(.cliHelpImportRecordsFromSpreadsheet),
                                                        subcommands: [Establishments.self, PoliceList.self, ListBatches.self, Undo.self])

        struct ListBatches: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: helpText(.cliHelpImportsMadeNewestFirst))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("import list")
                let batches = try store.importBatches(by: me)
                if batches.isEmpty { print(l.t(.importBatchesNone)); return }
                for b in batches {
                    let when = Timestamp.parse(b.at).map(Timestamp.display) ?? b.at
                    print(l.t(b.undoneAt == nil ? .importBatchLine : .importBatchLineUndone, b.id, when, b.actor, b.added, b.updated))
                }
            }
        }

        struct Undo: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpTakeImportBackRemove))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpImportSNumberWardcase), valueName: "number")) var batch: Int64

            func run() throws {
                let (store, l, me) = try options.signedIn("import undo")
                try store.undoImport(batch, by: me)
                print(l.t(.importUndone, batch))
            }
        }

        struct Establishments: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpImportEstablishmentsFromCsv),
                discussion: helpText(.cliHelpRowWhoseLicenceNumber))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpCsvXlsxFile))) var file: String
            @Option(help: ArgumentHelp(helpText(.cliHelpXlsxSheetReadDefault))) var sheet: String?
            @Option(name: .customLong("map"), help: ArgumentHelp(helpText(.cliHelpAssignColumnFieldMap)))
            var maps: [String] = []
            @Flag(name: .customLong("dry-run"), help: ArgumentHelp(helpText(.cliHelpShowWhatWouldHappen))) var dryRun = false
            @Flag(help: ArgumentHelp(helpText(.cliHelpAddNothingAtAll))) var strict = false
            @Flag(name: .customLong("clear-empty"), help: ArgumentHelp(helpText(.cliHelpEmptyCellClearsStored)))
            var clearEmpty = false

            func run() throws {
                let (store, l, me) = try options.signedIn("import establishments")
                var overrides: [String: EstablishmentField] = [:]
                for m in maps {
                    let parts = m.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, let f = EstablishmentField(rawValue: parts[1]) else {
                        throw CLIError(message: l.t(.errBadMap, EstablishmentField.allCases.map(\.rawValue).joined(separator: ", ")))
                    }
                    overrides[parts[0]] = f
                }
                // Read, checked and written one row at a time, in one transaction: a sheet of any
                // length in flat memory. The lines are the same the TUI's preview shows, each
                // printed as its row is read (above the progress bar, which is drawn again after).
                let rows = try Spreadsheet.rows(path: file, sheet: sheet, maxBytes: try store.setting(.importMaxMB) << 20)
                let clearsBar = isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
                let done = try ShellProgress.run(dryRun ? .progressImportRead : .progressImportWrite, l, cancellable: true) { progress in
                    try store.importEstablishments(rows: rows.nextRow, bytesRead: { rows.bytesRead }, size: rows.size, overrides: overrides,
                                                   clearEmpty: clearEmpty, strict: strict, dryRun: dryRun, by: me, l: l, progress: progress) { lines in
                        if clearsBar { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                        for line in lines { print(line.text) }
                    }
                }
                if dryRun {
                    print(l.t(.importDryRun))
                    return
                }
                print(l.t(.importDone, done.added, done.updated, done.rejected))
                if let batch = done.batch { print(l.t(.importBatchDone, batch)) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(.cliHelpPrintRecords),
                                                        subcommands: [Establishments.self, Visits.self, Tips.self, Hotspots.self, Team.self, Cases.self, Referrals.self, PoliceLists.self,
                                                                      Activities.self])

        struct Establishments: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpPrintEstablishmentRegister))
            @OptionGroup var options: CommonOptions
            @Option(help: Wardcase.List.streamingFormatHelp) var format: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpOnlyEstablishmentsMatchingText))) var filter: String?
            @Option(name: [.customShort("o"), .customLong("output")], help: Wardcase.List.outputHelp) var output: String?

            func run() throws {
                let (l, _) = try options.setUp()
                let format = try Wardcase.List.format(self.format, l, streaming: true)
                let store = try options.openStore()
                let me = try options.signIn(store, l, "list establishments")
                let q = EstablishmentQuery(filter: filter ?? "", language: l.language)
                let table = TextTable(columns: [.init(title: .colName, width: 30), .init(title: .colType, width: 16),
                                                .init(title: .colGroup, width: 16), .init(title: .colRisk, width: 10), .init(title: .colStatus, width: 14)])
                let listing = Wardcase.List.Listing(what: "co-so", shape: EstablishmentExport.shape(l), table: table, line: { r in
                    let e = r.establishment
                    return [e.name, r.typeName, e.residentialGroup, l.t(e.riskLevel.label), l.t(e.status.label)]
                }, count: { l.t(.establishmentCount, $0) }, total: { try store.countEstablishments(q) }, each: { try store.eachEstablishment(q, $0) })
                try Wardcase.List.stream(listing, format: format, output: output, heading: ListHeading.of(store, l.t(.tabEstablishments)),
                                         store: store, me: me, l)
            }
        }
    }
}

extension Wardcase {
    /// The ward's own list of establishment types: it is data, not code.
    struct Types: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "type", abstract: helpText(.cliHelpListAddRenameEstablishment),
                                                        subcommands: [ListTypes.self, SaveType.self])

        struct ListTypes: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: helpText(.cliHelpListWardSEstablishment))
            @OptionGroup var options: CommonOptions
            func run() throws {
                let (store, _, _) = try options.signedIn("type list")
                for t in try store.establishmentTypes() { print([t.code, t.nameVi, t.nameEn].joined(separator: "\t")) }
            }
        }

        struct SaveType: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set",
                abstract: helpText(.cliHelpAddTypeRenameOne))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpShortCodeLowerCase))) var code: String
            @Option(help: ArgumentHelp(helpText(.cliHelpVietnameseName))) var vi: String
            @Option(help: ArgumentHelp(helpText(.cliHelpEnglishName))) var en: String = ""
            func run() throws {
                let (store, l, me) = try options.signedIn("type set")
                let existed = try store.establishmentTypes().contains { $0.code == code.lowercased() }
                let t = try store.saveEstablishmentType(code: code, nameVi: vi, nameEn: en, by: me)
                print(l.t(existed ? .cliTypeRenamed : .cliTypeAdded, t.code, t.nameVi))
            }
        }
    }
}

extension Wardcase {
    /// The ward's list of residential groups (tổ dân phố), which forms offer and coverage counts by.
    struct Groups: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "group", abstract: helpText(.cliHelpListAddRenameResidential),
                                                        subcommands: [ListGroups.self, SaveGroup.self])

        struct ListGroups: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list",
                abstract: helpText(.cliHelpListWardSResidential))
            @OptionGroup var options: CommonOptions
            func run() throws {
                let (store, l, _) = try options.signedIn("group list")
                let use = try store.residentialGroupUse()
                let width = max(TextWidth.of(l.t(.colGroup)), use.map { TextWidth.of($0.group.name) }.max() ?? 0)
                print([TextWidth.pad(l.t(.colGroup), to: width), l.t(.cliGroupPlaces)].joined(separator: "  "))
                for u in use {
                    print(TextWidth.pad(TextWidth.safe(u.group.name), to: width) + "  " + l.t(.cliGroupUse, u.establishments, u.hotspots))
                }
                print(l.t(.cliGroupCount, use.count))
                let merges = try store.residentialGroupMerges()
                if !merges.isEmpty {
                    print("")
                    print(l.t(.cliGroupMerged))
                    for m in merges { print("  " + l.t(.cliGroupMerge, TextWidth.safe(m.spelling), TextWidth.safe(m.name), m.records)) }
                }
            }
        }

        struct SaveGroup: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set",
                abstract: helpText(.cliHelpAddGroupWardcaseGroup))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpGroupSName))) var name: String
            @Option(help: ArgumentHelp(helpText(.cliHelpListedGroupRenamePlaces))) var from: String?
            func run() throws {
                let (store, l, me) = try options.signedIn("group set")
                let before = try store.residentialGroups()
                let saved = try store.saveResidentialGroup(name, renaming: from, by: me)
                if let from {
                    print(l.t(.cliGroupRenamed, ResidentialGroup.match(from, in: before) ?? from, saved))
                } else {
                    print(l.t(before.contains { $0.name == saved } ? .cliGroupListed : .cliGroupAdded, saved))
                }
            }
        }
    }
}
