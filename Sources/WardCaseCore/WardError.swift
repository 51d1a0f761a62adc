import Foundation

/// Errors a user can meet, each with a one-sentence message in the user's language.
public enum WardError: Error, Equatable, Sendable {
    case resourcesMissing(searched: [String])
    case unknownLanguage(String)
    case databaseUnreadable(path: String, reason: String)
    case databaseNewer(path: String)
    case cannotCreateFolder(path: String)
    case wardNotSet
    case required(field: Msg)
    case tooLong(field: Msg, max: Int)
    case notFound

    public func message(_ l: Localizer) -> String {
        switch self {
        case .resourcesMissing(let searched):
            // The string tables themselves are missing, so this one sentence is built in.
            return "wardcase: resource files not found (tệp tài nguyên không tìm thấy); looked in: "
                + searched.joined(separator: ", ")
        case .unknownLanguage(let s): return l.t(.errUnknownLanguage, s)
        case .databaseUnreadable(let path, let reason): return l.t(.errDatabaseUnreadable, path, reason)
        case .databaseNewer(let path): return l.t(.errDatabaseNewer, path)
        case .cannotCreateFolder(let path): return l.t(.errCannotCreateFolder, path)
        case .wardNotSet: return l.t(.errWardNotSet)
        case .required(let field): return l.t(.errRequired, l.t(field))
        case .tooLong(let field, let max): return l.t(.errTooLong, l.t(field), max)
        case .notFound: return l.t(.errNotFound)
        }
    }
}
