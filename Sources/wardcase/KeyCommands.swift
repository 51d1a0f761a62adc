import ArgumentParser
import Foundation
import WardCaseCore

// `wardcase key passphrase | give | recover | recovery | rotate`: the ward key's life from the
// shell, for case workers (KeyHolders.swift, Seals.swift). Passphrases are asked at the terminal
// without echo, or read from the files named by WARDCASE_PASSPHRASE_FILE (the current one) and
// WARDCASE_NEW_PASSPHRASE_FILE (a new one), which only their owner may read.

extension Wardcase {
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpWardKeyThatSeals),
            discussion: helpText(.cliHelpEachCaseWorkerOpens),
            subcommands: [Passphrase.self, Give.self, Recover.self, Recovery.self, Rotate.self])

        static let currentFile = "WARDCASE_PASSPHRASE_FILE", newFile = "WARDCASE_NEW_PASSPHRASE_FILE"

        /// The ward key, opened with the signed-in case worker's passphrase.
        static func open(_ store: WardStore, _ l: Localizer, _ me: Account, _ command: String) throws -> WardKey {
            let passphrase = try ShellSignIn(store: store, l: l, command: command).secret(file: currentFile, prompt: l.t(.kcliPassphrase))
            return try store.unlockWardKey(passphrase: passphrase, by: me)
        }

        static func newPassphrase(_ store: WardStore, _ l: Localizer, _ command: String) throws -> String {
            try ShellSignIn(store: store, l: l, command: command).newSecret(file: newFile, prompt: l.t(.kcliNewPassphrase), again: l.t(.kcliPassphraseAgain))
        }

        struct Passphrase: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpSetYourOwnPassphrase))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("key passphrase")
                switch try store.keyStanding(by: me) {
                case .noWardKey:
                    throw CLIError(message: l.t(.errNoWardKey))
                case .noPassphrase:
                    try store.setOwnPassphrase(try Key.newPassphrase(store, l, "key passphrase"), by: me)
                    print(l.t(.ownPassphraseDone))
                case .waiting, .holder:
                    let old = try ShellSignIn(store: store, l: l, command: "key passphrase").secret(file: Key.currentFile, prompt: l.t(.kcliPassphrase))
                    try store.changePassphrase(old: old, new: try Key.newPassphrase(store, l, "key passphrase"), by: me)
                    print(l.t(.passphraseChanged))
                }
            }
        }

        struct Give: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpGiveWardKeyCase))
            @OptionGroup var options: CommonOptions
            @Argument(help: ArgumentHelp(helpText(.cliHelpColleagueSLogin), valueName: "login")) var login: String?

            func run() throws {
                let (store, l, me) = try options.signedIn("key give")
                let waiting = try store.waitingHolders(by: me)
                guard let login else {
                    print(waiting.isEmpty ? l.t(.kcliNobodyWaits) : waiting.map { "\($0.login)\t\($0.displayName)" }.joined(separator: "\n"))
                    return
                }
                guard let other = waiting.first(where: { $0.login == login }) else { throw CLIError(message: l.t(.kcliNotWaiting, login)) }
                let key = try Key.open(store, l, me, "key give")
                try store.giveWardKey(to: other.accountId, key: key, by: me)
                print(l.t(.keyGiven, other.displayName))
            }
        }

        struct Recover: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpOpenWardKeyRecovery))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("key recover")
                let code = readPassword(l.t(.kcliRecoveryPrompt))
                let passphrase = try Key.newPassphrase(store, l, "key recover")
                _ = try store.recoverWardKey(code: code, newPassphrase: passphrase, by: me)
                print(l.t(.kcliRecovered))
            }
        }

        struct Recovery: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpMakeNewRecoveryKey))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("key recovery")
                let key = try Key.open(store, l, me, "key recovery")
                print(l.t(.recoveryKeyShown, try store.newRecoveryKey(key: key, by: me)))
            }
        }

        struct Rotate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpSealEveryIdentityNote),
                discussion: helpText(.cliHelpDoAfterRemovingRole))
            @OptionGroup var options: CommonOptions

            func run() throws {
                let (store, l, me) = try options.signedIn("key rotate")
                let key = try Key.open(store, l, me, "key rotate")
                do {
                    _ = try ShellProgress.run(.progressRotate, l, cancellable: true) { try store.rotateWardKey(key: key, by: me, progress: $0) }
                } catch WardError.cancelled {
                    throw CLIError(message: l.t(.kcliRotateCancelled))
                }
                print(l.t(.kcliRotated))
            }
        }
    }
}
