import ArgumentParser
import Foundation
import WardCaseCore
import WardCaseExport

// `wardcase backup | restore | check | audit`: keeping the ward's data, checking it, and its trail.

extension Wardcase {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpMakeConsistentCopyDatabase))
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpWhereWriteCopyDefault))) var file: String?
        @Flag(help: ArgumentHelp(helpText(.cliHelpReplaceFileIfIt))) var force = false

        func run() throws {
            let (store, l, me) = try options.signedIn("backup")
            let target = file ?? store.backupPath(label: "manual")
            try ShellProgress.run(.progressBackup, l) { try store.backup(to: target, by: me, replace: force, progress: $0) }
            print(l.t(.cliBackupDone, target))
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpReplaceDatabaseBackupAfter),
            discussion: helpText(.cliHelpBackupMustPassWardcase))
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpBackupFile))) var file: String
        @Flag(name: .customLong("other-ward"), help: ArgumentHelp(helpText(.cliHelpRestoreBackupAnotherWard))) var otherWard = false

        func run() throws {
            let (l, _) = try options.setUp()
            // Check the backup before the current database is even opened.
            try WardStore.verifyBackup(file)
            let store = try options.openStore()
            let me = try options.signIn(store, l, "restore")
            let safety = try ShellProgress.run(.progressRestore, l) { try store.restore(from: file, otherWard: otherWard, by: me, progress: $0) }
            print(l.t(.cliRestoreDone, file, safety))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpCheckDatabaseIntegrityLinks))
        @OptionGroup var options: CommonOptions

        func run() throws {
            let (store, l, me) = try options.signedIn("check")
            let problems = try ShellProgress.run(.progressCheck, l) { try store.check(by: me, progress: $0) }
            let path = store.path ?? ""
            if problems.isEmpty {
                print(l.t(.cliCheckOK, path))
                return
            }
            print(l.t(.cliCheckProblems, path, problems.count))
            for p in problems { print("- " + p.message(l)) }
            throw ExitCode(1)
        }
    }

    struct AuditTrail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: helpText(.cliHelpWriteAuditTrailNewest),
            discussion: helpText(.cliHelpFiltersAsScreenActor))
        @OptionGroup var options: CommonOptions
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyWhatLoginDid))) var actor: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpOnlyKindRecordAccount), valueName: "record")) var record: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpFromDayDdMm), valueName: "day")) var from: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpDayDdMmYyyy), valueName: "day")) var to: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpCsvDefaultXlsxXlsx))) var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(helpText(.cliHelpFileWriteDefaultStandard))) var output: String?

        func run() throws {
            let (store, l, me) = try options.signedIn("audit")
            let filter = AuditFilter(actor: actor ?? "", record: record ?? "",
                                     from: try from.map { try PeriodOptions.day($0, option: "--from", l) },
                                     to: try to.map { try PeriodOptions.day($0, option: "--to", l) })
            let xlsx = try choice(format, option: "--format", [("csv", false), ("xlsx", true)], l)
                ?? (output?.lowercased().hasSuffix(".xlsx") == true)
            let listing = Wardcase.List.Listing(what: "nhat-ky", shape: AuditExport.shape(l), total: { try store.countAudit(filter, by: me) },
                                                each: { try store.eachAuditEntry(filter, by: me, $0) })
            try Wardcase.List.stream(listing, format: xlsx ? .xlsx : .csv, output: output,
                                     heading: ListHeading.of(store, l.t(.auditTitle), from: filter.from, to: filter.to), store: store, me: me, l)
        }
    }
}
