import ArgumentParser
import Foundation
import WardCaseCore
import WardCaseExport

// `wardcase backup | restore | check | audit`: keeping the ward's data, checking it, and its trail.

extension Wardcase {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a consistent copy of the database while others keep working.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Where to write the copy (default: the backups folder beside the database).") var file: String?
        @Flag(help: "Replace the file if it already exists (never the database in use).") var force = false

        func run() throws {
            let (store, l, me) = try options.signedIn("backup")
            let target = file ?? store.backupPath(label: "manual")
            try ShellProgress.run(.progressBackup, l) { try store.backup(to: target, by: me, replace: force, progress: $0) }
            print(l.t(.cliBackupDone, target))
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the database with a backup, after checking it and backing up the current one (admin).",
            discussion: """
                The backup must pass wardcase check and be of this ward. The audit rows written since \
                the backup are carried into the restored trail, marked "carried over at restore".
                """)
        @OptionGroup var options: CommonOptions
        @Argument(help: "The backup file.") var file: String
        @Flag(name: .customLong("other-ward"), help: "Restore a backup of another ward on purpose.") var otherWard = false

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
            abstract: "Check the database: integrity, links between records, and the app's own rules.")
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
            abstract: "Write the audit trail (newest first) as CSV or XLSX, for an inspector; admins and team leaders only.",
            discussion: "Filters as on the screen: --actor (a login), --record (a record type, or type#id), --from and --to (dd/mm/yyyy).")
        @OptionGroup var options: CommonOptions
        @Option(help: "Only what this login did.") var actor: String?
        @Option(help: ArgumentHelp("Only this kind of record (account, tip, support_case) or one record (tip#12).", valueName: "record")) var record: String?
        @Option(help: ArgumentHelp("From this day (dd/mm/yyyy).", valueName: "day")) var from: String?
        @Option(help: ArgumentHelp("To this day (dd/mm/yyyy).", valueName: "day")) var to: String?
        @Option(help: "csv (default) or xlsx; xlsx needs -o.") var format: String?
        @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write (default: standard output).") var output: String?

        func run() throws {
            let (store, l, me) = try options.signedIn("audit")
            let filter = AuditFilter(actor: actor ?? "", record: record ?? "",
                                     from: try from.map { try PeriodOptions.day($0, option: "--from", l) },
                                     to: try to.map { try PeriodOptions.day($0, option: "--to", l) })
            let xlsx = try choice(format, option: "--format", [("csv", false), ("xlsx", true)], l)
                ?? (output?.lowercased().hasSuffix(".xlsx") == true)
            if xlsx, output == nil { throw CLIError(message: l.t(.rcliNeedsOutput, "xlsx")) }
            let data = try ShellProgress.run(.progressExport, l) { progress -> Data in
                let rows = try WorkProgress.allRows(total: try store.countAudit(filter, by: me), progress: progress) {
                    try store.auditEntries(filter, offset: $0, limit: $1, by: me)
                }
                return xlsx ? try AuditExport.xlsx(rows, l) : AuditExport.csv(rows, l)
            }
            guard let output else { FileHandle.standardOutput.write(data); return }
            try Wardcase.ReportCommand.write(data, to: output, l)
            print(l.t(.fileWritten, output))
        }
    }
}
