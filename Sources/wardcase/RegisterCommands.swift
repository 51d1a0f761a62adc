import ArgumentParser
import Foundation
import TextCells
import WardCaseCore
import WardCaseExport

extension Wardcase {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import records from a spreadsheet; list the imports made, and take one back.",
                                                        subcommands: [Establishments.self, ListBatches.self, Undo.self])

        struct ListBatches: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The imports made, newest first: number, when, who, how many added and updated.")
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
                abstract: "Take an import back: remove what it added and give what it changed its values from before, unless they were changed since.")
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp("The import's number (wardcase import list).", valueName: "number")) var batch: Int64

            func run() throws {
                let (store, l, me) = try options.signedIn("import undo")
                try store.undoImport(batch, by: me)
                print(l.t(.importUndone, batch))
            }
        }

        struct Establishments: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import establishments from CSV or XLSX; every row is reported as added, updated (with each field that changes) or rejected with its reason.",
                discussion: """
                    A row whose licence number is already on the register updates that record, in the \
                    columns the file has only; an empty cell keeps what is stored (--clear-empty makes \
                    it clear the field instead). A record someone changes between the preview and the \
                    import is not overwritten: its line is listed (with --strict, nothing is imported).
                    """)
            @OptionGroup var options: CommonOptions
            @Argument(help: "The CSV or XLSX file.") var file: String
            @Option(help: "The XLSX sheet to read (default: the first).") var sheet: String?
            @Option(name: .customLong("map"), help: "Assign a column to a field, e.g. --map \"Cột X=owner_phone\" (repeatable).")
            var maps: [String] = []
            @Flag(name: .customLong("dry-run"), help: "Show what would happen; write nothing.") var dryRun = false
            @Flag(help: "Add nothing at all if any row is rejected, or a record changed since the preview.") var strict = false
            @Flag(name: .customLong("clear-empty"), help: "An empty cell clears the stored field of a record the row updates (default: keeps it).")
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
                let grid = try Spreadsheet.read(path: file, sheet: sheet, maxBytes: try store.setting(.importMaxMB) << 20)
                let plan = try ShellProgress.run(.progressImportRead, l) {
                    try EstablishmentImport.plan(grid.textRows, store: store, overrides: overrides, clearEmpty: clearEmpty, l: l, progress: $0)
                }
                // The preview lines are the same the TUI shows.
                for line in plan.report(l) { print(line) }
                if dryRun {
                    print(l.t(.importDryRun))
                    return
                }
                let applied = try ShellProgress.run(.progressImportWrite, l) { try store.apply(plan, strict: strict, by: me, progress: $0) }
                let meanwhile = applied.changedMeanwhile
                print(l.t(.importDone, plan.added, plan.updated - meanwhile.count, plan.rejected))
                if let batch = applied.batch { print(l.t(.importBatchDone, batch)) }
                if !meanwhile.isEmpty { print(l.t(.importChangedMeanwhile, meanwhile.map(String.init).joined(separator: ", "))) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print records.",
                                                        subcommands: [Establishments.self, Visits.self, Tips.self, Hotspots.self, Cases.self, Referrals.self])

        struct Establishments: ParsableCommand {
            enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }
            static let configuration = CommandConfiguration(abstract: "Print the establishment register.")
            @OptionGroup var options: CommonOptions
            @Option(help: "table (default), csv or json.") var format: Format = .table
            @Option(help: "Only establishments matching this text (accents optional).") var filter: String?

            func run() throws {
                let (store, l, me) = try options.signedIn("list establishments")
                let rows = try store.establishments(EstablishmentQuery(filter: filter ?? "", language: l.language), offset: 0, limit: Int.max)
                switch format {
                case .csv: FileHandle.standardOutput.write(EstablishmentExport.csv(rows, l))
                case .json: FileHandle.standardOutput.write(try EstablishmentExport.json(rows, l) + Data("\n".utf8))
                case .table:
                    let cols: [(Msg, Int)] = [(.colName, 30), (.colType, 16), (.colGroup, 16), (.colRisk, 10), (.colStatus, 14)]
                    func line(_ values: [String]) -> String {
                        zip(values, cols).map { TextWidth.pad(TextWidth.safe($0.0), to: $0.1.1) }.joined(separator: " ")
                            .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                    }
                    print(line(cols.map { l.t($0.0) }))
                    for r in rows {
                        let e = r.establishment
                        print(line([e.name, r.typeName, e.residentialGroup, l.t(e.riskLevel.label), l.t(e.status.label)]))
                    }
                    print(l.t(.establishmentCount, rows.count))
                }
                try store.recordListExport("co-so", rows: rows.count, format: format.rawValue, by: me)
            }
        }
    }
}

extension Wardcase {
    /// The ward's own list of establishment types: it is data, not code.
    struct Types: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "type", abstract: "List, add or rename establishment types.",
                                                        subcommands: [ListTypes.self, SaveType.self])

        struct ListTypes: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the ward's establishment types.")
            @OptionGroup var options: CommonOptions
            func run() throws {
                let (store, _, _) = try options.signedIn("type list")
                for t in try store.establishmentTypes() { print([t.code, t.nameVi, t.nameEn].joined(separator: "\t")) }
            }
        }

        struct SaveType: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set",
                abstract: "Add a type, or rename the one with this code, e.g. wardcase type set cafe --vi \"Quán cà phê\" --en \"Café\".")
            @OptionGroup var options: CommonOptions
            @Argument(help: "A short code: lower-case letters, digits, underscores.") var code: String
            @Option(help: "The Vietnamese name.") var vi: String
            @Option(help: "The English name.") var en: String = ""
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
        static let configuration = CommandConfiguration(commandName: "group", abstract: "List, add or rename residential groups.",
                                                        subcommands: [ListGroups.self, SaveGroup.self])

        struct ListGroups: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list",
                abstract: "List the ward's residential groups, how many places name each, and the spellings folded into them.")
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
                abstract: "Add a group, e.g. wardcase group set \"Tổ dân phố số 16\" (\"16\" and \"TDP 16\" say the same), or rename one with --from.")
            @OptionGroup var options: CommonOptions
            @Argument(help: "The group's name.") var name: String
            @Option(help: "A listed group to rename (its places follow; an already listed new name merges the two).") var from: String?
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
