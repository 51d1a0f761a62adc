/// The roles a ward gives its staff. A user can hold several.
public enum Role: String, CaseIterable, Sendable, Codable {
    case admin           // quản trị
    case teamLeader      // đội trưởng
    case officer         // cán bộ
    case caseWorker      // cán bộ xã hội
    case clerk           // văn thư
    case leadership      // lãnh đạo

    /// The name typed on the command line: "team-leader", or the Vietnamese "doi-truong".
    public var cliName: String {
        switch self {
        case .admin: "admin"
        case .teamLeader: "team-leader"
        case .officer: "officer"
        case .caseWorker: "case-worker"
        case .clerk: "clerk"
        case .leadership: "leadership"
        }
    }

    static let vietnameseNames: [String: Role] = [
        "quan-tri": .admin, "doi-truong": .teamLeader, "can-bo": .officer, "can-bo-xa-hoi": .caseWorker,
        "van-thu": .clerk, "lanh-dao": .leadership,
    ]

    /// Reads a role as typed: English ("team-leader"), Vietnamese with or without accents ("đội trưởng").
    public static func parse(_ text: String) -> Role? {
        let key = VietText.fold(text).replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
        return allCases.first { $0.cliName == key || $0.rawValue.lowercased() == key } ?? vietnameseNames[key]
    }

    public var label: Msg {
        switch self {
        case .admin: .roleAdmin
        case .teamLeader: .roleTeamLeader
        case .officer: .roleOfficer
        case .caseWorker: .roleCaseWorker
        case .clerk: .roleClerk
        case .leadership: .roleLeadership
        }
    }
}

/// Everything a role may or may not do. Every permission check in the app goes through `Permissions`.
public enum Permission: String, CaseIterable, Sendable {
    case manageAccounts, manageSettings
    case viewRegister, registerEstablishments
    case planInspections, logVisits, approveVisits, logTipOffs
    case viewSupport, viewIdentities, manageCases
    case draftReports, exportReports
    case viewAudit
}

/// The one table of who may do what.
public enum Permissions {
    public static let table: [Role: Set<Permission>] = [
        .admin: [.manageAccounts, .manageSettings, .viewRegister, .viewAudit],
        .teamLeader: [.viewRegister, .planInspections, .approveVisits, .logVisits, .logTipOffs, .viewAudit, .viewSupport],
        // Officers see the support section by codes and counts (they often make the first contact).
        .officer: [.viewRegister, .registerEstablishments, .logVisits, .logTipOffs, .viewSupport],
        // Only case workers see who the people in the support section are.
        .caseWorker: [.viewRegister, .viewSupport, .viewIdentities, .manageCases],
        .clerk: [.viewRegister, .viewSupport, .draftReports, .exportReports],
        .leadership: [.viewRegister, .viewSupport],
    ]

    public static func allows(_ roles: Set<Role>, _ permission: Permission) -> Bool {
        roles.contains { table[$0]?.contains(permission) ?? false }
    }

    /// The roles that grant a permission, for "you need the … role" messages.
    public static func roles(granting permission: Permission) -> [Role] {
        Role.allCases.filter { table[$0]?.contains(permission) ?? false }
    }
}
