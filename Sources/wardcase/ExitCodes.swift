import ArgumentParser
import Foundation
import WardCaseCore

/// The version `wardcase --version` prints; install.sh and the manual page take it from there.
let wardcaseVersion = "0.9.0"

/// The exit statuses, in one place; the README, `--help` and the manual page list the same four.
enum WardExit: Int32 {
    /// Done.
    case ok = 0
    /// The user asked for something that cannot be done: bad input, no permission, not found, wrong password...
    case userError = 1
    /// The command line itself is wrong: unknown option, missing or malformed argument (ArgumentParser's usage errors).
    case usage = 2
    /// The data cannot be trusted or written: corrupt, unreadable, read-only or newer database, disk full, bad backup.
    case dataProblem = 3

    /// The status for an error met while running a command.
    static func status(for error: WardError) -> WardExit {
        switch error {
        case .databaseUnreadable, .databaseNewer, .databaseReadOnly, .diskFull, .backupFailed, .resourcesMissing:
            return .dataProblem
        case .notABackup(let path, _):
            // Naming a file that is not there is the user's slip; a file that is there but unusable is a data problem.
            return FileManager.default.fileExists(atPath: path) ? .dataProblem : .userError
        default:
            return .userError
        }
    }

    /// The status for anything thrown by parsing or by a command's run().
    static func status(for error: Error, command: ParsableCommand.Type?) -> WardExit {
        switch error {
        case let e as WardError: return status(for: e)
        case is CLIError: return .userError
        case let code as ExitCode:
            // `wardcase check` says what it found and exits non-zero: problems in the data.
            if code.rawValue == 1, command == Wardcase.Check.self { return .dataProblem }
            return code.rawValue == 0 ? .ok : .userError
        default:
            // ArgumentParser: help and --version succeed, its parse and validation errors are usage errors;
            // anything else that escaped a command is a plain failure.
            switch Wardcase.exitCode(for: error) {
            case .success: return .ok
            case .validationFailure: return .usage
            default: return .userError
            }
        }
    }

    /// The same list for `--help` and the manual page.
    static let summary = helpText(.cliHelpExitStatus0Done)
}
