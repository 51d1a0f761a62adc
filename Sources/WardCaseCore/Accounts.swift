import Crypto
import _CryptoExtras
import Foundation
import GRDB

/// A person who signs in. The password is kept only as a salted scrypt hash.
public struct Account: Equatable, Sendable, Identifiable {
    public var id: Int64?
    public var login: String
    public var displayName: String
    public var roles: Set<Role>
    public var active: Bool
    public var passwordHash: String
    public var osUser: String?
    public var failedAttempts: Int
    public var lockedUntil: Date?
    public var version: Int

    public init(id: Int64? = nil, login: String, displayName: String, roles: Set<Role>, active: Bool = true,
                passwordHash: String, osUser: String? = nil, failedAttempts: Int = 0, lockedUntil: Date? = nil, version: Int = 1) {
        self.id = id; self.login = login; self.displayName = displayName; self.roles = roles; self.active = active
        self.passwordHash = passwordHash; self.osUser = osUser; self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil; self.version = version
    }

    public func can(_ permission: Permission) -> Bool { Permissions.allows(roles, permission) }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// Roles in their declared order, as stored: "admin,clerk".
    static func encode(_ roles: Set<Role>) -> String { Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",") }
    static func decode(_ text: String) -> Set<Role> { Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }

    init(row: Row) {
        id = row["id"]; login = row["login"]; displayName = row["display_name"]
        roles = Account.decode(row["roles"]); active = row["active"]; passwordHash = row["password_hash"]
        osUser = row["os_user"]; failedAttempts = row["failed_attempts"]
        lockedUntil = (row["locked_until"] as String?).flatMap(Timestamp.parse); version = row["version"]
    }

    /// What the audit trail records of an account; never the password hash.
    var auditFields: [String: String] {
        ["login": login, "display_name": displayName, "roles": Account.encode(roles), "active": active ? "1" : "0",
         "os_user": osUser ?? ""]
    }
}

/// The rules for logins and passwords, in one place.
public enum AccountRules {
    public static let lockoutAttempts = 5
    public static let lockoutMinutes = 15
    public static let minimumPasswordLength = 8

    public static func checkLogin(_ login: String) throws -> String {
        let l = login.trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...32).contains(l.count),
              l.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else { throw WardError.invalidLogin }
        return l
    }

    public static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw WardError.passwordTooShort(minimumPasswordLength) }
    }
}

/// Salted scrypt hashes (swift-crypto's CryptoExtras), stored as "scrypt$N$r$p$salt$hash". New
/// hashes and new wrappings of the ward key use N=2^17, r=8, p=1 (OWASP's floor for scrypt; about
/// 0.3 s and 128 MB here, see docs/PERFORMANCE.md); older ones keep opening with the parameters
/// stored beside them and are made again at the next sign-in.
public enum PasswordHasher {
    /// The cost of the installed program.
    public static let releaseRounds = 1 << 17
    #if DEBUG
    /// Debug builds (the unit tests) hash at the older, cheaper cost: the scrypt C code is not
    /// optimised there and 2^17 takes 1.6 s a hash. The installed binary, which the end-to-end
    /// tests and the benchmark run, uses `releaseRounds`.
    static let rounds = 1 << 14
    #else
    static let rounds = releaseRounds
    #endif
    static let blockSize = 8, parallelism = 1, length = 32

    public static func hash(_ password: String) throws -> String {
        try hash(password, salt: WardKey.random(16))
    }

    /// With a given salt (the city generator's, from its seed: the same seed gives the same bytes).
    package static func hash(_ password: String, salt: Data) throws -> String {
        let key = try derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", "\(rounds)", "\(blockSize)", "\(parallelism)", salt.base64EncodedString(), key.base64EncodedString()]
            .joined(separator: "$")
    }

    /// Parameters a stored hash or key may ask for: what scrypt can do in a sign-in's time and
    /// memory here, so that a tampered row cannot make a sign-in take the machine down.
    static func sane(rounds n: Int, blockSize r: Int, parallelism p: Int) -> Bool {
        n >= 1024 && n <= 1 << 20 && n & (n - 1) == 0 && (1...32).contains(r) && (1...16).contains(p)
    }

    /// Whether a stored hash was made with other parameters than today's: it is made again at the
    /// next sign-in with the right password.
    static func isOutdated(_ stored: String) -> Bool {
        !stored.hasPrefix("scrypt$\(rounds)$\(blockSize)$\(parallelism)$")
    }

    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              sane(rounds: n, blockSize: r, parallelism: p),
              let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let key = try? derive(password, salt: salt, rounds: n, blockSize: r, parallelism: p) else { return false }
        // Constant-time comparison.
        guard key.count == expected.count else { return false }
        return zip(key, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(_ password: String, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        // The same password typed precomposed or with combining marks must match.
        let secret = Data(VietText.nfc(password).utf8)
        let key = try KDF.Scrypt.deriveKey(from: secret, salt: salt, outputByteCount: length,
                                           rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Who the audit trail names: an account, or (for the core's own work and shell refusals) a
/// name. Core methods that change data take the signed-in `Account`, never this.
package struct Actor: Equatable, Sendable {
    package var accountId: Int64?
    package var name: String
    init(accountId: Int64?, name: String) { self.accountId = accountId; self.name = name }
    package init(_ account: Account) { accountId = account.id; name = account.login }

    /// The operating-system user running a shell command, e.g. "os:lan".
    static func shell(_ osUser: String) -> Actor { Actor(accountId: nil, name: "os:" + osUser) }
    package static let system = Actor(accountId: nil, name: "system")
    /// Who names the ward and makes its first account, before anyone can sign in.
    static let firstRun = Actor(accountId: nil, name: "first-run")
}

/// What came of a sign-in attempt. An unknown login and a wrong password are the same answer.
public enum SignInResult: Equatable, Sendable {
    case success(Account)
    case refused
    case locked(until: Date)
    case disabled
}

/// Timestamps stored as UTC ISO-8601 text, so that they sort and compare as text.
public enum Timestamp {
    /// "2026-11-25T16:07:00Z" (UTC, whole seconds), by arithmetic: every saved record writes one,
    /// and a date formatter per call made an import of 20,000 rows spend a quarter of its time here.
    public static func string(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - days * 86_400
        let (y, m, d) = Formats.Day.civilFromDays(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
            + "T" + two(secs / 3600) + ":" + two(secs % 3600 / 60) + ":" + two(secs % 60) + "Z"
    }

    public static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    /// "25/11/2026 14:05" in the computer's time zone.
    public static func display(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// Just the time of day: "14:05".
    public static func time(_ date: Date) -> String { String(display(date).suffix(5)) }
}

/// The operating-system user running this process.
public enum OSUser {
    public static var current: String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}
