import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// Visits and their life cycle, tip-off deadlines, coverage and plans, on small known datasets.
final class InspectionTests: XCTestCase {
    typealias Day = Formats.Day
    /// 25/11/2026, a Wednesday, at noon UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    var store: WardStore!
    var today: Day!
    var officer: Account!
    var leader: Account!
    var leader2: Account!
    var clerk: Account!
    /// Every role: sets up what the test is not about (the register, settings).
    var tester: Account!
    var karaoke: Int64!

    override func setUpWithError() throws {
        store = try WardStore.inMemory(clock: { InspectionTests.now })
        today = Day.today(Self.now)
        XCTAssertEqual(today, Day(year: 2026, month: 11, day: 25))
        tester = try store.everyRole()
        officer = try store.createAccount(login: "lan", displayName: "Lan", roles: [.officer], password: "matkhau123", by: tester)
        leader = try store.createAccount(login: "hung", displayName: "Hùng", roles: [.teamLeader], password: "matkhau123", by: tester)
        leader2 = try store.createAccount(login: "minh", displayName: "Minh", roles: [.teamLeader], password: "matkhau123", by: tester)
        clerk = try store.createAccount(login: "thu", displayName: "Thu", roles: [.clerk], password: "matkhau123", by: tester)
        karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        for n in 1...5 { try store.saveResidentialGroup("Tổ dân phố số \(n)", by: tester) }
    }

    @discardableResult
    func place(_ name: String, group: String = "Tổ dân phố số 1", status: EstablishmentStatus = .active, archived: Bool = false) throws -> Int64 {
        var e = Establishment(name: name, typeId: karaoke, street: name, residentialGroup: group, status: status)
        e.archived = archived
        return try XCTUnwrap(store.addEstablishment(e, by: tester).id)
    }

    func draft(at place: Int64, daysAgo: Int = 3, violations: [Violation] = [], by account: Account? = nil) throws -> VisitRecord {
        var v = Visit(establishmentId: place, date: today.adding(days: -daysAgo), kind: .unannounced)
        v.team = "Đội kiểm tra liên ngành phường"
        v.remedyDeadline = violations.isEmpty ? nil : today.adding(days: 10 - daysAgo)
        let r = VisitRecord(visit: v, members: [TeamMember(name: "Nguyễn Văn An", agency: "Công an phường")], violations: violations)
        return try store.saveVisit(r, original: nil, by: account ?? officer)
    }

    func approved(at place: Int64, daysAgo: Int = 3) throws -> VisitRecord {
        let r = try draft(at: place, daysAgo: daysAgo)
        let id = try XCTUnwrap(r.visit.id)
        try store.submitVisit(id: id, by: officer)
        return try store.approveVisit(id: id, by: leader)
    }

    // MARK: Life cycle

    /// An approved biên bản is numbered in its year's own sequence, in the order of approval; a
    /// draft, a submitted or a returned record has no number.
    func testApprovedRecordsAreNumberedInTheirYearsSequence() throws {
        let p = try place("Karaoke Số Thứ Tự")
        let first = try approved(at: p, daysAgo: 5), second = try approved(at: p, daysAgo: 9)
        XCTAssertEqual(first.recordNumber, RecordNumber(year: today.year, number: 1))
        XCTAssertEqual(second.recordNumber, RecordNumber(year: today.year, number: 2))
        let waiting = try draft(at: p)
        XCTAssertNil(try store.visit(id: try XCTUnwrap(waiting.visit.id))?.recordNumber)
        try store.submitVisit(id: try XCTUnwrap(waiting.visit.id), by: officer)
        XCTAssertNil(try store.visit(id: try XCTUnwrap(waiting.visit.id))?.recordNumber)
        // A correction, once approved, is a record of its own with the next number.
        let amendment = try store.amendVisit(id: try XCTUnwrap(first.visit.id), by: officer)
        let id = try XCTUnwrap(amendment.visit.id)
        try store.submitVisit(id: id, by: officer)
        XCTAssertEqual(try store.approveVisit(id: id, by: leader).recordNumber?.number, 3)
        XCTAssertEqual(try store.visit(id: try XCTUnwrap(first.visit.id))?.recordNumber?.number, 1, "the original keeps its number")
    }

    /// A fine's decision comes after the record is approved, and its payment later still: both are
    /// kept beside the locked record, in order, and only for a fine.
    func testASanctionDecisionAndItsPaymentFollowAnApprovedFine() throws {
        let p = try place("Karaoke Xử Phạt")
        let fine = Violation(description: "Không niêm yết giá", handling: .fine, fine: 1_500_000)
        let note = Violation(description: "Nhắc nhở vệ sinh", handling: .reminder)
        let r = try draft(at: p, daysAgo: 10, violations: [fine, note])
        let id = try XCTUnwrap(r.visit.id)
        var lines = try store.sanctionLines(visitId: id)
        let decision = Sanction(decisionNo: "12/QĐ-XPHC", decisionDate: today.adding(days: -5), signer: "Chủ tịch UBND phường")
        XCTAssertThrowsError(try store.saveSanction(decision, violationId: lines[0].violationId, original: nil, by: leader)) {
            XCTAssertEqual($0 as? WardError, .sanctionNotAllowed, "not before the record is approved")
        }
        try store.submitVisit(id: id, by: officer)
        try store.approveVisit(id: id, by: leader)
        lines = try store.sanctionLines(visitId: id)
        XCTAssertThrowsError(try store.saveSanction(decision, violationId: lines[1].violationId, original: nil, by: leader)) {
            XCTAssertEqual($0 as? WardError, .sanctionNotAllowed, "a reminder has no sanction decision")
        }
        var early = decision
        early.decisionDate = today.adding(days: -11)
        XCTAssertThrowsError(try store.saveSanction(early, violationId: lines[0].violationId, original: nil, by: leader)) {
            XCTAssertEqual($0 as? WardError, .sanctionInvalid(.errDecisionBeforeVisit))
        }
        var paidFirst = decision
        paidFirst.paidDate = today.adding(days: -6)
        XCTAssertThrowsError(try store.saveSanction(paidFirst, violationId: lines[0].violationId, original: nil, by: leader)) {
            XCTAssertEqual($0 as? WardError, .sanctionInvalid(.errPaidBeforeDecision))
        }
        XCTAssertThrowsError(try store.saveSanction(decision, violationId: lines[0].violationId, original: nil, by: clerk)) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.logVisits))
        }
        try store.saveSanction(decision, violationId: lines[0].violationId, original: nil, by: leader)
        let saved = try XCTUnwrap(store.sanctionLines(visitId: id)[0].sanction)
        XCTAssertEqual(saved.decisionNo, "12/QĐ-XPHC")
        // The payment, recorded later by the officer; a second form opened on the old state is a conflict.
        var paid = saved
        paid.paidDate = today
        try store.saveSanction(paid, violationId: lines[0].violationId, original: saved, by: officer)
        XCTAssertThrowsError(try store.saveSanction(paid, violationId: lines[0].violationId, original: saved, by: officer)) {
            guard case .conflict = $0 as? WardError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try store.sanctionLines(visitId: id)[0].sanction?.paidDate, today)
        var q = VisitQuery(today: today)
        q.filter = "xu phat"
        XCTAssertEqual(try store.visits(q, offset: 0, limit: 1).first?.finesPaid, 1_500_000)
        XCTAssertEqual(try store.auditEntries(AuditFilter(record: "sanction"), offset: 0, limit: 10, by: tester).count, 2)
    }

    /// The standing team: members serve from a day to a day, a visit by one of them counts for the
    /// team and for them, and a visit without the required agency is found out before it is sent.
    func testTheStandingTeamsRosterDatesCountsAndRequiredAgency() throws {
        XCTAssertThrowsError(try store.saveRosterMember(RosterMember(name: "Ngược", agency: "Công an", from: today, to: today.adding(days: -1)),
                                                        original: nil, by: tester)) { XCTAssertEqual($0 as? WardError, .rosterDates) }
        XCTAssertThrowsError(try store.saveRosterMember(RosterMember(name: "Lan", agency: "Công an", from: today), original: nil, by: clerk)) {
            XCTAssertEqual($0 as? WardError, .permissionDenied(.planInspections))
        }
        let an = try store.saveRosterMember(RosterMember(name: "Nguyễn Văn An", agency: "Công an phường", role: .leader,
                                                         from: today.adding(days: -100)), original: nil, by: leader)
        let left = try store.saveRosterMember(RosterMember(name: "Trần Thị Cũ", agency: "Văn hóa", from: today.adding(days: -400),
                                                           to: today.adding(days: -200)), original: nil, by: leader)
        XCTAssertTrue(an.serves(on: today))
        XCTAssertFalse(left.serves(on: today))
        // draft() names "Nguyễn Văn An - Công an phường": a visit by the standing team.
        let p = try place("Karaoke Đội")
        let r = try draft(at: p, daysAgo: 5)
        try store.submitVisit(id: try XCTUnwrap(r.visit.id), by: officer)
        try store.approveVisit(id: try XCTUnwrap(r.visit.id), by: leader)
        XCTAssertEqual(try store.rosterVisitCounts(year: today.year)[try XCTUnwrap(an.id)], 1)
        XCTAssertNil(try store.rosterVisitCounts(year: today.year)[try XCTUnwrap(left.id)])
        let figures = try store.reportFigures(try XCTUnwrap(ReportPeriod.month(today.year, today.month)))
        XCTAssertEqual(figures.value("visits.standing_team"), 1)
        XCTAssertEqual(figures.value("visits.other_team"), 0)
        // Police are required by default; a team of culture officers only is said to lack them.
        XCTAssertEqual(try store.standingTeam().requiredAgencies, ["Công an"])
        XCTAssertEqual(TeamRules.missingAgencies([TeamMember(name: "Hoa", agency: "Văn hóa - Xã hội")], required: ["Công an", "Y tế"]),
                       ["Công an", "Y tế"])
        XCTAssertEqual(try store.missingAgencies(visitId: try XCTUnwrap(r.visit.id)), [])
        var team = try store.standingTeam()
        team.requiredAgencies = ["Công an", "Y tế"]
        team.decisionNo = "02/QĐ-UBND"
        try store.saveStandingTeam(team, original: try store.standingTeam(), by: leader)
        XCTAssertEqual(try store.missingAgencies(visitId: try XCTUnwrap(r.visit.id)), ["Y tế"])
    }

    func testAVisitGoesFromDraftToSubmittedToApprovedAndIsThenLocked() throws {
        let p = try place("Karaoke Ánh Dương")
        let fine = Violation(description: "Không có sổ theo dõi người lao động", legalBasis: "Điểm a khoản 1 Điều 25 NĐ 144/2021",
                             handling: .fine, fine: 2_000_000)
        var r = try draft(at: p, violations: [fine])
        let id = try XCTUnwrap(r.visit.id)
        XCTAssertEqual(r.visit.status, .draft)
        XCTAssertEqual(r.visit.authorName, "lan")
        XCTAssertEqual(try store.visit(id: id)?.violations, [fine])
        XCTAssertEqual(try store.visit(id: id)?.totalFine, 2_000_000)

        // A clerk logs no visits; an officer approves none.
        XCTAssertThrowsError(try store.submitVisit(id: id, by: clerk)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.logVisits)) }
        XCTAssertThrowsError(try store.approveVisit(id: id, by: leader)) { XCTAssertEqual($0 as? WardError, .visitNotSubmitted) }
        r = try store.submitVisit(id: id, by: officer)
        XCTAssertEqual(r.visit.status, .submitted)
        XCTAssertThrowsError(try store.approveVisit(id: id, by: officer)) { XCTAssertEqual($0 as? WardError, .permissionDenied(.approveVisits)) }
        // Submitted records wait for the leader: the author cannot change them meanwhile.
        XCTAssertThrowsError(try store.saveVisit(r, original: r, by: officer)) { XCTAssertEqual($0 as? WardError, .visitLocked(.submitted)) }

        r = try store.approveVisit(id: id, by: leader)
        XCTAssertEqual(r.visit.status, .approved)
        XCTAssertEqual(r.visit.reviewerName, "hung")
        var changed = r
        changed.visit.findings = "sửa lén"
        XCTAssertThrowsError(try store.saveVisit(changed, original: r, by: officer)) { XCTAssertEqual($0 as? WardError, .visitLocked(.approved)) }
        // The lock holds even against SQL typed by hand.
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "UPDATE visit SET findings = 'x' WHERE id = ?", arguments: [id]) })
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "DELETE FROM violation WHERE visit_id = ?", arguments: [id]) })
        XCTAssertThrowsError(try store.testConnection.write { db in try db.execute(sql: "DELETE FROM visit WHERE id = ?", arguments: [id]) })
        XCTAssertEqual(try store.visit(id: id)?.violations.count, 1)
        // Every step is in the audit trail.
        let trail = try store.auditEntries(AuditFilter(record: "visit#\(id)"), offset: 0, limit: 10, by: leader)
        XCTAssertEqual(trail.map(\.action), [.status, .status, .create])
    }

    func testALeaderCannotApproveTheirOwnRecord() throws {
        let p = try place("Nhà nghỉ Hoa Mai")
        let r = try draft(at: p, by: leader)
        let id = try XCTUnwrap(r.visit.id)
        try store.submitVisit(id: id, by: leader)
        XCTAssertThrowsError(try store.approveVisit(id: id, by: leader)) { XCTAssertEqual($0 as? WardError, .ownVisit) }
        // ...and "awaiting my approval" does not offer it to them.
        var mine = VisitQuery(view: .awaitingApproval, today: today)
        mine.reviewerId = leader.id
        XCTAssertEqual(try store.countVisits(mine), 0)
        mine.reviewerId = leader2.id
        XCTAssertEqual(try store.countVisits(mine), 1)
        XCTAssertEqual(try store.approveVisit(id: id, by: leader2).visit.status, .approved)
    }

    func testAReturnedVisitNeedsACommentAndCanBeFixedAndSentAgain() throws {
        let p = try place("Massage Thiên Thanh")
        let r = try draft(at: p)
        let id = try XCTUnwrap(r.visit.id)
        try store.submitVisit(id: id, by: officer)
        XCTAssertThrowsError(try store.returnVisit(id: id, comment: "  ", by: leader)) {
            XCTAssertEqual($0 as? WardError, .invalidVisit([VisitProblem(.returnComment, .errReturnComment)]))
        }
        let back = try store.returnVisit(id: id, comment: "Ghi rõ số người lao động", by: leader)
        XCTAssertEqual(back.visit.status, .returned)
        XCTAssertEqual(back.visit.returnComment, "Ghi rõ số người lao động")
        var fixed = back
        fixed.visit.findings = "Cơ sở có 6 người lao động"
        let saved = try store.saveVisit(fixed, original: back, by: officer)
        XCTAssertEqual(try store.submitVisit(id: id, by: officer).visit.status, .submitted)
        XCTAssertEqual(saved.visit.findings, "Cơ sở có 6 người lao động")
        XCTAssertEqual(try store.approveVisit(id: id, by: leader).visit.returnComment, "")
    }

    func testACorrectionIsAnAmendmentThatKeepsTheOriginal() throws {
        let p = try place("Karaoke Hoàng Gia")
        let original = try approved(at: p)
        let id = try XCTUnwrap(original.visit.id)
        let other = try XCTUnwrap(draft(at: p).visit.id)
        XCTAssertThrowsError(try store.amendVisit(id: other, by: officer)) {
            XCTAssertEqual($0 as? WardError, .onlyApprovedAmended)
        }
        var amendment = try store.amendVisit(id: id, by: officer)
        let newId = try XCTUnwrap(amendment.visit.id)
        XCTAssertEqual(amendment.visit.status, .draft)
        XCTAssertEqual(amendment.visit.amendsVisitId, id)
        XCTAssertEqual(amendment.members, original.members)
        XCTAssertThrowsError(try store.amendVisit(id: id, by: officer)) { XCTAssertEqual($0 as? WardError, .amendmentOpen(newId)) }
        let before = amendment
        amendment.visit.findings = "Bổ sung: cơ sở đã xuất trình giấy phép"
        try store.saveVisit(amendment, original: before, by: officer)
        try store.submitVisit(id: newId, by: officer)
        try store.approveVisit(id: newId, by: leader)
        // The original is kept, unchanged, and marked as replaced; lists show the amendment.
        let kept = try XCTUnwrap(store.visit(id: id))
        XCTAssertEqual(kept.visit.findings, original.visit.findings)
        XCTAssertEqual(kept.visit.status, .approved)
        XCTAssertEqual(kept.visit.supersededBy, newId)
        var q = VisitQuery(today: today)
        q.establishmentId = p
        XCTAssertEqual(try store.visits(q, offset: 0, limit: 10).map(\.visit.id), [newId, other])
        q.includeSuperseded = true
        XCTAssertEqual(try store.countVisits(q), 3)
    }

    func testRecordRulesAndSubmitRules() throws {
        let p = try place("Nhà hàng Biển Xanh")
        var v = Visit(establishmentId: p, date: today.adding(days: 1), kind: .unannounced)
        v.time = "25:00"
        v.remedyDeadline = today
        let bad = VisitRecord(visit: v, violations: [Violation(description: "Không niêm yết giá", handling: .fine, fine: 0),
                                                     Violation(description: "Nhắc nhở", handling: .reminder, fine: 500_000)])
        XCTAssertThrowsError(try store.saveVisit(bad, original: nil, by: officer)) { error in
            guard case .invalidVisit(let problems)? = error as? WardError else { return XCTFail("\(error)") }
            XCTAssertEqual(Set(problems.map(\.message)), [.errTime, .errFutureDate, .errBeforeVisit, .errFineNeeded, .errFineOnlyForFines])
        }
        XCTAssertEqual(try store.countVisits(VisitQuery(today: today)), 0, "nothing half-written")
        // A draft may lack members; submitting may not, and violations need a deadline.
        var ok = Visit(establishmentId: p, date: today, kind: .unannounced)
        ok.time = "9:15"
        let saved = try store.saveVisit(VisitRecord(visit: ok, violations: [Violation(description: "Không có sổ", handling: .minutes)]),
                                        original: nil, by: officer)
        XCTAssertThrowsError(try store.submitVisit(id: try XCTUnwrap(saved.visit.id), by: officer)) { error in
            guard case .invalidVisit(let problems)? = error as? WardError else { return XCTFail("\(error)") }
            XCTAssertEqual(problems.map(\.message), [.errMembersNeeded, .errDeadlineNeeded])
        }
        XCTAssertEqual(VisitRules.parseTime("08:30"), 510)
        XCTAssertNil(VisitRules.parseTime("8h61"))
        XCTAssertEqual(TeamMember.parse(lines: "Nguyễn Văn An - Công an phường\n\n  Trần Thị Bình, Y tế  \nLê Văn Cường"),
                       [TeamMember(name: "Nguyễn Văn An", agency: "Công an phường"), TeamMember(name: "Trần Thị Bình", agency: "Y tế"),
                        TeamMember(name: "Lê Văn Cường", agency: "")])
    }

    // MARK: Follow-ups and deadlines

    func testFollowUpsOverdueAndRemedyPassedClearWhenTheFollowUpIsLogged() throws {
        let p = try place("Karaoke Sao Đêm")
        var r = try draft(at: p, daysAgo: 30, violations: [Violation(description: "Phòng hát không có cửa kính", handling: .minutes)])
        let before = r
        r.visit.followUpDue = today.adding(days: -5)  // remedy deadline: 20 days ago
        r = try store.saveVisit(r, original: before, by: officer)
        let id = try XCTUnwrap(r.visit.id)
        try store.submitVisit(id: id, by: officer)
        let overdue = VisitQuery(view: .followUpsOverdue, today: today), remedy = VisitQuery(view: .remedyPassed, today: today)
        XCTAssertEqual(try store.visits(overdue, offset: 0, limit: 5).map(\.visit.id), [id])
        XCTAssertEqual(try store.countVisits(remedy), 1)
        XCTAssertTrue(try XCTUnwrap(store.visits(overdue, offset: 0, limit: 1).first).overdue)
        // The due day itself is not overdue.
        XCTAssertEqual(try store.countVisits(VisitQuery(view: .followUpsOverdue, today: today.adding(days: -5))), 0)
        // A follow-up visit to the same place links itself to the open one.
        var follow = Visit(establishmentId: p, date: today, kind: .followUp)
        follow.team = "Đội kiểm tra"
        let f = try store.saveVisit(VisitRecord(visit: follow, members: [TeamMember(name: "An", agency: "Công an")]), original: nil, by: officer)
        XCTAssertEqual(f.visit.followsVisitId, id)
        XCTAssertEqual(try store.countVisits(overdue), 0)
        XCTAssertEqual(try store.countVisits(remedy), 0)
    }

    func testTipDeadlinesComeFromSettingsAndOverdueAgreesInSwiftAndSQL() throws {
        XCTAssertEqual(try store.tipDeadlines(), TipDeadlines(verifyDays: 7, classifyDays: 10, handleDays: 30))
        try store.setSetting(.tipVerifyDays, to: 3, by: tester)
        XCTAssertThrowsError(try store.setSetting(.tipHandleDays, to: 0, by: tester))
        let received = Day(year: 2026, month: 11, day: 20)!
        var t = try store.newTip(received: received)
        XCTAssertEqual(t.verifyDue, Day(year: 2026, month: 11, day: 23))
        XCTAssertEqual(t.classifyDue, Day(year: 2026, month: 11, day: 30))
        XCTAssertEqual(t.handleDue, Day(year: 2026, month: 12, day: 20))
        // Across a month and a leap day.
        XCTAssertEqual(TipDeadlines(verifyDays: 7, classifyDays: 10, handleDays: 30).dueDates(receivedOn: Day(year: 2028, month: 2, day: 25)!).2,
                       Day(year: 2028, month: 3, day: 26))
        t.content = "Người dân báo có dấu hiệu mua bán dâm tại nhà nghỉ"
        t.anonymous = true
        t = try store.saveTip(t, original: nil, by: officer)
        XCTAssertEqual(t.step, .verify)
        XCTAssertTrue(t.isOverdue(today: today))
        XCTAssertFalse(t.isOverdue(today: Day(year: 2026, month: 11, day: 23)!))
        var fresh = try store.newTip(received: today)
        fresh.content = "Tin mới"
        fresh = try store.saveTip(fresh, original: nil, by: officer)
        var handled = try store.newTip(received: Day(year: 2026, month: 10, day: 1)!)
        handled.content = "Tin cũ"
        handled.verifiedDate = Day(year: 2026, month: 10, day: 2)
        handled.classifiedDate = Day(year: 2026, month: 10, day: 3)
        handled.classification = .unfounded
        handled.handledDate = Day(year: 2026, month: 11, day: 5)  // after the 31/10 deadline
        handled.handleResult = "Không có căn cứ, đã trả lời người báo"
        handled = try store.saveTip(handled, original: nil, by: officer)
        XCTAssertFalse(handled.handledInTime)
        XCTAssertFalse(handled.isOverdue(today: today))
        for view in TipQuery.View.allCases {
            let rows = try store.tips(TipQuery(view: view, today: today), offset: 0, limit: 10)
            let expected = [t, fresh, handled].filter {
                switch view {
                case .all: true
                case .open: $0.handledDate == nil
                case .overdue: $0.isOverdue(today: today)
                case .handled: $0.handledDate != nil
                }
            }
            XCTAssertEqual(Set(rows.map(\.tip.id)), Set(expected.map(\.id)), "\(view)")
        }
        // Steps in order, dates not before the previous step, nobody named on an anonymous tip.
        var wrong = t
        wrong.classifiedDate = today
        wrong.reporter = "Ông Tư"
        XCTAssertThrowsError(try store.saveTip(wrong, original: t, by: officer)) { error in
            guard case .invalidTip(let problems)? = error as? WardError else { return XCTFail("\(error)") }
            XCTAssertEqual(problems.map(\.message), [.errAnonymousReporter, .errStepOrder, .errRequiredShort])
        }
        XCTAssertThrowsError(try store.saveTip(t, original: t, by: clerk))
    }

    // MARK: Coverage

    func testCoverageCountsApprovedVisitsThisYearAmongEstablishmentsUnderManagement() throws {
        let a = try place("A", group: "Tổ dân phố số 1"), b = try place("B", group: "Tổ dân phố số 1"), c = try place("C", group: "Tổ dân phố số 2")
        let d = try place("D", group: "Tổ dân phố số 2")
        try place("Đã đóng cửa", group: "Tổ dân phố số 2", status: .closed)
        try place("Lưu trữ", group: "Tổ dân phố số 3", archived: true)
        try approved(at: a)
        try approved(at: a, daysAgo: 40)        // the same place twice counts once
        try approved(at: c, daysAgo: 400)       // last year
        _ = try draft(at: b)                    // not approved yet
        let submitted = try draft(at: d)
        try store.submitVisit(id: try XCTUnwrap(submitted.visit.id), by: officer)
        var cov = try store.coverage(year: 2026)
        XCTAssertEqual(cov.managed, 4)
        XCTAssertEqual(cov.inspected, 1)
        XCTAssertEqual(cov.percent, 25)
        XCTAssertEqual(cov.targetPercent, 80)
        XCTAssertFalse(cov.meetsTarget)
        XCTAssertEqual(cov.groups.map(\.name), ["Tổ dân phố số 2", "Tổ dân phố số 1"], "weakest first")
        XCTAssertEqual(cov.groups.map(\.percent), [0, 50])
        // Approving the pending visit moves the figure; the target is a setting.
        try store.approveVisit(id: try XCTUnwrap(submitted.visit.id), by: leader)
        try store.setSetting(.coverageTarget, to: 50, by: tester)
        cov = try store.coverage(year: 2026)
        XCTAssertEqual(cov.inspected, 2)
        XCTAssertEqual(cov.percent, 50)
        XCTAssertTrue(cov.meetsTarget)
        XCTAssertEqual(try store.coverage(year: 2025).inspected, 1)
        // The register's "last inspection" and "not inspected this year" use the same rule
        // (a closed business is no longer waiting for a visit).
        var q = EstablishmentQuery(language: .vi)
        q.today = today
        q.notInspectedThisYear = true
        XCTAssertEqual(Set(try store.establishments(q, offset: 0, limit: 10).map(\.establishment.name)), ["B", "C"])
        XCTAssertEqual(try store.establishment(id: a)?.lastInspection, today.adding(days: -3))
        XCTAssertNil(try store.establishment(id: b)?.lastInspection)
        XCTAssertEqual(Coverage.percent(79, of: 100) < 80, true)
        XCTAssertEqual(Coverage(year: 2026, targetPercent: 80, groups: []).percent, 0)
    }

    // MARK: Plans and hotspots

    func testAPlanSpreadsVisitsOverWorkingDaysAndTheHelperSaysWhy() throws {
        let high = try store.addEstablishment(
            { var e = Establishment(name: "Karaoke Nguy Cơ", typeId: karaoke, riskLevel: .high); e.riskReason = "Tin báo nhiều lần"; return e }(),
            by: tester)
        let seen = try place("Đã kiểm tra")
        try approved(at: seen)
        let candidates = try store.planCandidates(today: today, language: .vi)
        XCTAssertEqual(candidates.first?.row.establishment.id, high.id)
        XCTAssertEqual(candidates.first?.reasons, [.notInspectedThisYear, .highRisk])
        XCTAssertFalse(candidates.contains { $0.row.establishment.id == seen })
        // December 2026: 1/12 is a Tuesday; 23 working days.
        let days = InspectionPlan.workingDays(from: Day(year: 2026, month: 12, day: 1)!, to: Day(year: 2026, month: 12, day: 31)!)
        XCTAssertEqual(days.count, 23)
        XCTAssertEqual(days.first?.weekday, 1)
        XCTAssertFalse(days.contains { $0.weekday >= 5 })
        let plan = InspectionPlan(title: "Kế hoạch kiểm tra tháng 12", periodStart: days.first!, periodEnd: Day(year: 2026, month: 12, day: 31)!)
        XCTAssertThrowsError(try store.createPlan(plan, establishments: [try XCTUnwrap(high.id)], team: "Đội", by: officer))
        try store.createPlan(plan, establishments: [try XCTUnwrap(high.id), seen], team: "Đội", by: leader)
        let planned = try store.visits(VisitQuery(view: .planned, today: today), offset: 0, limit: 10)
        XCTAssertEqual(planned.map(\.visit.date), [days[0], days[11]])
        XCTAssertEqual(try store.plans().first?.visits, 2)
        // Planned places are not suggested twice.
        XCTAssertFalse(try store.planCandidates(today: today, language: .vi).contains { $0.row.establishment.id == high.id })
        // A planned visit whose day has come becomes a draft once an officer fills it in.
        let soon = try store.saveVisit(VisitRecord(visit: Visit(establishmentId: seen, date: today.adding(days: 2), kind: .planned, status: .planned)),
                                       original: nil, by: leader)
        var filled = soon
        filled.visit.date = today
        filled.members = [TeamMember(name: "An", agency: "Công an")]
        let done = try store.saveVisit(filled, original: soon, by: officer)
        XCTAssertEqual(done.visit.status, .draft)
        // ...and it is theirs: the leader who planned it can review it.
        XCTAssertEqual(done.visit.authorName, "lan")
        try store.submitVisit(id: try XCTUnwrap(done.visit.id), by: officer)
        XCTAssertEqual(try store.approveVisit(id: try XCTUnwrap(done.visit.id), by: leader).visit.status, .approved)
        try store.cancelPlannedVisit(id: try XCTUnwrap(planned.first?.visit.id), by: leader)
        XCTAssertEqual(try store.countVisits(VisitQuery(view: .planned, today: today)), 1)
    }

    func testAHotspotKeepsItsStatusHistory() throws {
        var h = Hotspot(name: "Khu vực gầm cầu Trắng", foundDate: today.adding(days: -90))
        h.residentialGroup = "Tổ dân phố số 5"
        h = try store.saveHotspot(h, original: nil, note: "Phát hiện qua tin báo", by: officer)
        var gone = h
        gone.status = .eliminated
        gone.statusDate = today.adding(days: -30)
        gone = try store.saveHotspot(gone, original: h, note: "Đã triệt xóa", by: officer)
        var back = gone
        back.status = .reformed
        back.statusDate = today.adding(days: -40)  // before it was eliminated is allowed; before it was found is not
        back.statusDate = today.adding(days: -100)
        XCTAssertThrowsError(try store.saveHotspot(back, original: gone, by: officer)) { XCTAssertEqual($0 as? WardError, .statusBeforeFound) }
        back.statusDate = today
        try store.saveHotspot(back, original: gone, by: officer)
        let history = try store.hotspotHistory(id: try XCTUnwrap(h.id))
        XCTAssertEqual(history.map(\.status), [.active, .eliminated, .reformed])
        XCTAssertEqual(try store.hotspots(HotspotQuery(status: .reformed)).count, 1)
        // A visit can be logged against the hotspot.
        var v = Visit(hotspotId: h.id, date: today, kind: .unannounced)
        v.team = "Đội"
        let r = try store.saveVisit(VisitRecord(visit: v, members: [TeamMember(name: "An", agency: "Công an")]), original: nil, by: officer)
        var q = VisitQuery(today: today)
        q.hotspotId = h.id
        XCTAssertEqual(try store.visits(q, offset: 0, limit: 5).first?.placeName, "Khu vực gầm cầu Trắng")
        XCTAssertEqual(try store.hotspots(HotspotQuery()).first?.visits, 1)
        XCTAssertEqual(r.visit.establishmentId, nil)
    }

    func testTheChecklistIsWardEditable() throws {
        XCTAssertEqual(try store.checklistItems().count, 7)
        try store.saveChecklistItem(code: "fire", nameVi: "Phòng cháy chữa cháy", nameEn: "Fire safety", by: tester)
        try store.saveChecklistItem(code: "signs", nameVi: "Dấu hiệu hoạt động mại dâm", nameEn: "", active: false, by: tester)
        let items = try store.checklistItems()
        XCTAssertEqual(items.last?.name(.en), "Fire safety")
        XCTAssertFalse(items.contains { $0.code == "signs" })
        XCTAssertEqual(try store.checklistItems(includeInactive: true).count, 8)
    }

    /// The tip-off filter finds words of the content or of the place, accents optional, and the
    /// count agrees with the rows; a changed content is found by its new words; `check` names a
    /// search text that no longer says what the tip-off says.
    func testTheTipFilterFindsContentAndPlacesAndCheckSeesAStaleText() throws {
        let hoaHong = try place("Karaoke Hoa Hồng")
        var spot = try store.saveHotspot(Hotspot(name: "Khu vực gầm cầu Trắng", foundDate: today.adding(days: -30)), original: nil, by: officer)
        func tip(_ content: String, establishment: Int64? = nil, hotspot: Int64? = nil, place: String = "") throws -> TipOff {
            var t = try store.newTip(received: today)
            t.content = content
            t.establishmentId = establishment
            t.hotspotId = hotspot
            t.place = place
            return try store.saveTip(t, original: nil, by: officer)
        }
        let broker = try tip("Nghi có môi giới mại dâm")
        let atPlace = try tip("Ồn ào sau 23 giờ", establishment: hoaHong)
        let atSpot = try tip("Tụ tập đông người", hotspot: spot.id)
        let inLane = try tip("Cho thuê phòng theo giờ", place: "Ngõ 12 phố Pháo Đài Láng")
        func found(_ words: String) throws -> Set<Int64?> {
            var q = TipQuery(today: today)
            q.filter = words
            let rows = try store.tips(q, offset: 0, limit: 100)
            XCTAssertEqual(try store.countTips(q), rows.count, words)
            return Set(rows.map(\.tip.id))
        }
        XCTAssertEqual(try found("moi gioi"), [broker.id])
        XCTAssertEqual(try found("MÔI GIỚI MẠI DÂM"), [broker.id])
        XCTAssertEqual(try found("hoa hong"), [atPlace.id])
        XCTAssertEqual(try found("cau trang"), [atSpot.id])
        XCTAssertEqual(try found("phao dai"), [inLane.id])
        XCTAssertEqual(try found("o"), [broker.id, atPlace.id, atSpot.id, inLane.id])
        XCTAssertEqual(try found("100%"), [])
        // Renamed places are found by their new names.
        let old = spot
        spot.name = "Khu vực bờ sông"
        spot = try store.saveHotspot(spot, original: old, by: officer)
        XCTAssertEqual(try found("bo song"), [atSpot.id])
        XCTAssertEqual(try found("cau trang"), [])
        var edited = broker
        edited.content = "Nghi có người dẫn khách"
        edited = try store.saveTip(edited, original: broker, by: officer)
        XCTAssertEqual(try found("dan khach"), [broker.id])
        XCTAssertEqual(try found("moi gioi"), [])
        // (This test's database has no ward: that problem is not the one looked at.)
        XCTAssertEqual(try store.check(by: tester).filter { $0 != .wardMissing }, [])
        try store.testConnection.writeWithoutTransaction { db in try db.execute(sql: "UPDATE tip SET search_fold = '' WHERE id = ?", arguments: [inLane.id]) }
        XCTAssertEqual(try store.check(by: tester).filter { $0 != .wardMissing }, [.staleTipSearchText(count: 1)])
    }
}
