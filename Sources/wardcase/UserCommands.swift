import ArgumentParser
import Foundation
import WardCaseCore

/// Reads a password from the terminal without echoing it, or a line from standard input when
/// it is not a terminal (scripts).
func readPassword(_ prompt: String) -> String {
    guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) ?? "" }
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
    defer {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true) ?? ""
}

/// A new secret: asked twice at a terminal (the two must match), read once from a pipe.
func readNewSecret(_ prompt: String, again: String) throws -> String {
    let first = readPassword(prompt)
    if isatty(STDIN_FILENO) == 1, readPassword(again) != first { throw WardError.passwordsDiffer }
    return first
}

/// A new password, as `readNewSecret` reads it, long enough.
func newPassword(for login: String, _ l: Localizer) throws -> String {
    let first = try readNewSecret(l.t(.cliPasswordPrompt, login), again: l.t(.cliPasswordAgain))
    try AccountRules.checkPassword(first)
    return first
}

func parseRoles(_ names: [String], _ l: Localizer) throws -> Set<Role> {
    try Set(names.map { name in
        guard let role = Role.parse(name) else {
            throw CLIError(message: l.t(.cliUnknownRole, name, Role.allCases.map(\.cliName).joined(separator: ", ")))
        }
        return role
    })
}

extension Wardcase {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpManageAccountsFromShell),
            subcommands: [Add.self, List.self, Disable.self, Enable.self, Passwd.self, SetRoles.self])

        static func setActive(_ login: String, _ active: Bool, _ options: CommonOptions) throws {
            let (store, l, me) = try options.signedIn(active ? "user enable" : "user disable")
            try store.modifyAccount(login: login, by: me) { $0.active = active }
            print(l.t(active ? .cliUserEnabled : .cliUserDisabled, login))
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpCreateAccountPasswordIs))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpLoginLowerCaseLetters))) var login: String
            @Option(help: ArgumentHelp(helpText(.cliHelpFullNameNguyN))) var name: String
            @Option(name: .customLong("role"), help: ArgumentHelp(helpText(.cliHelpRoleRepeatSeveralAdmin)))
            var roles: [String]
            @Option(name: .customLong("os-user"), help: ArgumentHelp(helpText(.cliHelpOperatingSystemUserWho)))
            var osUser: String?

            func run() throws {
                let (l, _) = try options.setUp()
                let roleSet = try parseRoles(roles, l)
                _ = try AccountRules.checkLogin(login)
                let store = try options.openStore()
                // A ward with no account yet gets its first one (an admin) with nobody signed in:
                // there is nobody to sign in as. After that, accounts are an admin's to make.
                let me = try store.accountCount() == 0 ? nil : try options.signIn(store, l, "user add")
                // Refused before the new password is asked for, not after (the refusal is audited).
                if let me { try store.require(.manageAccounts, of: me, for: "user add") }
                let password = try newPassword(for: login, l)
                let a = try me.map { try store.createAccount(login: login, displayName: name, roles: roleSet, password: password, osUser: osUser, by: $0) }
                    ?? store.createFirstAccount(login: login, displayName: name, roles: roleSet, password: password, osUser: osUser)
                print(l.t(.cliUserAdded, a.login, a.rolesText(l)))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpListAccounts))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("user list")
                let now = Date()
                for a in try store.accounts(by: me) {
                    let state = a.stateText(l, at: now)
                    let roles = Role.allCases.filter(a.roles.contains).map(\.cliName).joined(separator: ",")
                    print([a.login, a.displayName, roles, state, a.osUser ?? "-"].joined(separator: "\t"))
                }
            }
        }

        struct Disable: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpDisableAccountItIs))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpLoginAccount))) var login: String

            func run() throws { try User.setActive(login, false, options) }
        }

        struct Enable: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpReEnableDisabledAccount))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpLoginAccount))) var login: String

            func run() throws { try User.setActive(login, true, options) }
        }

        struct Passwd: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpSetNewPasswordAlso))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpLoginAccount))) var login: String

            func run() throws {
                let (store, l, me) = try options.signedIn("user passwd")
                // Only an admin gets as far as the new password (the refusal is audited).
                try store.require(.manageAccounts, of: me, for: "user passwd")
                guard try store.account(login: login) != nil else { throw WardError.unknownAccount(login) }
                try store.setPassword(login: login, password: try newPassword(for: login, l), by: me)
                print(l.t(.cliPasswordSet, login))
            }
        }

        struct SetRoles: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "role", abstract: helpText(.cliHelpSetAccountSRoles))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpLoginAccount))) var login: String
            @Argument(help: ArgumentHelp(helpText(.cliHelpRolesItShouldHold)))
            var roles: [String]

            func run() throws {
                let (l, _) = try options.setUp()
                let set = try parseRoles(roles, l)
                let store = try options.openStore()
                let me = try options.signIn(store, l, "user role")
                let a = try store.modifyAccount(login: login, by: me) { $0.roles = set }
                print(l.t(.cliRolesSet, a.login, a.rolesText(l)))
            }
        }
    }
}
