import Foundation

/// The two UI languages. Vietnamese is the default.
public enum Language: String, Sendable, CaseIterable {
    case vi, en

    /// `--lang` wins, then WARDCASE_LANG, then Vietnamese.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Language {
        if let flag {
            guard let lang = Language(rawValue: flag.lowercased()) else { throw WardError.unknownLanguage(flag) }
            return lang
        }
        if let env = environment["WARDCASE_LANG"], let lang = Language(rawValue: env.lowercased()) { return lang }
        return .vi
    }
}

/// Looks strings up in the language's table under Resources/strings. Placeholders are {1}, {2}...
public struct Localizer: Sendable {
    public let language: Language
    private let table: [String: String]

    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    /// Loads `Resources/strings/<lang>.json`.
    public static func load(_ language: Language, resources: URL) throws -> Localizer {
        Localizer(language: language, table: try loadTable(language, resources: resources))
    }

    public static func loadTable(_ language: Language, resources: URL) throws -> [String: String] {
        let url = resources.appendingPathComponent("strings/\(language.rawValue).json")
        guard let data = try? Data(contentsOf: url),
              let table = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw WardError.resourcesMissing(searched: [url.path])
        }
        return table
    }

    public func t(_ key: Msg, _ args: CustomStringConvertible...) -> String {
        let template = table[key.rawValue] ?? key.rawValue
        if args.isEmpty { return template }
        // One pass: each {n} takes the n-th argument; a {n} with no argument stays as it is.
        // (Foundation's replace, once per argument, showed in an import's line per row.)
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]), (1...args.count).contains(n) {
                out += args[n - 1].description
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// The text under a key kept as data (a figure's label in a bundle), if the table has it.
    public func text(forKey key: String) -> String? { table[key] }

    /// For the shell when the string tables cannot be found. Its table is empty: the one error it
    /// can meet then, that the tables are missing, is built into `WardError.message` in both
    /// languages; any other key would read as its name, so nothing else may use it.
    public static let bare = Localizer(language: .en, table: [:])
}
