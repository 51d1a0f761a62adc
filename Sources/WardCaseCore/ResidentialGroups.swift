import Foundation
import GRDB

/// A residential group (tổ dân phố) on the ward's list. Establishments and hotspots name one of
/// them; forms offer the list, and every spelling of a number ("8", "TDP 8", "Tổ dân phố số 8")
/// is the same group.
public struct ResidentialGroup: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord, Identifiable {
    public static let databaseTableName = "residential_group"
    public var id: Int64?
    public var name: String
    /// The group's number, when its name is one: the list is in this order.
    public var number: Int?

    public init(name: String) {
        let canonical = Self.canonical(name)
        self.name = canonical.name
        number = canonical.number
    }

    /// The one name a spelling stands for: a number with or without "Tổ dân phố (số)", "TDP",
    /// "Tổ" or "Số" before it is "Tổ dân phố số N"; any other text is itself, cleaned. The same
    /// rule as migration v15, which folded the spellings a ward had before the list existed.
    public static func canonical(_ spelling: String) -> (name: String, number: Int?) {
        let text = VietText.clean(spelling)
        let folded = VietText.fold(text)
        var rest = Substring(folded)
        for prefix in ["to dan pho so ", "to dan pho ", "tdp so ", "tdp.", "tdp ", "tdp", "to so ", "to ", "so "]
        where folded.hasPrefix(prefix) {
            rest = folded.dropFirst(prefix.count)
            break
        }
        let digits = rest.trimmingCharacters(in: .whitespaces)
        if (1...4).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let n = Int(digits) {
            return ("Tổ dân phố số \(n)", n)
        }
        return (text, nil)
    }

    /// The listed group `spelling` stands for (its canonical name, or a listed name it folds to),
    /// nil when the list has none.
    public static func match(_ spelling: String, in groups: [ResidentialGroup]) -> String? {
        let key = VietText.fold(canonical(spelling).name)
        return groups.first { VietText.fold($0.name) == key }?.name
    }

    static func all(_ db: Database) throws -> [ResidentialGroup] {
        try ResidentialGroup.fetchAll(db, sql: "SELECT * FROM residential_group ORDER BY number IS NULL, number, name")
    }

    /// The listed name for a record's group: empty stays empty, a spelling of a listed group is
    /// that group, and a group not on the list is refused, unless the record already had it.
    static func listed(_ db: Database, _ spelling: String, keeping current: String? = nil) throws -> String {
        let text = VietText.clean(spelling)
        if text.isEmpty || text == current { return text }
        // Most records name a listed group as listed: one look in the index (cached: an import asks for every row).
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM residential_group WHERE name = ?)"), arguments: [text]) == true {
            return text
        }
        guard let name = match(text, in: try all(db)) else { throw WardError.unknownGroup(text) }
        return name
    }

    /// Adds `name` to the list if no spelling of it is there; the name as listed.
    @discardableResult
    static func add(_ db: Database, _ name: String, at now: Date, by actor: Actor) throws -> String {
        if let listed = match(name, in: try all(db)) { return listed }
        var g = ResidentialGroup(name: name)
        try g.insert(db)
        g.id = db.lastInsertedRowID
        try Audit.write(db, at: now, actor: actor, action: .create, recordType: "residential_group", recordId: g.id, after: ["name": g.name])
        return g.name
    }
}

/// A spelling migration v15 folded onto a listed name, and how many records had it.
public struct GroupMerge: Equatable, Sendable {
    public var spelling: String
    public var name: String
    public var records: Int
}

/// How many places name a group.
public struct GroupUse: Equatable, Sendable {
    public var group: ResidentialGroup
    public var establishments: Int
    public var hotspots: Int
}

extension WardStore {
    /// The ward's residential groups, by number, then by name.
    public func residentialGroups() throws -> [ResidentialGroup] {
        try reading { db in try ResidentialGroup.all(db) }
    }

    /// The list with how many establishments and hotspots name each group.
    public func residentialGroupUse() throws -> [GroupUse] {
        try reading { db in
            try ResidentialGroup.all(db).map { g in
                GroupUse(group: g,
                         establishments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM establishment WHERE residential_group = ?", arguments: [g.name]) ?? 0,
                         hotspots: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM hotspot WHERE residential_group = ?", arguments: [g.name]) ?? 0)
            }
        }
    }

    /// The spellings folded together when the list was made.
    public func residentialGroupMerges() throws -> [GroupMerge] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT spelling, name, records FROM residential_group_merge ORDER BY name, spelling").map {
                GroupMerge(spelling: $0[0], name: $0[1], records: $0[2])
            }
        }
    }

    /// Adds a group to the list, or with `renaming` gives a listed group a new name: every
    /// establishment and hotspot of it moves with it (each change in the audit trail), and a new
    /// name that is already listed merges the two. The name as listed.
    @discardableResult
    public func saveResidentialGroup(_ name: String, renaming old: String? = nil, by account: Account) throws -> String {
        let text = VietText.clean(name)
        if text.isEmpty { throw WardError.required(field: .colGroup) }
        let now = clock()
        return try write(as: account, .manageSettings, .registerEstablishments) { db, me in
            let actor = Actor(me)
            guard let old else { return try ResidentialGroup.add(db, text, at: now, by: actor) }
            let groups = try ResidentialGroup.all(db)
            guard let from = ResidentialGroup.match(old, in: groups), let fromGroup = groups.first(where: { $0.name == from }) else {
                throw WardError.unknownGroup(VietText.clean(old))
            }
            // The new name, as given (not folded onto the old one when only its spelling changes).
            var target = ResidentialGroup(name: text)
            let merging = ResidentialGroup.match(text, in: groups.filter { $0.name != from })
            if let merging {
                target.name = merging
            } else {
                try db.execute(sql: "UPDATE residential_group SET name = ?, number = ? WHERE id = ?",
                               arguments: [target.name, target.number, fromGroup.id])
            }
            if target.name != from {
                try Audit.writeChange(db, at: now, actor: actor, recordType: "residential_group", recordId: fromGroup.id,
                                      before: ["name": from], after: ["name": target.name])
            }
            for current in try Establishment.filter(Column("residential_group") == from).fetchAll(db) {
                var moved = current
                moved.residentialGroup = target.name
                _ = try Self.update(db, current, to: moved, at: now, by: actor)
            }
            for current in try Hotspot.filter(Column("residential_group") == from).fetchAll(db) {
                var moved = current
                moved.residentialGroup = target.name
                moved.version = current.version + 1
                try moved.update(db)
                try Audit.writeChange(db, at: now, actor: actor, recordType: "hotspot", recordId: current.id,
                                      before: current.auditFields, after: moved.auditFields)
            }
            if merging != nil { try db.execute(sql: "DELETE FROM residential_group WHERE id = ?", arguments: [fromGroup.id]) }
            return target.name
        }
    }
}
