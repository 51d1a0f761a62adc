import ArgumentParser
import Foundation
import TerminalKit
import WardCaseApp
import WardCaseCore
import WardCaseDemo

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(helpText(.cliHelpDatabaseFileUseDefault)))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(helpText(.cliHelpInterfaceLanguageViDefault)))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp(
        helpText(.cliHelpSignAsAccountDefault),
        valueName: "login"))
    var user: String?

    /// The ward's database (or the one named by --db), for commands that already have their strings;
    /// a database from an older version shows its migrations' progress on a terminal.
    func openStore() throws -> WardStore { try Self.open(db ?? DataPaths.wardDatabase(), try setUp().0) }

    static func open(_ path: String, _ l: Localizer) throws -> WardStore {
        try ShellProgress.run(.progressMigrating, l) { try WardStore.open(path: path, migrating: $0) }
    }

    /// The string tables for the chosen language, and where they were found.
    func setUp() throws -> (Localizer, URL) {
        let resources = try ResourceLocator.directory()
        let language = try Language.resolve(flag: lang)
        return (try Localizer.load(language, resources: resources), resources)
    }
}

@main
struct Wardcase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wardcase",
        abstract: helpText(.cliHelpWardLevelCaseWork),
        discussion: helpText(.cliHelpRunWardcaseVersionPrint) + WardExit.summary,
        subcommands: [Init.self, Demo.self, User.self, Import.self, List.self, Types.self, Groups.self, Checklist.self, Provider.self, Backup.self, Restore.self, Check.self, Setting.self, AuditTrail.self, ReportCommand.self, Obligations.self, PlanCommand.self, Key.self, Keys.self])

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: ArgumentHelp(helpText(.cliHelpOpenBuiltDemoWard)))
    var demo = false

    func run() throws {
        let (l, resources) = try options.setUp()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError(message: l.t(.errNotATerminal))
        }
        let path = options.db ?? (demo ? DataPaths.demoDatabase() : DataPaths.wardDatabase())
        // Before the first screen: a city's migration can take a while, and shows it.
        let store = try CommonOptions.open(path, l)
        let osUser = OSUser.current
        if demo {
            _ = try ShellProgress.run(.progressDemo, l) { try DemoWard.seedIfEmpty(store, resources: resources, progress: $0) }
            try DemoWard.mapOSUser(osUser, in: store)
        }
        // The first start of each day keeps a copy; a failure is said, not hidden, and does not stop work.
        var notice: String?
        do { _ = try ShellProgress.run(.progressBackup, l) { try store.dailyBackupIfNeeded(progress: $0) } }
        catch let e as WardError { notice = e.message(l) }
        let env = ProcessInfo.processInfo.environment
        let useColor = (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
        let context = try AppContext(store: store, localizer: l, osUser: osUser, isDemo: store.isDemo)
        let app = App(context: context, backend: NcursesBackend(useColor: useColor), notice: notice)
        try app.run()
    }

    /// One plain sentence on stderr for every error, and one status per kind of error (see WardExit):
    /// 0 done, 1 user error, 2 usage error, 3 data problem. Help, --version and completions as usual.
    static func main() {
        // `wardcase --version` alone. Not CommandConfiguration(version:): its built-in flag would be offered by
        // every subcommand too, twice in `report show --help`, where --version already means a report version.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print("wardcase " + wardcaseVersion)
            return
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            finish(with: error, command: nil)
        }
        do {
            try command.run()
        } catch {
            finish(with: error, command: type(of: command))
        }
    }

    /// Says what went wrong (if anything is to be said) and exits with the error's status.
    static func finish(with error: Error, command: ParsableCommand.Type?) -> Never {
        let status = WardExit.status(for: error, command: command)
        switch error {
        case let e as WardError: say(e.message(currentLocalizer()))
        case let e as CLIError: say(e.message)
        case is ExitCode: break  // the command has said it already
        default:
            // Help in the user's language, headings included; --version and completion scripts as ArgumentParser prints them.
            if status == .ok {
                let text = fullMessage(for: error)
                guard text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:") else { exit(withError: error) }
                print(localizedHelp(text))
                Foundation.exit(0)
            }
            say("wardcase: " + message(for: error))
        }
        Foundation.exit(status.rawValue)
    }

    /// ArgumentParser's own words in a help text (its headings, the -h line, "default:"), in the
    /// user's language; the rest of the text is already.
    static func localizedHelp(_ text: String) -> String {
        let words: [(String, Msg)] = [("OVERVIEW:", .cliHelpWordOverview), ("USAGE:", .cliHelpWordUsage), ("ARGUMENTS:", .cliHelpWordArguments),
                                      ("OPTIONS:", .cliHelpWordOptions), ("SUBCOMMANDS:", .cliHelpWordSubcommands),
                                      ("Show help information.", .cliHelpWordShowHelp), ("(default: ", .cliHelpWordDefault)]
        var out = text
        for (english, msg) in words { out = out.replacingOccurrences(of: english, with: shellHelp.t(msg)) }
        return out.replacingOccurrences(of: #"See '(wardcase help[^']*)' for detailed help\."#, with: shellHelp.t(.cliHelpWordSee, "$1"),
                                        options: .regularExpression)
    }

    static func say(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The user's language for an error met before or after the tables were loaded.
    static func currentLocalizer() -> Localizer {
        let args = CommandLine.arguments
        let flag = args.firstIndex(of: "--lang").flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil }
        // An unknown --lang is itself the error being reported: fall back to WARDCASE_LANG or Vietnamese.
        let lang = (try? Language.resolve(flag: flag)) ?? (try? Language.resolve(flag: nil)) ?? .vi
        guard let resources = try? ResourceLocator.directory(),
              let l = try? Localizer.load(lang, resources: resources) else { return Localizer.bare }
        return l
    }
}

/// The shell's help in the user's language (--lang, else WARDCASE_LANG, else Vietnamese):
/// ArgumentParser reads these texts when it builds a command's help.
let shellHelp = Wardcase.currentLocalizer()

func helpText(_ msg: Msg, _ value: String? = nil) -> String { value.map { shellHelp.t(msg, $0) } ?? shellHelp.t(msg) }

/// An error whose message is already in the user's language.
struct CLIError: Error { let message: String }

extension Wardcase {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpSetChangeWhichWard))

        @OptionGroup var options: CommonOptions

        @Option(help: ArgumentHelp(helpText(.cliHelpWardCommuneNamePh)))
        var ward: String

        @Option(help: ArgumentHelp(helpText(.cliHelpProvinceCityThNh)))
        var province: String

        @Option(help: ArgumentHelp(helpText(.cliHelpAgencyThatReceivesWard)))
        var agency: String?

        func run() throws {
            let (l, _) = try options.setUp()
            let path = options.db ?? DataPaths.wardDatabase()
            let identity = try WardIdentity.validated(name: ward, province: province,
                                                      receivingAgency: agency ?? l.t(.defaultAgency))
            let store = try WardStore.open(path: path)
            // A new database is named with nobody signed in; changing a ward's name is an admin's work.
            if let current = try store.ward() {
                let me = try options.signIn(store, l, "init", needed: WardError.wardAlreadySet)
                try store.setWard(identity, original: current, by: me)
            } else {
                try store.initialiseWard(identity)
            }
            print(l.t(.cliInitDone, identity.name, identity.province, identity.receivingAgency, path))
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpCreateDemoWardDatabase),
            discussion: helpText(.cliHelpScaleCityGeneratesLarge))

        enum Scale: String, ExpressibleByArgument, CaseIterable {
            case ward, city
        }

        @OptionGroup var options: CommonOptions

        @Option(help: ArgumentHelp(helpText(.cliHelpWardSmallDemoDefault)))
        var scale: Scale = .ward

        @Option(help: ArgumentHelp(helpText(.cliHelpGeneratorSSeedScale)))
        var seed: UInt64 = 1

        func run() throws {
            let (l, resources) = try options.setUp()
            if scale == .city {
                let path = options.db ?? DataPaths.folder() + "/demo-city.sqlite"
                let store = try WardStore.open(path: path)
                try ShellProgress.run(.progressDemo, l) {
                    try CityWard.generate(into: store, seed: seed, resources: resources, progress: $0)
                }
                try DemoWard.mapOSUser(OSUser.current, in: store)
                let made = try CityWard.counts(in: store)
                func n(_ v: Int) -> String { Formats.groupedDigits(Int64(v)) }
                print(l.t(.cliCityCreated, try store.ward()?.name ?? "", n(made.establishments), n(made.visits), n(made.tips),
                          n(made.cases), n(made.referrals), path))
                return
            }
            let path = options.db ?? DataPaths.demoDatabase()
            let store = try WardStore.open(path: path)
            let made = try ShellProgress.run(.progressDemo, l) { try DemoWard.seedIfEmpty(store, resources: resources, progress: $0) }
            // As `wardcase --demo` does: the demo opens signed in as its every-role account, from the shell too.
            try DemoWard.mapOSUser(OSUser.current, in: store)
            if made {
                let count = try store.countEstablishments(EstablishmentQuery(language: l.language))
                print(l.t(.cliDemoCreated, try store.ward()?.name ?? "", count, path))
            } else {
                print(l.t(.cliDemoExists, path))
            }
        }
    }
}
