import ArgumentParser
import WardCaseCore

extension Wardcase {
/// The ward's inspection checklist: what officers check on each visit. Data, not code.
struct Checklist: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add, rename or turn off the lines of the inspection checklist.",
        subcommands: [ListItems.self, SaveItem.self])

    struct ListItems: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the checklist (code, Vietnamese, English, on/off).")
        @OptionGroup var options: CommonOptions
        func run() throws {
            let (store, l, _) = try options.signedIn("checklist list")
            for item in try store.checklistItems(includeInactive: true) {
                print([item.code, item.nameVi, item.nameEn, l.t(item.active ? .checklistOn : .checklistOff)].joined(separator: "\t"))
            }
        }
    }

    struct SaveItem: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: """
            Add a line, or rename or turn off the one with this code, e.g. \
            wardcase checklist set fire --vi "Phòng cháy chữa cháy" --en "Fire safety". Lines are never \
            deleted: earlier visits keep their results.
            """)
        @OptionGroup var options: CommonOptions
        @Argument(help: "A short code: lower-case letters, digits, underscores.") var code: String
        @Option(help: "The Vietnamese wording (needed for a new line).") var vi: String?
        @Option(help: "The English wording.") var en: String?
        @Flag(help: "Stop asking this on new visits.") var off = false
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
