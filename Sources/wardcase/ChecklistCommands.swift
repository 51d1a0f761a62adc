import ArgumentParser
import WardCaseCore

extension Wardcase {
/// The ward's inspection checklist: what officers check on each visit. Data, not code.
struct Checklist: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: helpText(.cliHelpListAddRenameTurn),
        subcommands: [ListItems.self, SaveItem.self])

    struct ListItems: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: helpText(.cliHelpListChecklistCodeVietnamese))
        @OptionGroup var options: CommonOptions
        func run() throws {
            let (store, l, _) = try options.signedIn("checklist list")
            for item in try store.checklistItems(includeInactive: true) {
                print([item.code, item.nameVi, item.nameEn, l.t(item.active ? .checklistOn : .checklistOff)].joined(separator: "\t"))
            }
        }
    }

    struct SaveItem: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: helpText(.cliHelpAddLineRenameTurn))
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp(helpText(.cliHelpShortCodeLowerCase))) var code: String
        @Option(help: ArgumentHelp(helpText(.cliHelpVietnameseWordingNeededNew))) var vi: String?
        @Option(help: ArgumentHelp(helpText(.cliHelpEnglishWording))) var en: String?
        @Flag(help: ArgumentHelp(helpText(.cliHelpStopAskingNewVisits))) var off = false
        func run() throws {
            let (store, l, me) = try options.signedIn("checklist set")
            let old = try store.checklistItems(includeInactive: true).first { $0.code == code.lowercased() }
            // What is not given stays as it was.
            let item = try store.saveChecklistItem(code: code, nameVi: vi ?? old?.nameVi ?? "", nameEn: en ?? old?.nameEn ?? "",
                                                   active: !off, by: me)
            print(l.t(old != nil ? .cliChecklistChanged : .cliChecklistAdded, item.code, item.nameVi))
        }
    }
}
}
