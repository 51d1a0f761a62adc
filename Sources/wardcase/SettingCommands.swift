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
            guard let name else {
                for s in WardSetting.allCases { print(l.t(.cliSettingValue, s.cliName, try store.setting(s))) }
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
