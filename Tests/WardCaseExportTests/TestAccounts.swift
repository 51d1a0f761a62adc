import XCTest
@testable import WardCaseCore
@testable import WardCaseDemo

extension WardStore {
    /// An account with every role for tests about files, not about who may: the demo ward's
    /// "demo", or "tester", made as the first account of an empty database.
    func tester() throws -> Account {
        if let a = try account(login: DemoWard.everyRoleLogin) ?? account(login: "tester") { return a }
        return try createFirstAccount(login: "tester", displayName: "Người kiểm thử", roles: Set(Role.allCases), password: "matkhau123")
    }
}
