import Foundation
import WardCaseCore

// Every shell command that opens a ward's database signs in here first, and then acts through
// the core's doors with the account it got, as the app does. Who may do what is decided by the
// core; this file only finds out who is asking. A refusal is one sentence (exit status 1, see
// WardExit), writes nothing but its audit row, and happens before any work is done.

extension CommonOptions {
    /// The login asked for: --user, else WARDCASE_USER; nil when neither is given.
    var login: String? {
        let value = (user ?? ProcessInfo.processInfo.environment["WARDCASE_USER"])?.trimmingCharacters(in: .whitespaces)
        return value?.isEmpty == false ? value : nil
    }

    /// Signs in to `store` whoever runs `command` (its name as the audit trail keeps it, e.g.
    /// "user add"): `--user` / WARDCASE_USER with a password, else the account mapped to the
    /// operating-system user. `needed` is the refusal when neither gives an account.
    func signIn(_ store: WardStore, _ l: Localizer, _ command: String, needed: Error? = nil) throws -> Account {
        try ShellSignIn(store: store, l: l, command: command).account(login: login, needed: needed)
    }

    /// The ward's database and the signed-in account, for commands with nothing to check first.
    func signedIn(_ command: String) throws -> (WardStore, Localizer, Account) {
        let (l, _) = try setUp()
        let store = try openStore()
        return (store, l, try signIn(store, l, command))
    }
}

/// One sign-in on the shell.
struct ShellSignIn {
    let store: WardStore
    let l: Localizer
    let command: String
    let osUser = OSUser.current

    func account(login: String?, needed: Error?) throws -> Account {
        guard let login else {
            if let mapped = try store.signInAutomatically(osUser: osUser) { return mapped }
            throw refuse("not_signed_in", needed ?? CLIError(message: l.t(.errSignInNeeded, osUser)))
        }
        let password = try self.password(for: login)
        // No password can be empty: a cron job with no password file must not count towards a lockout.
        if password.isEmpty { throw refuse("no_password", CLIError(message: l.t(.signInRefused))) }
        switch try store.signIn(login: login, password: password) {
        case .success(let account):
            return account
        case .refused:
            // The core keeps the attempt, against the account or as an unknown login; the answer is the same for both.
            throw CLIError(message: l.t(.signInRefused))
        case .locked(let until):
            throw CLIError(message: l.t(.signInLocked, Timestamp.time(until)))
        case .disabled:
            throw CLIError(message: l.t(.signInDisabled))
        }
    }

    /// The password from the file named by WARDCASE_PASSWORD_FILE (for cron), else asked at the
    /// terminal without echo (or read as one line from standard input in a pipe).
    func password(for login: String) throws -> String {
        try secret(file: "WARDCASE_PASSWORD_FILE", prompt: l.t(.cliPasswordPrompt, login))
    }

    /// A secret from the file the environment variable `file` names, else asked as `prompt`.
    func secret(file: String, prompt: String) throws -> String {
        if let path = ProcessInfo.processInfo.environment[file], !path.isEmpty { return try passwordFile(path) }
        return readPassword(prompt)
    }

    /// A new secret: from the file if one is named, else typed twice at the terminal.
    func newSecret(file: String, prompt: String, again: String) throws -> String {
        if let path = ProcessInfo.processInfo.environment[file], !path.isEmpty { return try passwordFile(path) }
        return try readNewSecret(prompt, again: again)
    }

    /// The first line of a password file that only its owner can read. The file is opened, then
    /// its owner and mode are checked on the open file itself (no race with a swapped path), and
    /// only then is it read. A file anyone else can read may already be known: it is not used.
    func passwordFile(_ path: String) throws -> String {
        func unreadable() -> Error { refuse("password_file_unreadable", CLIError(message: l.t(.errPasswordFileUnreadable, path))) }
        let fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable() }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable() }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(), info.st_mode & 0o077 == 0 else {
            throw refuse("password_file_unsafe", CLIError(message: l.t(.errPasswordFileUnsafe, path)))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw unreadable() }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if chunk[0..<n].contains(UInt8(ascii: "\n")) { break }
        }
        let firstLine = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        var line = String(decoding: firstLine, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// Keeps a refusal met before any account was known in the audit trail, and hands back the error to throw.
    func refuse(_ reason: String, _ error: Error) -> Error {
        store.recordShellRefusal(osUser: osUser, command: command, reason: reason)
        return error
    }
}
