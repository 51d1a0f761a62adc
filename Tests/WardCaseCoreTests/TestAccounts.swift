import XCTest
@testable import WardCaseCore
@testable import WardCaseDemo

extension WardStore {
    /// An account with every role, for tests that are about something other than who may: the
    /// demo ward's own ("demo"), or else "tester", made as the first account of an empty database
    /// or by an active admin where accounts exist. Asked again, it is found again.
    func everyRole() throws -> Account {
        for login in [DemoWard.everyRoleLogin, "tester"] {
            if let a = try account(login: login), a.active, a.roles == Set(Role.allCases) { return a }
        }
        if try accountCount() == 0 {
            return try createFirstAccount(login: "tester", displayName: "Người kiểm thử", roles: Set(Role.allCases),
                                          password: "matkhau123")
        }
        let admin = try reading { db in try WardStore.allAccounts(db) }.first { $0.active && $0.can(.manageAccounts) }
        return try createAccount(login: "tester", displayName: "Người kiểm thử", roles: Set(Role.allCases),
                                 password: "matkhau123", by: try XCTUnwrap(admin, "no active admin to make the tester"))
    }
}
