import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo

/// The Hỗ trợ section at the terminal: codes for everyone, identities for a case worker with the passphrase.
final class SupportScreenTests: XCTestCase {
    /// F2 in the demo: canbo, canboxh, demo, doitruong, lanhdao, quantri, vanthu.
    private func switchTo(_ h: Harness, index: Int) {
        h.press(.function(2), .home)
        for _ in 0..<index { h.press(.down) }
        h.press(.enter)
    }

    /// A case with a known identity, made through the store as a case worker would.
    private func seedCase(_ h: Harness) throws -> SupportCase {
        let worker = try XCTUnwrap(h.store.account(login: "canboxh"))
        let key = try h.store.unlockWardKey(passphrase: DemoWard.passphrase, by: worker)
        return try h.store.addCase(SupportCase(sex: .female, ageGroup: .from25, residence: .migrant, source: .policeList,
                                               firstContact: h.store.today), identity: Identity(fullName: "Lò Thị Kiểm Tra", phone: "0966000111"),
                                   notes: "Ghi chú riêng", key: key, by: worker)
    }

    func testAnOfficerSeesCodesAndCountsButNoIdentity() throws {
        let h = try Harness(width: 110, height: 34)
        let c = try seedCase(h)
        h.app.tick()
        switchTo(h, index: 0)                         // canbo
        h.press(.char("3"))
        XCTAssertTrue(h.screen.contains("Nhân thân chỉ cán bộ xã hội được xem"), h.screen)
        h.press(.char("/"))
        h.type(String(c.code.suffix(4)))
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("Hồ sơ \(c.code)"), h.screen)
        XCTAssertTrue(h.screen.contains("Chỉ cán bộ xã hội được xem nhân thân."), h.screen)
        XCTAssertFalse(h.screen.contains("Lò Thị Kiểm Tra"), h.screen)
        // Keys that need the case worker's role say so.
        h.press(.char("m"))
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Cán bộ xã hội."), h.screen)
    }

    /// The police's list at the terminal: the case worker opens the key on the way, previews what
    /// each row becomes (with the names the file gives) and writes it; an officer sees the counts.
    func testACaseWorkerImportsAPoliceListAndAnOfficerSeesTheCounts() throws {
        let h = try Harness(width: 100, height: 36)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-ds-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            DANH SÁCH NGƯỜI BỊ XỬ LÝ HÀNH CHÍNH VỀ HÀNH VI BÁN DÂM
            STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Nơi cư trú,Số QĐ xử phạt,Ngày ra quyết định
            1,Lò Thị Hằng,2001,Nữ,014301004512,Số 12 ngõ 46 Hào Nam,300/QĐ-XPHC,10/11/2026
            2,Mai Thị Kiểm Thử,1994,Nữ,001194000123,Số 9 Khâm Thiên,301/QĐ-XPHC,11/11/2026
            3,,1990,Nữ,,,,
            """.write(to: file, atomically: true, encoding: .utf8)
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"), .char("d"))
        XCTAssertTrue(h.screen.contains("Năm 2026: 8 người"), h.screen)
        XCTAssertTrue(h.screen.contains("125/CAP-QLHC"), h.screen)
        // The key first, then the file.
        h.press(.char("i"))
        XCTAssertTrue(h.screen.contains("Mở khóa nhân thân"), h.screen)
        h.type(DemoWard.passphrase)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Nhập danh sách của công an"), h.screen)
        h.fill("path", file.path)
        h.fill("reference", "131/CAP-QLHC")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Mở 1 hồ sơ mới, liên kết 1 hồ sơ đã có, bỏ 1 dòng."), h.screen)
        XCTAssertTrue(h.screen.contains("Dòng 4: hồ sơ mới — Mai Thị Kiểm Thử (1994)"), h.screen)
        XCTAssertTrue(h.screen.contains("Dòng 3: đã có hồ sơ HT-2026-"), h.screen)
        XCTAssertTrue(h.screen.contains("Dòng 5: bỏ — Thiếu họ và tên"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã nhập danh sách số 2: mở 1 hồ sơ mới, liên kết 1 hồ sơ đã có, bỏ 1 dòng."), h.screen)
        XCTAssertTrue(h.screen.contains("131/CAP-QLHC"), h.screen)
        XCTAssertTrue(h.screen.contains("Năm 2026: 9 người"), h.screen)

        // The officer: counts, no names, and the import is not hers to do.
        switchTo(h, index: 0)                         // canbo
        h.press(.char("3"), .char("d"))
        XCTAssertTrue(h.screen.contains("131/CAP-QLHC"), h.screen)
        XCTAssertFalse(h.screen.contains("Kiểm Thử") || h.screen.contains("Lò Thị"), h.screen)
        h.press(.char("i"))
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Cán bộ xã hội."), h.screen)
        // The figures screen counts the lists too.
        h.press(.char("q"), .char("g"))
        XCTAssertTrue(h.screen.contains("Danh sách của công an · Năm 2026: 9 người"), h.screen)
    }

    func testACaseWorkerUnlocksSeesTheIdentityAndTheShowingIsLogged() throws {
        let h = try Harness(width: 110, height: 40)
        let c = try seedCase(h)
        h.app.tick()
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"))
        XCTAssertTrue(h.screen.contains("Nhân thân đang khóa (m để mở)"), h.screen)
        h.press(.char("/"))
        h.type(String(c.code.suffix(4)))
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("Đã mã hóa. Bấm m và nhập cụm mật khẩu để xem."), h.screen)
        h.press(.char("m"))
        h.type("sai roi sai roi")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Cụm mật khẩu không đúng."), h.screen)
        h.press(.ctrl("u"))
        h.type(DemoWard.passphrase)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã mở khóa nhân thân cho phiên này."), h.screen)
        h.press(.char("q"), .enter)
        XCTAssertTrue(h.screen.contains("Lò Thị Kiểm Tra"), h.screen)
        XCTAssertTrue(h.screen.contains("Ghi chú riêng"), h.screen)
        let views = try h.store.auditEntries(AuditFilter(record: "support_case#\(try XCTUnwrap(c.id))"), offset: 0, limit: 20, by: h.store.demoAccount())
        XCTAssertTrue(views.contains { $0.action == .viewIdentity && $0.actor == "canboxh" })
        // One case exported on purpose carries the identity; the export is logged.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-case-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        h.press(.char("x"), .ctrl("u"))
        h.type(path)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã ghi tệp"), h.screen)
        let sheet = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(sheet.contains(c.code) && sheet.contains("Lò Thị Kiểm Tra"), sheet)
        XCTAssertTrue(try h.store.auditEntries(AuditFilter(record: "support_case#\(try XCTUnwrap(c.id))"), offset: 0, limit: 20, by: h.store.demoAccount())
            .contains { $0.action == .exportIdentity })
        // Another person signing in does not inherit the unlocked key.
        switchTo(h, index: 2)                         // demo (every role)
        h.press(.char("3"))
        XCTAssertTrue(h.screen.contains("Nhân thân đang khóa"), h.screen)
    }

    /// With the key open, a case is found by the person's name (accents optional), searched in
    /// memory for the session; without the key, the same words find nothing and say so.
    func testACaseWorkerFindsACaseByNameOnceTheKeyIsOpen() throws {
        let h = try Harness(width: 110, height: 40)
        let c = try seedCase(h)
        h.app.tick()
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"), .char("/"))
        h.type("kiem tra")
        XCTAssertTrue(h.screen.contains("Không có hồ sơ nào khớp."), "the key is closed: nothing matches a name\n\(h.screen)")
        h.press(.escape)
        h.perform(.unlock)
        h.type(DemoWard.passphrase)
        h.press(.ctrl("s"))
        h.press(.char("/"))
        h.type("lo thi kiem")
        XCTAssertTrue(h.screen.contains(c.code), h.screen)
        XCTAssertTrue(h.screen.contains("1 hồ sơ"), h.screen)
        let searches = try h.store.auditEntries(AuditFilter(), offset: 0, limit: 50, by: h.store.demoAccount())
        XCTAssertEqual(searches.filter { $0.action == .searchIdentities && $0.actor == "canboxh" }.count, 1, "one audit row a session")
        for _ in "lo thi kiem" { h.press(.backspace) }
        h.type("0966000111")
        XCTAssertTrue(h.screen.contains(c.code), "by phone too: \(h.screen)")
    }

    /// The case page says where the case stands for the access rate and why, its timeline starts
    /// with the case's opening, and a referral offers the providers of its service first.
    func testTheCasePageExplainsTheAccessRateAndAReferralOffersItsServicesProviders() throws {
        let h = try Harness(width: 110, height: 50)
        let c = try seedCase(h)
        let id = try XCTUnwrap(c.id)
        h.app.tick()
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"), .char("/"))
        h.type(String(c.code.suffix(4)))
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("Chưa được tính: cần sàng lọc nhu cầu để được tính."), h.screen)
        XCTAssertTrue(h.screen.contains("\(h.store.today.vietnamese)              Mở hồ sơ (nguồn: "), "the timeline starts with the case: \(h.screen)")
        let worker = try XCTUnwrap(h.store.account(login: "canboxh"))
        try h.store.addScreening(caseId: id, Screening(date: h.store.today, needs: [.health]), key: nil, by: worker)
        h.wait(seconds: 1)
        XCTAssertTrue(h.screen.contains("Được tính, chưa tiếp cận: cần sử dụng ít nhất một dịch vụ."), h.screen)
        // The referral form offers the providers of the chosen service; "Nơi khác…" brings the rest.
        h.perform(.newReferral)
        let providers = try h.store.providers()
        let service = try XCTUnwrap(((h.app.current as? FormScreen)?.form["service"]).flatMap { name in
            Service.allCases.first { h.app.ctx.l.t($0.label) == name } })
        guard case .choice(let offered)? = (h.app.current as? FormScreen)?.form.fields.first(where: { $0.id == "provider" })?.kind else {
            return XCTFail("no provider choice")
        }
        let offering = providers.filter { $0.services.contains(service) }.map(\.name)
        XCTAssertEqual(offered, ["—"] + offering + ["Nơi khác…"])
        h.focus("provider")
        h.press(.left)
        let form = try XCTUnwrap((h.app.current as? FormScreen)?.form)
        let chosen = form["provider"]
        XCTAssertTrue(providers.contains { $0.name == chosen && !$0.services.contains(service) }, "one key away: \(chosen)")
    }

    /// A case's target groups are ticked on its form and shown on its page; a minor's page carries
    /// the special protection reminder, and the list marks minors and filters by group.
    func testTargetGroupsOnTheFormThePageAndTheList() throws {
        let h = try Harness(width: 110, height: 50)
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"))
        h.perform(.newRecord)
        h.focus("age")
        h.type("18")                                  // the choice jumps to "Dưới 18"
        h.focus("group-sex_worker")
        h.press(.char("c"))
        h.press(.ctrl("s"))
        let page = h.screen
        XCTAssertTrue(page.contains("Nhóm đối tượng") && page.contains("Người bán dâm; Người chưa thành niên"), page)
        XCTAssertTrue(page.contains("⚑ Người chưa thành niên: bảo vệ đặc biệt"), page)
        h.perform(.back)
        h.perform(.cycleGroup)
        XCTAssertTrue(h.screen.contains("Nhóm: Người bán dâm"), h.screen)
        for _ in 0..<5 { h.perform(.cycleGroup) }
        XCTAssertTrue(h.screen.contains("Nhóm: Người chưa thành niên"), h.screen)
        XCTAssertTrue(h.screen.contains(" ⚑"), h.screen)
        // The figures split the year's people by group, sex and age group.
        h.perform(.cycleGroup)
        h.perform(.supportFigures)
        h.perform(.cycleView)
        XCTAssertTrue(h.screen.contains("[Theo nhóm đối tượng]") && h.screen.contains("Người lao động tại cơ sở kinh doanh dịch vụ"), h.screen)
    }

    func testTheEnglishSupportScreens() throws {
        let h = try Harness(language: .en, width: 110, height: 34)
        h.press(.char("3"))
        XCTAssertTrue(h.screen.contains("Identities locked (m to unlock)"), h.screen)
        h.press(.char("r"))
        XCTAssertTrue(h.screen.contains("Awaiting follow-up"), h.screen)
        h.press(.char("q"), .char("p"))
        XCTAssertTrue(h.screen.contains("Service providers"), h.screen)
    }

    /// A new case worker has set their passphrase; the next holder to open the key (`m`) is asked
    /// about them and gives it; `m` with the key open changes one's own passphrase.
    func testAHolderGivesTheKeyToANewColleagueAndChangesTheirOwnPassphrase() throws {
        let h = try Harness(width: 110, height: 34)
        let admin = try h.store.demoAccount()
        let newcomer = try h.store.createAccount(login: "moi", displayName: "Cán bộ Mới", roles: [.caseWorker], password: "matkhau123", by: admin)
        try h.store.setOwnPassphrase("mật khẩu của người mới", by: newcomer)
        XCTAssertEqual(try h.store.keyStanding(by: newcomer), .waiting)
        h.app.tick()
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"), .char("m"))
        h.type(DemoWard.passphrase)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Trao khoá bảo mật cho đồng nghiệp"), h.screen)
        XCTAssertTrue(h.screen.contains("Trao cho Cán bộ Mới (moi)"), h.screen)
        h.press(.char("c"), .ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã trao khoá cho: Cán bộ Mới."), h.screen)
        XCTAssertNoThrow(try h.store.unlockWardKey(passphrase: "mật khẩu của người mới", by: newcomer))

        // With the key open, m changes canboxh's own passphrase (the shared one was theirs until now).
        h.press(.char("m"))
        XCTAssertTrue(h.screen.contains("Đổi mật khẩu bảo mật của bạn"), h.screen)
        h.type(DemoWard.passphrase)
        h.press(.tab)
        h.type("mật khẩu riêng của Hằng")
        h.press(.tab)
        h.type("mật khẩu riêng của Hằng")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã đổi mật khẩu bảo mật của bạn."), h.screen)
        let hang = try XCTUnwrap(h.store.account(login: "canboxh"))
        XCTAssertNoThrow(try h.store.unlockWardKey(passphrase: "mật khẩu riêng của Hằng", by: hang))
        XCTAssertThrowsError(try h.store.unlockWardKey(passphrase: DemoWard.passphrase, by: hang))
    }


    /// A sealed identity moved onto this case from another (with the sqlite3 shell): the page
    /// says so, in words, instead of showing a person or nothing.
    func testAnIdentityMovedFromAnotherCaseIsSaidOnThePage() throws {
        let h = try Harness(width: 110, height: 40)
        let c = try seedCase(h)
        let id = try XCTUnwrap(c.id)
        try h.store.testConnection.write { db in
            try db.execute(sql: """
                UPDATE support_case SET identity = (SELECT identity FROM support_case WHERE id <> ? AND identity IS NOT NULL LIMIT 1) WHERE id = ?
                """, arguments: [id, id])
        }
        h.app.tick()
        switchTo(h, index: 1)                         // canboxh
        h.press(.char("3"), .char("m"))
        h.type(DemoWard.passphrase)
        h.press(.ctrl("s"))
        h.press(.char("/"))
        h.type(String(c.code.suffix(4)))
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("không thuộc về nó"), h.screen)
        XCTAssertFalse(h.screen.contains("Lò Thị Kiểm Tra"), h.screen)
    }

}

final class HonestLoadingTests: XCTestCase {
    /// A read that fails says so, in the user's language, instead of drawing an empty list that
    /// reads as "nothing there" (what `try?` on the store used to make of it).
    func testAFailedReadIsShownNotTakenForAnEmptyList() throws {
        let h = try Harness(section: "3")
        try h.store.testConnection.write { db in try db.execute(sql: "ALTER TABLE provider RENAME TO provider_moved") }
        h.perform(.providers)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertFalse(h.screen.contains(l.t(.providersEmpty)), "a failure is not \"none yet\":\n\(h.screen)")
        XCTAssertTrue(h.screen.contains(l.t(.errUnexpected, "DatabaseError")), h.screen)
        // The page of one case reads several things; none of them fails in silence.
        h.press(.escape)
        try h.store.testConnection.write { db in try db.execute(sql: "ALTER TABLE referral RENAME TO referral_moved") }
        h.press(.char("3"), .enter)
        XCTAssertTrue(h.screen.contains(l.t(.errUnexpected, "DatabaseError")), h.screen)
    }

    func testAVisitThatCannotBeReadIsNotCalledMissing() throws {
        let h = try Harness(width: 100, height: 30, section: "2")
        try h.store.testConnection.write { db in try db.execute(sql: "ALTER TABLE checklist_item RENAME TO checklist_moved") }
        h.press(.enter)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertFalse(h.screen.contains(l.t(.errNotFound)), h.screen)
        XCTAssertTrue(h.screen.contains(l.t(.errUnexpected, "DatabaseError")), h.screen)
    }

    /// An account table that cannot be read is not an empty one: nobody is offered the first-run
    /// set-up (making a new administrator) because of a database error.
    func testUnreadableAccountsNeverOfferTheFirstRunSetUp() throws {
        let store = try WardStore.inMemoryCopy(of: Harness.demoTemplate())
        try store.testConnection.write { db in try db.execute(sql: "ALTER TABLE account RENAME TO account_moved") }
        let h = try Harness(store: store, section: nil)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertFalse(h.screen.contains(l.t(.setupTitle)), h.screen)
    }
}
