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
        /// The text of eighteen months of inspection work; the dates are made up at seeding.
        let inspections: Inspections
    }

    struct Inspections: Decodable {
        struct Member: Decodable { let name: String; let agency: String }
        struct ViolationTemplate: Decodable {
            let description: String
            /// Establishment type codes it can happen at; empty for any.
            let types: [String]
            /// The checklist item code it makes "not ok".
            let check: String
            /// How often it is picked; 0 only for repeat offences found on a follow-up.
            let weight: Int
            /// Before `newDecreeFrom`, and after it when `newLegalBasis` is empty.
            let legalBasis: String
            let newLegalBasis: String
            let handling: Handling
            let fine: Int64
            let finding: String
        }
        struct Findings: Decodable {
            /// "{time}", "{date}" and "{workers}" are filled in.
            let planned, unannounced, followUp, tip, workers, remedy: String
            let clean: [String], fixed: [String]
            let notFixed: String
            let hotspotActive: [String], hotspotEliminated: [String]
        }
        struct TipContent: Decodable {
            let kind: TipKind
            /// Establishment types it is about, or a hotspot, or else the place given.
            let types: [String]
            let hotspot: Bool
            let place: String
            let text: String
        }
        struct TipOutcome: Decodable { let classification: TipClass; let verify: String; let handle: String }
        struct Tips: Decodable {
            let contents: [TipContent]
            let reporters: [String]
            let policeReporter: String
            let outcomes: [TipOutcome]
        }
        struct HotspotEntry: Decodable {
            struct Change: Decodable { let status: HotspotStatus; let daysAgo: Int; let note: String }
            let name: String, address: String, group: String, description: String
            /// Oldest first; the first is when it was found, the last its current status.
            let history: [Change]
        }
        let team: String
        let members: [Member]
        /// When Nghị định 282/2025/NĐ-CP replaced Nghị định 144/2021/NĐ-CP (yyyy-mm-dd).
        let newDecreeFrom: String
        let violations: [ViolationTemplate]
        let findings: Findings
        let returnComments: [String]
        let tips: Tips
        let hotspots: [HotspotEntry]
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
            var places: [InspectionSeed.Place] = []
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
                places.append(InspectionSeed.Place(id: e.id ?? db.lastInsertedRowID, type: p.type, risk: p.risk,
                                                   closedOn: p.status == .closed ? e.statusDate : nil, workers: p.workers))
            }
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('demo', '1')")
            var accounts: [Account] = []
            for a in file.accounts {
                accounts.append(try WardStore.insertAccount(db, login: a.login, displayName: a.name, roles: Set(a.roles), hash: hash,
                                                            osUser: nil, at: now, by: .system))
            }
            var seed = try InspectionSeed(db, file: file, places: places, accounts: accounts, today: today, now: now)
            try seed.run(db)
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
