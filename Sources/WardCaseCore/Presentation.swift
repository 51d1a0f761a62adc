import Foundation

// Words shown for records in more than one place (screens, shell, exported files), each said once.

extension Account {
    /// "Đang dùng", "Khoá đến 14:30" or "Đã tắt".
    public func stateText(_ l: Localizer, at now: Date) -> String {
        if !active { return l.t(.accountDisabled) }
        if let until = lockedUntil, isLocked(at: now) { return l.t(.accountLockedUntil, Timestamp.time(until)) }
        return l.t(.accountActive)
    }

    /// The roles in their usual order, by name: "Quản trị, Cán bộ".
    public func rolesText(_ l: Localizer) -> String {
        Role.allCases.filter(roles.contains).map { l.t($0.label) }.joined(separator: ", ")
    }
}

extension Service {
    /// Services in their usual order, by name, or `empty` when there are none.
    public static func names(_ services: Set<Service>, _ l: Localizer, empty: String = "") -> String {
        let names = allCases.filter(services.contains).map { l.t($0.label) }
        return names.isEmpty ? empty : names.joined(separator: ", ")
    }
}

extension CaseRow {
    /// The case's next follow-up is past.
    public func followUpOverdue(today: Formats.Day) -> Bool { nextFollowUp.map { $0 < today } ?? false }
}
