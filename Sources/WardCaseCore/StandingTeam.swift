import Foundation
import GRDB

/// A member's place in the standing team.
public enum TeamRole: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case leader, deputy, member
    public var label: Msg {
        switch self { case .leader: .teamRoleLeader; case .deputy: .teamRoleDeputy; case .member: .teamRoleMember }
    }
}

/// The ward's standing inspection team (Đội kiểm tra liên ngành 178): the decision that set it
/// up, and the agencies a visit's team should always include (police, by default).
public struct StandingTeam: Equatable, Sendable {
    public var name = ""
    public var decisionNo = ""
    public var decisionDate: Formats.Day?
    public var requiredAgencies: [String] = ["Công an"]
    public var version = 0
    public init() {}

    var auditFields: [String: String] {
        ["name": name, "decision_no": decisionNo, "decision_date": decisionDate?.vietnamese ?? "",
         "required_agencies": requiredAgencies.joined(separator: ", ")]
    }
}

/// One person on the standing team's roster, from the day they joined to the day they left.
public struct RosterMember: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "team_member"
    public var id: Int64?
    public var name: String
    public var agency: String
    public var role: TeamRole
    public var from: Formats.Day
    public var to: Formats.Day?
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, name, agency, role, version
        case from = "from_date", to = "to_date"
    }

    public init(name: String, agency: String, role: TeamRole = .member, from: Formats.Day, to: Formats.Day? = nil) {
        self.name = name; self.agency = agency; self.role = role; self.from = from; self.to = to
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// On the team on `day`.
    public func serves(on day: Formats.Day) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }

    /// As a visit lists its members.
    public var visitMember: TeamMember { TeamMember(name: name, agency: agency) }

    var auditFields: [String: String] {
        ["name": name, "agency": agency, "role": role.rawValue, "from_date": from.vietnamese, "to_date": to?.vietnamese ?? ""]
    }
}

public enum TeamRules {
    /// The required agencies no member of `members` belongs to (by the agency's words, accents aside).
    public static func missingAgencies(_ members: [TeamMember], required: [String]) -> [String] {
        let agencies = members.map { VietText.fold($0.agency) }
        return required.filter { need in
            let key = VietText.fold(need)
            return !key.isEmpty && !agencies.contains { $0.contains(key) }
        }
    }
}

extension WardStore {
    public func standingTeam() throws -> StandingTeam {
        try reading { db in try Self.standingTeam(db) }
    }

    static func standingTeam(_ db: Database) throws -> StandingTeam {
        var t = StandingTeam()
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM standing_team WHERE id = 1") else { return t }
        t.name = row["name"]
        t.decisionNo = row["decision_no"]
        t.decisionDate = row["decision_date"]
        t.requiredAgencies = (row["required_agencies"] as String).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        t.version = row["version"]
        return t
    }

    /// The team's name, its founding decision and the agencies every visit should include.
    public func saveStandingTeam(_ team: StandingTeam, original: StandingTeam, by account: Account) throws {
        var t = team
        t.name = VietText.clean(t.name)
        t.decisionNo = VietText.clean(t.decisionNo)
        t.requiredAgencies = t.requiredAgencies.map { VietText.clean($0) }.filter { !$0.isEmpty }
        if let d = t.decisionDate, d > Formats.Day.today(clock()) { throw WardError.futureDate }
        let now = clock()
        try write(as: account, .planInspections, .manageSettings) { db, me in
            let current = try Self.standingTeam(db)
            if current.version != original.version { throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields)) }
            try db.execute(sql: """
                INSERT INTO standing_team (id, name, decision_no, decision_date, required_agencies, version) VALUES (1, ?, ?, ?, ?, 1)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, decision_no = excluded.decision_no,
                    decision_date = excluded.decision_date, required_agencies = excluded.required_agencies, version = standing_team.version + 1
                """, arguments: [t.name, t.decisionNo, t.decisionDate, t.requiredAgencies.joined(separator: ", ")])
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "standing_team", recordId: 1,
                                  before: current.auditFields, after: t.auditFields)
        }
    }

    /// The roster, the serving members first (leader, deputies, members), then those who left.
    public func roster() throws -> [RosterMember] {
        try reading { db in
            try RosterMember.fetchAll(db, sql: """
                SELECT * FROM team_member ORDER BY to_date IS NOT NULL, CASE role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, name
                """)
        }
    }

    /// Adds a member or changes one opened as `original`; a member leaves by getting a "to" date.
    @discardableResult
    public func saveRosterMember(_ member: RosterMember, original: RosterMember?, by account: Account) throws -> RosterMember {
        var m = member
        m.name = VietText.clean(m.name)
        m.agency = VietText.clean(m.agency)
        if m.name.isEmpty { throw WardError.required(field: .fieldFullName) }
        if let to = m.to, to < m.from { throw WardError.rosterDates }
        let now = clock()
        return try write(as: account, .planInspections, .manageSettings) { db, me in
            if let original {
                guard let id = original.id, let current = try RosterMember.fetchOne(db, key: id) else { throw WardError.notFound }
                if current.version != original.version { throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields)) }
                m.id = id
                m.version = current.version + 1
                try m.update(db)
                try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "team_member", recordId: id,
                                      before: current.auditFields, after: m.auditFields)
            } else {
                m.id = nil
                m.version = 1
                try m.insert(db)
                try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "team_member", recordId: m.id, after: m.auditFields)
            }
            return m
        }
    }

    /// Each member's visits in `year` (carried out, as the list counts them), while on the team.
    /// A visit names a member as the roster does (the visit form takes them from the roster).
    public func rosterVisitCounts(year: Int) throws -> [Int64: Int] {
        try reading { db in
            var out: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.id, COUNT(DISTINCT v.id) FROM visit v
                JOIN visit_member m ON m.visit_id = v.id
                JOIN team_member t ON t.name = m.name AND v.visit_date BETWEEN t.from_date AND COALESCE(t.to_date, '9999-12-31')
                WHERE v.visit_date BETWEEN ? AND ? AND v.status <> 'planned' AND v.superseded_by IS NULL
                GROUP BY t.id
                """, arguments: [String(format: "%04d-01-01", year), String(format: "%04d-12-31", year)]) {
                out[row[0]] = row[1]
            }
            return out
        }
    }

    /// SQL that holds for a visit (alias `v`) one of whose members was on the standing team that day.
    package static let byStandingTeam = """
        EXISTS (SELECT 1 FROM visit_member m JOIN team_member t ON t.name = m.name
                WHERE m.visit_id = v.id AND v.visit_date BETWEEN t.from_date AND COALESCE(t.to_date, '9999-12-31'))
        """

    /// The required agencies a visit's team lacks: said before it is sent to the leader.
    public func missingAgencies(visitId: Int64) throws -> [String] {
        try reading { db in
            let members = try Row.fetchAll(db, sql: "SELECT name, agency FROM visit_member WHERE visit_id = ?", arguments: [visitId])
                .map { TeamMember(name: $0["name"], agency: $0["agency"]) }
            return TeamRules.missingAgencies(members, required: try Self.standingTeam(db).requiredAgencies)
        }
    }
}
