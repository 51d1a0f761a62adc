import Foundation
import GRDB

/// The built-in demo ward, read from Resources/demo/ward.json, so every screen has something
/// true-looking on it. Later features add their own records to the same file.
public enum DemoWard {
    struct File: Decodable {
        struct Ward: Decodable { let name: String; let province: String; let agency: String }
        /// Dates are days before (or after) the day the demo is made, so it always looks current.
        struct Place: Decodable {
            let name: String, type: String, street: String, group: String
            let owner: String, phone: String, licence: String, risk: RiskLevel, status: EstablishmentStatus
            let businessRegNo: String, licenceIssuedDaysAgo: Int?, licenceExpiresInDays: Int?, securityCertificate: Bool
            let workers: Int, healthChecked: Int, reached: Int, commitmentDaysAgo: Int?, riskReason: String, statusDaysAgo: Int
        }
        struct Login: Decodable { let login: String; let name: String; let roles: [Role] }
        let ward: Ward
        let establishments: [Place]
        let accounts: [Login]
        let accountPassword: String
    }

    /// The demo account that holds every role; `wardcase --demo` maps the OS user to it.
    public static let everyRoleLogin = "demo"

    /// Fills an empty database with the demo ward, once: a database that already has a ward is left alone.
    /// Returns true when it seeded.
    @discardableResult
    public static func seedIfEmpty(_ store: WardStore, resources: URL) throws -> Bool {
        if try store.ward() != nil { return false }
        let url = resources.appendingPathComponent("demo/ward.json")
        guard let data = try? Data(contentsOf: url) else { throw WardError.resourcesMissing(searched: [url.path]) }
        let file = try JSONDecoder().decode(File.self, from: data)
        let types = try store.establishmentTypes()
        let typeIds = Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.id ?? 0) })
        let today = Formats.Day.today(store.clock())
        // Hash first (the slow part), then write everything in one transaction that checks again
        // for a ward: two terminals starting the demo at once seed it exactly once.
        let hash = try PasswordHasher.hash(file.accountPassword)
        let now = store.clock()
        return try store.write { db -> Bool in
            if try WardIdentity.fetchOne(db, key: 1) != nil { return false }
            try WardIdentity(name: file.ward.name, province: file.ward.province,
                             receivingAgency: file.ward.agency).save(db)
            for p in file.establishments {
                var e = Establishment(name: p.name, typeId: typeIds[p.type] ?? typeIds["other"] ?? 1,
                                      street: p.street, residentialGroup: p.group, ownerName: p.owner,
                                      ownerPhone: p.phone, licenceNo: p.licence, riskLevel: p.risk, status: p.status)
                e.businessRegNo = p.businessRegNo
                e.licenceIssued = p.licenceIssuedDaysAgo.map { today.adding(days: -$0) }
                e.licenceExpires = p.licenceExpiresInDays.map { today.adding(days: $0) }
                e.securityCertificate = p.securityCertificate
                e.workers = p.workers
                e.workersHealthChecked = p.healthChecked
                e.workersReached = p.reached
                e.commitmentSigned = p.commitmentDaysAgo != nil
                e.commitmentDate = p.commitmentDaysAgo.map { today.adding(days: -$0) }
                e.riskReason = p.riskReason
                e.statusDate = today.adding(days: -p.statusDaysAgo)
                try e.insert(db)
            }
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('demo', '1')")
            for a in file.accounts {
                _ = try WardStore.insertAccount(db, login: a.login, displayName: a.name, roles: Set(a.roles), hash: hash,
                                                osUser: nil, at: now, by: .system)
            }
            return true
        }
    }

    /// Whether a database is the demo ward, where switching accounts needs no password.
    public static func isDemo(_ store: WardStore) -> Bool {
        (try? store.setting("demo")) == "1"
    }

    /// Maps the operating-system user to the every-role demo account, so the demo opens signed in.
    public static func mapOSUser(_ osUser: String, in store: WardStore) throws {
        guard let account = try store.account(login: everyRoleLogin), account.osUser != osUser else { return }
        try store.modifyAccount(login: everyRoleLogin, by: .system) { $0.osUser = osUser }
    }
}

/// Where data lives by default: $XDG_DATA_HOME/wardcase (~/.local/share/wardcase).
public enum DataPaths {
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/wardcase"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/wardcase"
    }

    public static func wardDatabase(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/ward.sqlite"
    }

    public static func demoDatabase(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/demo.sqlite"
    }
}
