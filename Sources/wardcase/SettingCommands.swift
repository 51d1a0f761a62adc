import ArgumentParser
import Foundation
import WardCaseCore

// `wardcase setting`: the ward's settings, by the names WardSetting gives them.

extension Wardcase {
    struct Setting: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(.cliHelpShowChangeSetting),
            discussion: helpText(.cliHelpSettingsIdleLockSeconds))
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpSettingSName))) var name: String?
        @Argument(help: ArgumentHelp(helpText(.cliHelpNewValueWithoutIt))) var value: String?

        func run() throws {
            let (store, l, me) = try options.signedIn("setting")
            // Who signs the reports: text, not a number; the title's lines are separated by "|".
            let signerNames = ["signer-title", "signer-name"]
            func printSigner() throws {
                let signer = try store.reportSigner()
                print(l.t(.cliSettingValue, "signer-title", signer.titleLines.joined(separator: " | ")))
                print(l.t(.cliSettingValue, "signer-name", signer.name))
            }
            guard let name else {
                for s in WardSetting.allCases { print(l.t(.cliSettingValue, s.cliName, try store.setting(s))) }
                try printSigner()
                return
            }
            if signerNames.contains(name) {
                if let value {
                    var signer = try store.reportSigner()
                    if name == "signer-title" { signer.titleLines = value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } } else { signer.name = value }
                    try store.setReportSigner(signer, by: me)
                }
                try printSigner()
                return
            }
            guard let setting = WardSetting.parse(name) else { throw WardError.unknownSetting(name) }
            if let value {
                guard let number = Int(value) else { throw WardError.invalidSettingValue(value) }
                try store.setSetting(setting, to: number, by: me)
            }
            print(l.t(.cliSettingValue, setting.cliName, try store.setting(setting)))
        }
    }
}
