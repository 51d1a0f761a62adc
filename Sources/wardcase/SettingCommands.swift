import ArgumentParser
import Foundation
import WardCaseCore

// `wardcase setting`: the ward's settings, by the names WardSetting gives them.

extension Wardcase {
    struct Setting: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change a setting.",
            discussion: """
                Settings: idle-lock-seconds (0 turns the idle lock off; default 600), coverage-target-percent \
                (establishments to inspect each year; default 80), tip-verify-days, tip-classify-days, \
                tip-handle-days (deadlines for each step of a tip-off, counted from the day it was received; \
                defaults 7, 10, 30). Without a name, every setting is listed.
                """)
        @OptionGroup var options: CommonOptions
        @Argument(help: "The setting's name.") var name: String?
        @Argument(help: "A new value; without it the current value is shown.") var value: String?

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
