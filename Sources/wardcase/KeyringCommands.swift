import ArgumentParser
import Foundation
import WardCaseCore
import WardCaseReports
import WardCaseExport

// `wardcase keys trust | list | revoke`: the keyring of the office that combines wards' report
// bundles (Keyring.swift). It needs no ward database: a city office may have none.

/// --keyring, shared by `keys` and `report combine`.
struct KeyringOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        helpText(.cliHelpOfficeSKeyringTrusted),
        valueName: "file"))
    var keyring: String?

    var path: String { keyring ?? Keyring.defaultPath() }

    func load(_ l: Localizer) throws -> Keyring {
        do { return try Keyring.load(path: path) } catch let e as KeyringError { throw CLIError(message: e.message(l)) }
    }

    /// Written whole or not at all, readable by its owner only: who may change it decides which figures count.
    func save(_ ring: Keyring, _ l: Localizer) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        try Wardcase.ReportCommand.write(try ring.data(), to: path, l)
    }
}

extension Wardcase {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpWardsWhoseSignedReport),
            discussion: helpText(.cliHelpWardReadsKeyS),
            subcommands: [Trust.self, ListKeys.self, Revoke.self])

        struct Trust: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: helpText(.cliHelpTrustWardSKey))
            @OptionGroup var options: CommonOptions
            @OptionGroup var ring: KeyringOption
            @Option(help: ArgumentHelp(helpText(.cliHelpWardSNameAs))) var ward: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpWardSProvinceCity))) var province: String?
            @Argument(help: ArgumentHelp(helpText(.cliHelpFingerprint3f2a91c032), valueName: "fingerprint")) var fingerprint: String?
            @Option(name: .customLong("from-bundle"), help: ArgumentHelp(helpText(.cliHelpTakeWardKeyFrom), valueName: "file"))
            var bundle: String?
            @Flag(help: ArgumentHelp(helpText(.cliHelpFromBundleDoNot))) var yes = false

            func run() throws {
                let (l, _) = try options.setUp()
                var keyring = try ring.load(l)
                var (ward, province, typed) = (self.ward ?? "", self.province ?? "", fingerprint ?? "")
                if let bundle {
                    let b: ReportBundle
                    do { b = try ReportBundle.verify(try Data(contentsOf: URL(fileURLWithPath: bundle))) } catch let e as BundleError {
                        throw CLIError(message: bundle + ": " + e.message(l))
                    } catch {
                        throw WardError.unreadableFile(path: bundle, reason: Wardcase.ReportCommand.reason(error))
                    }
                    (ward, province, typed) = (b.ward, b.province, b.keyFingerprint)
                    print(l.t(.keysFromBundle, b.ward, b.province, b.keyFingerprint))
                    if !yes {
                        guard isatty(STDIN_FILENO) == 1 else { throw CLIError(message: l.t(.keysAskNeedsTerminal)) }
                        FileHandle.standardOutput.write(Data(l.t(.keysAsk).utf8))
                        let answer = VietText.fold(readLine() ?? "")
                        guard answer.hasPrefix("y") || answer.hasPrefix("c") else { print(l.t(.keysNotTrusted)); return }
                    }
                } else if fingerprint == nil {
                    throw CLIError(message: l.t(.keysFingerprintNeeded))
                }
                var entry: Keyring.Entry?
                try Wardcase.ReportCommand.guarded(l) {
                    entry = try keyring.trust(ward: ward, province: province, fingerprint: typed, at: Date())
                }
                try ring.save(keyring, l)
                if let entry { print(l.t(.keysTrusted, entry.place, entry.fingerprint, ring.path)) }
            }
        }

        struct ListKeys: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: helpText(.cliHelpListTrustedWardKeys))
            @OptionGroup var options: CommonOptions
            @OptionGroup var ring: KeyringOption

            func run() throws {
                let (l, _) = try options.setUp()
                let keyring = try ring.load(l)
                guard !keyring.entries.isEmpty else { print(l.t(.keysNone, ring.path)); return }
                func day(_ t: String) -> String { Timestamp.parse(t).map { Formats.Day.today($0).vietnamese } ?? t }
                for e in keyring.entries.sorted(by: { ($0.isActive ? 0 : 1, Keyring.folded($0.place)) < ($1.isActive ? 0 : 1, Keyring.folded($1.place)) }) {
                    print(e.isActive ? l.t(.keysLine, e.place, e.fingerprint, day(e.trustedAt))
                                     : l.t(.keysLineRevoked, e.place, e.fingerprint, day(e.revokedAt ?? "")))
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: helpText(.cliHelpStopTrustingWardS))
            @OptionGroup var options: CommonOptions
            @OptionGroup var ring: KeyringOption
            @Option(help: ArgumentHelp(helpText(.cliHelpWardSNameAs2))) var ward: String?
            @Option(help: ArgumentHelp(helpText(.cliHelpWardSProvinceCity))) var province: String?
            @Argument(help: ArgumentHelp(helpText(.cliHelpOnlyKey), valueName: "fingerprint")) var fingerprint: String?

            func run() throws {
                let (l, _) = try options.setUp()
                var keyring = try ring.load(l)
                var revoked: [Keyring.Entry] = []
                try Wardcase.ReportCommand.guarded(l) {
                    revoked = try keyring.revoke(ward: ward ?? "", province: province ?? "", fingerprint: fingerprint, at: Date())
                }
                try ring.save(keyring, l)
                for e in revoked { print(l.t(.keysRevoked, e.place, e.fingerprint)) }
            }
        }
    }
}
