import Foundation
import GRDB

/// Support cases, consent, screenings, contacts, providers and referrals. Identities and notes
/// go in and out only through a `WardKey`; everything else is counted freely.
extension WardStore {
    // MARK: Cases

    /// Opens a case with the next code of its year (HT-2026-0042). The identity and notes are
    /// sealed with the ward key; without one, only the safe facts are recorded.
    @discardableResult
    public func addCase(_ c: SupportCase, identity: Identity = Identity(), notes: String = "", key: WardKey?, by account: Account) throws -> SupportCase {
        let today = Formats.Day.today(clock())
        if c.firstContact > today { throw WardError.futureDate }
        if key == nil, !Self.cleaned(identity).isEmpty || !VietText.clean(notes, multiline: true).isEmpty { throw WardError.passphraseNeeded }
        let now = clock()
        return try write(as: account, .manageCases) { db, account in
            try Self.insertCase(db, c, identity: identity, notes: notes, key: key, by: account, at: now)
        }
    }

    /// Inserts a case with the next code of its year (by number, not by text: HT-2026-10000
    /// comes after HT-2026-9999), seals its identity and notes once it has the id the seals are
    /// bound to, and writes its safe facts to the audit trail.
    static func insertCase(_ db: Database, _ c: SupportCase, identity: Identity, notes: String, key: WardKey?, by account: Account,
                           at now: Date) throws -> SupportCase {
        let identity = Self.cleaned(identity)
        let notes = VietText.clean(notes, multiline: true)
        var saved = c
        saved.identity = nil
        saved.notes = nil
        saved.status = .open
        saved.statusDate = c.firstContact
        saved.closeReason = nil
        saved.authorName = account.login
        saved.version = 1
        let year = c.firstContact.year
        let last = try Int.fetchOne(db, sql: "SELECT MAX(CAST(substr(code, 9) AS INTEGER)) FROM support_case WHERE code LIKE ?",
                                    arguments: ["HT-\(year)-%"])
        saved.code = String(format: "HT-%04d-%04d", year, (last ?? 0) + 1)
        try saved.insert(db)
        if let key, let id = saved.id, !identity.isEmpty || !notes.isEmpty {
            saved.identity = try key.seal(identity: identity, of: id)
            saved.notes = try key.seal(text: notes, for: .caseNotes, of: id)
            try saved.update(db)
        }
        try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "support_case", recordId: saved.id,
                        after: saved.auditFields)
        return saved
    }

    /// Saves changed facts, and a changed identity or notes when given (nil leaves them as they are).
    @discardableResult
    public func updateCase(_ changed: SupportCase, original: SupportCase, identity: Identity? = nil, notes: String? = nil,
                           key: WardKey?, by account: Account) throws -> SupportCase {
        if (identity != nil || notes != nil) && key == nil { throw WardError.passphraseNeeded }
        if changed.firstContact > Formats.Day.today(clock()) { throw WardError.futureDate }
        var c = changed
        if let caseId = original.id, let key {
            if let identity { c.identity = try key.seal(identity: Self.cleaned(identity), of: caseId) }
            if let notes { c.notes = try key.seal(text: VietText.clean(notes, multiline: true), for: .caseNotes, of: caseId) }
        }
        let now = clock()
        return try write(as: account, .manageCases) { db, account in
            guard let id = original.id, let current = try SupportCase.fetchOne(db, key: id) else { throw WardError.notFound }
            if current.version != original.version { throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields)) }
            // The status moves only through setCaseStatus, with its rules.
            c.status = current.status; c.statusDate = current.statusDate; c.closeReason = current.closeReason
            c.code = current.code
            c.id = id
            c.version = current.version + 1
            try c.update(db)
            try Audit.writeChange(db, at: now, actor: Actor(account), recordType: "support_case", recordId: id,
                                  before: current.auditFields, after: c.auditFields)
            return c
        }
    }

    /// Open, on hold or closed (with a reason), with the day it changed.
    @discardableResult
    public func setCaseStatus(id: Int64, to status: CaseStatus, on date: Formats.Day, reason: CloseReason? = nil, by account: Account) throws -> SupportCase {
        if date > Formats.Day.today(clock()) { throw WardError.futureDate }
        if status == .closed, reason == nil { throw WardError.closeReasonNeeded }
        let now = clock()
        return try write(as: account, .manageCases) { db, account in
            guard let current = try SupportCase.fetchOne(db, key: id) else { throw WardError.notFound }
            guard SupportRules.canMove(from: current.status, to: status) else { throw WardError.caseStatusMove(current.status, status) }
            if date < current.statusDate { throw WardError.statusBeforePrevious }
            var c = current
            c.status = status
            c.statusDate = date
            c.closeReason = status == .closed ? reason : nil
            c.version += 1
            try c.update(db)
            try Audit.writeChange(db, at: now, actor: Actor(account), action: .status, recordType: "support_case", recordId: id,
                                  before: current.auditFields, after: c.auditFields)
            return c
        }
    }

    public func supportCase(id: Int64) throws -> SupportCase? {
        try reading { db in try SupportCase.fetchOne(db, key: id) }
    }

    /// Where the case stands for the access rate today, by the rule `SupportFigures.eligibleCases`
    /// counts with: nil when there is no such case.
    public func accessStanding(caseId: Int64) throws -> AccessStanding? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT screened_on, needs_now, first_used FROM support_case WHERE id = ?",
                                             arguments: [caseId]) else { return nil }
            let screened: Formats.Day? = row[0], needs: Bool = row[1], used: Formats.Day? = row[2]
            guard screened != nil else { return .notScreened }
            guard needs else { return .noNeed }
            return used.map { .reached($0) } ?? .waiting
        }
    }

    /// The person's identity, for a case worker with the ward key. The showing is in the audit
    /// trail: a screen asks once per showing, not on every refresh.
    public func identity(of c: SupportCase, key: WardKey, by account: Account) throws -> Identity {
        guard let id = c.id else { throw WardError.notFound }
        return try openSealed(key, by: account, action: .viewIdentity, recordType: "support_case", recordId: id) { db in
            try key.openIdentity(try SupportCase.fetchOne(db, key: id)?.identity, of: id)
        }
    }

    /// A case worker exports one case with its identity on purpose: allowed only for them, and
    /// written to the audit trail before the identity is handed out.
    public func identityForExport(of c: SupportCase, key: WardKey, by account: Account) throws -> Identity {
        guard let id = c.id else { throw WardError.notFound }
        return try openSealed(key, by: account, action: .exportIdentity, recordType: "support_case", recordId: id) { db in
            try key.openIdentity(try SupportCase.fetchOne(db, key: id)?.identity, of: id)
        }
    }

    /// Case notes are for case workers only, and each showing is in the audit trail like an identity's.
    public func caseNotes(_ c: SupportCase, key: WardKey, by account: Account) throws -> String {
        guard let id = c.id else { throw WardError.notFound }
        return try openSealed(key, by: account, action: .viewNotes, recordType: "support_case", recordId: id) { db in
            try key.openText(try SupportCase.fetchOne(db, key: id)?.notes, for: .caseNotes, of: id)
        }
    }

    /// Everything sealed on a case page at once, for one showing: the identity, the case notes and
    /// the timeline with its notes. One `view_identity` row records the showing; a page calls this
    /// when it first shows the person and when they open it again, never on a refresh.
    public func openCase(_ caseId: Int64, key: WardKey, by account: Account) throws -> OpenedCase {
        try openSealed(key, by: account, action: .viewIdentity, recordType: "support_case", recordId: caseId) { db in
            guard let c = try SupportCase.fetchOne(db, key: caseId) else { throw WardError.notFound }
            return OpenedCase(identity: try key.openIdentity(c.identity, of: caseId), notes: try key.openText(c.notes, for: .caseNotes, of: caseId),
                              timeline: try Self.timeline(db, caseId: caseId, key: key))
        }
    }

    /// Opens sealed fields as the record holds them now, for a case worker, and writes the
    /// showing to the audit trail in the same transaction.
    private func openSealed<T>(_ key: WardKey, by account: Account, action: AuditAction, recordType: String, recordId: Int64,
                               what: String = #function, _ open: (Database) throws -> T) throws -> T {
        let now = clock()
        return try write(as: account, .viewIdentities, what: what) { db, me in
            let value = try open(db)
            try Audit.write(db, at: now, actor: Actor(me), action: action, recordType: recordType, recordId: recordId)
            return value
        }
    }

    /// Who each case is, folded for searching by name, alias, ID number or phone: for a case
    /// worker with the ward key, opened in memory for the session and never written anywhere
    /// as plain text. The opening is one audit row, like showing one identity.
    public func identitySearch(key: WardKey, by account: Account) throws -> IdentitySearch {
        let now = clock()
        return try write(as: account, .viewIdentities) { db, me in
            var entries: [(Int64, String)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, identity FROM support_case WHERE identity IS NOT NULL ORDER BY id")
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                let i = try key.openIdentity(row["identity"], of: id)
                entries.append((id, VietText.fold([i.fullName, i.alias, i.idNumber, i.phone].joined(separator: " | "))))
            }
            try Audit.write(db, at: now, actor: Actor(me), action: .searchIdentities, recordType: "support_case", recordId: nil,
                            after: ["cases": String(entries.count)])
            return IdentitySearch(entries: entries)
        }
    }

    /// Cases in list order; a list screen asks for one window at a time.
    public func cases(_ query: CaseQuery, offset: Int = 0, limit: Int = Int.max) throws -> [CaseRow] {
        try reading { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Every case of the list in its order, a page at a time within one read (exports).
    public func eachCase(_ query: CaseQuery, _ body: (CaseRow) throws -> Void) throws {
        try reading { db in try Self.paged({ try query.rows(db, offset: $0, limit: $1) }, body) }
    }

    public func countCases(_ query: CaseQuery) throws -> Int {
        try reading { db in try query.count(db) }
    }

    package static func cleaned(_ i: Identity) -> Identity {
        Identity(fullName: VietText.clean(i.fullName), alias: VietText.clean(i.alias), birth: VietText.clean(i.birth),
                 idNumber: VietText.clean(i.idNumber), phone: VietText.clean(i.phone), address: VietText.clean(i.address))
    }

    // MARK: Consent, screening, contacts

    /// Records what the person agreed to now; earlier consents stay in the history.
    public func recordConsent(caseId: Int64, _ consent: Consent, by account: Account) throws {
        if consent.date > Formats.Day.today(clock()) { throw WardError.futureDate }
        let now = clock()
        try write(as: account, .manageCases) { db, account in
            guard try SupportCase.fetchOne(db, key: caseId) != nil else { throw WardError.notFound }
            let agencies = consent.agencies.map { VietText.clean($0) }.filter { !$0.isEmpty }.joined(separator: "; ")
            try db.execute(sql: "INSERT INTO consent (case_id, date, recording, services, agencies, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [caseId, consent.date, consent.recording, Service.encode(consent.services), agencies, account.login])
            try Audit.write(db, at: now, actor: Actor(account), action: .update, recordType: "support_case", recordId: caseId,
                            after: ["consent_recording": consent.recording ? "1" : "0", "consent_services": Service.encode(consent.services),
                                    "consent_agencies": agencies])
        }
    }

    /// The consent in force: the latest recorded.
    public func consent(caseId: Int64) throws -> Consent? {
        try reading { db in try Self.consent(db, caseId: caseId) }
    }

    static func consent(_ db: Database, caseId: Int64) throws -> Consent? {
        try Row.fetchOne(db, sql: "SELECT * FROM consent WHERE case_id = ? ORDER BY date DESC, id DESC LIMIT 1", arguments: [caseId]).map {
            Consent(date: $0["date"], recording: $0["recording"], services: Service.decode($0["services"]),
                    agencies: ($0["agencies"] as String).components(separatedBy: "; ").filter { !$0.isEmpty }, recordedBy: $0["recorded_by"])
        }
    }

    public func addScreening(caseId: Int64, _ s: Screening, key: WardKey?, by account: Account) throws {
        if s.date > Formats.Day.today(clock()) { throw WardError.futureDate }
        let notes = VietText.clean(s.notes, multiline: true)
        if key == nil, !notes.isEmpty { throw WardError.passphraseNeeded }
        let sealed = try key?.seal(text: notes, for: .screeningNotes, of: caseId)
        let now = clock()
        try write(as: account, .manageCases) { db, account in
            guard try SupportCase.fetchOne(db, key: caseId) != nil else { throw WardError.notFound }
            try db.execute(sql: "INSERT INTO screening (case_id, date, needs, notes, author_name) VALUES (?, ?, ?, ?, ?)",
                           arguments: [caseId, s.date, Service.encode(s.needs), sealed, account.login])
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "screening", recordId: db.lastInsertedRowID,
                            after: ["case_id": String(caseId), "date": s.date.vietnamese, "needs": Service.encode(s.needs)])
        }
    }

    public func addContact(caseId: Int64, on date: Formats.Day, kind: ContactKind, notes: String, key: WardKey?, by account: Account) throws {
        if date > Formats.Day.today(clock()) { throw WardError.futureDate }
        let text = VietText.clean(notes, multiline: true)
        if key == nil, !text.isEmpty { throw WardError.passphraseNeeded }
        let sealed = try key?.seal(text: text, for: .contactNotes, of: caseId)
        let now = clock()
        try write(as: account, .manageCases) { db, account in
            guard try SupportCase.fetchOne(db, key: caseId) != nil else { throw WardError.notFound }
            try db.execute(sql: "INSERT INTO case_contact (case_id, date, kind, notes, author_name) VALUES (?, ?, ?, ?, ?)",
                           arguments: [caseId, date, kind, sealed, account.login])
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "case_contact", recordId: db.lastInsertedRowID,
                            after: ["case_id": String(caseId), "date": date.vietnamese, "kind": kind.rawValue])
        }
    }

    /// Contacts, screenings, consents and referrals of one case, oldest first. Notes are opened
    /// only with a key and for a case worker (and that showing is in the audit trail, like an
    /// identity's); otherwise the entries say what happened, not what was said.
    public func timeline(caseId: Int64, key: WardKey?, account: Account) throws -> [TimelineEntry] {
        if let key, account.can(.viewIdentities) {
            return try openSealed(key, by: account, action: .viewNotes, recordType: "support_case", recordId: caseId) { db in
                try Self.timeline(db, caseId: caseId, key: key)
            }
        }
        return try read(as: account, .viewSupport) { db, _ in try Self.timeline(db, caseId: caseId, key: nil) }
    }

    static func timeline(_ db: Database, caseId: Int64, key k: WardKey?) throws -> [TimelineEntry] {
        var out: [TimelineEntry] = []
        // The case itself: opened at first contact, and where it stands when no longer open.
        if let c = try SupportCase.fetchOne(db, key: caseId) {
            out.append(TimelineEntry(date: c.firstContact, kind: .opened(c.source), notes: "", sealed: false, author: c.authorName))
            if c.status != .open {
                out.append(TimelineEntry(date: c.statusDate, kind: .status(c.status, c.closeReason), notes: "", sealed: false, author: ""))
            }
        }
        // Each police list that names the person, on the day it was received.
        for r in try Row.fetchAll(db, sql: """
            SELECT l.received_on, l.reference, l.actor, e.sanction FROM police_list_entry e JOIN police_list l ON l.id = e.list_id
            WHERE e.case_id = ?
            """, arguments: [caseId]) {
            let notes = try? k?.openText(r["sanction"], for: .policeSanction, of: caseId)
            out.append(TimelineEntry(date: r["received_on"], kind: .policeList(r["reference"]), notes: notes ?? "",
                                     sealed: r["sanction"] != nil && notes == nil, author: r["actor"]))
        }
        for r in try Row.fetchAll(db, sql: "SELECT * FROM case_contact WHERE case_id = ?", arguments: [caseId]) {
            let notes = try? k?.openText(r["notes"], for: .contactNotes, of: caseId)
            out.append(TimelineEntry(date: r["date"], kind: .contact(ContactKind(rawValue: r["kind"]) ?? .office),
                                     notes: notes ?? "", sealed: r["notes"] != nil && notes == nil, author: r["author_name"]))
        }
        for r in try Row.fetchAll(db, sql: "SELECT * FROM screening WHERE case_id = ?", arguments: [caseId]) {
            let notes = try? k?.openText(r["notes"], for: .screeningNotes, of: caseId)
            out.append(TimelineEntry(date: r["date"], kind: .screening(Service.decode(r["needs"])),
                                     notes: notes ?? "", sealed: r["notes"] != nil && notes == nil, author: r["author_name"]))
        }
        for r in try Row.fetchAll(db, sql: "SELECT * FROM consent WHERE case_id = ?", arguments: [caseId]) {
            out.append(TimelineEntry(date: r["date"], kind: .consent(r["recording"], Service.decode(r["services"]), r["agencies"]),
                                     notes: "", sealed: false, author: r["recorded_by"]))
        }
        for r in try Referral.fetchAll(db, sql: "SELECT * FROM referral WHERE case_id = ?", arguments: [caseId]) {
            let notes = try? k?.openText(r.outcome, for: .referralOutcome, of: caseId)
            // Every step it went through, each on its day; the outcome's notes on the last.
            var steps: [(Formats.Day, ReferralStatus)] = [(r.proposedDate, .proposed)]
            if let d = r.referredDate { steps.append((d, .referred)) }
            if let d = r.receivedDate { steps.append((d, .received)) }
            if let d = r.usedDate { steps.append((d, .used)) }
            if r.status == .declined || r.status == .noContact { steps.append((r.endedDate ?? r.statusDate, r.status)) }
            for (i, step) in steps.enumerated() {
                let last = i == steps.count - 1
                out.append(TimelineEntry(date: step.0, kind: .referral(r.service, step.1), notes: last ? notes ?? "" : "",
                                         sealed: last && r.outcome != nil && notes == nil, author: r.referredBy))
            }
        }
        // On one day: the opening, a police list, what was agreed, then the contact, the screening, the referral, a closing.
        func rank(_ k: TimelineEntry.Kind) -> Int {
            switch k { case .opened: 0; case .policeList: 1; case .consent: 2; case .contact: 3; case .screening: 4; case .referral: 5; case .status: 6 }
        }
        return out.sorted { ($0.date, rank($0.kind)) < ($1.date, rank($1.kind)) }
    }

    // MARK: Providers

    public func providers(includeInactive: Bool = false) throws -> [Provider] {
        try reading { db in
            var q = Provider.order(Column("name"))
            if !includeInactive { q = q.filter(Column("active") == true) }
            return try q.fetchAll(db)
        }
    }

    @discardableResult
    public func saveProvider(_ provider: Provider, original: Provider?, by account: Account) throws -> Provider {
        var p = provider
        p.name = VietText.clean(p.name)
        p.address = VietText.clean(p.address)
        p.contact = VietText.clean(p.contact)
        if p.name.isEmpty { throw WardError.required(field: .fieldProvider) }
        let now = clock()
        let folded = VietText.fold(p.name)
        let fields: (Provider) -> [String: String] = {
            ["name": $0.name, "address": $0.address, "contact": $0.contact, "services": $0.servicesText, "active": $0.active ? "1" : "0"]
        }
        return try write(as: account, .manageCases) { db, me in
            let actor = Actor(me)
            // One entry per provider: the same name (accents and case aside) is the same place.
            if try Provider.fetchAll(db).contains(where: { $0.id != original?.id && VietText.fold($0.name) == folded }) {
                throw WardError.providerExists(p.name)
            }
            if let original {
                guard let id = original.id, let current = try Provider.fetchOne(db, key: id) else { throw WardError.notFound }
                if current.version != original.version { throw WardError.conflict(Conflict.between(fields(original), fields(current))) }
                p.id = id
                p.version = current.version + 1
                try p.update(db)
                try Audit.writeChange(db, at: now, actor: actor, recordType: "provider", recordId: id, before: fields(current), after: fields(p))
            } else {
                p.id = nil
                p.version = 1
                try p.insert(db)
                try Audit.write(db, at: now, actor: actor, action: .create, recordType: "provider", recordId: p.id, after: fields(p))
            }
            return p
        }
    }

    // MARK: Referrals

    /// Proposes a referral; refused when the person has not agreed to this service.
    @discardableResult
    public func addReferral(_ referral: Referral, outcome: String = "", key: WardKey?, by account: Account) throws -> Referral {
        if referral.proposedDate > Formats.Day.today(clock()) { throw WardError.futureDate }
        if let f = referral.followUp, f < referral.proposedDate { throw WardError.followUpBeforeReferral }
        let text = VietText.clean(outcome, multiline: true)
        if key == nil, !text.isEmpty { throw WardError.passphraseNeeded }
        var r = referral
        r.outcome = try key?.seal(text: text, for: .referralOutcome, of: referral.caseId)
        r.status = .proposed
        r.referredBy = account.login
        r.version = 1
        let now = clock()
        return try write(as: account, .manageCases) { db, account in
            guard let c = try SupportCase.fetchOne(db, key: r.caseId) else { throw WardError.notFound }
            if c.status == .closed { throw WardError.caseClosed }
            if r.proposedDate < c.firstContact { throw WardError.referralBeforeFirstContact }
            if let pid = r.providerId {
                guard let p = try Provider.fetchOne(db, key: pid), p.active, p.services.contains(r.service) else {
                    throw WardError.providerLacksService
                }
            }
            if let refusal = SupportRules.referralRefusal(r.service, consent: try Self.consent(db, caseId: r.caseId)) { throw refusal }
            try r.insert(db)
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "referral", recordId: r.id, after: r.auditFields)
            return r
        }
    }

    /// Moves a referral to its next step on `date` (steps in order, dates not going back), and
    /// sets its next follow-up; a new outcome note replaces the old one when given.
    @discardableResult
    public func advanceReferral(id: Int64, to status: ReferralStatus, on date: Formats.Day, followUp: Formats.Day?,
                                outcome: String? = nil, key: WardKey?, by account: Account) throws -> Referral {
        if date > Formats.Day.today(clock()) { throw WardError.futureDate }
        if outcome != nil, key == nil { throw WardError.passphraseNeeded }
        let text = outcome.map { VietText.clean($0, multiline: true) }
        let now = clock()
        return try write(as: account, .manageCases) { db, account in
            guard let current = try Referral.fetchOne(db, key: id) else { throw WardError.notFound }
            let sealed = try text.map { try key?.seal(text: $0, for: .referralOutcome, of: current.caseId) }
            var r = current
            if status != current.status {
                guard current.status.reachable.contains(status) else { throw WardError.referralStep(current.status, status) }
                if date < current.statusDate { throw WardError.statusBeforePrevious }
                r.status = status
                // The steps passed over on the way take the same date.
                if [.referred, .received, .used].contains(status), r.referredDate == nil { r.referredDate = date }
                if [.received, .used].contains(status), r.receivedDate == nil { r.receivedDate = date }
                switch status {
                case .used: r.usedDate = date
                case .declined, .noContact: r.endedDate = date
                case .proposed, .referred, .received: break
                }
            }
            r.followUp = r.status.ended ? nil : followUp
            if let f = r.followUp, f < date { throw WardError.followUpBeforeReferral }
            if let sealed { r.outcome = sealed }
            r.version += 1
            try r.update(db)
            try Audit.writeChange(db, at: now, actor: Actor(account), action: .status, recordType: "referral", recordId: id,
                                  before: current.auditFields, after: r.auditFields)
            return r
        }
    }

    /// Referrals in list order; a list screen asks for one window at a time.
    public func referrals(_ query: ReferralQuery, offset: Int = 0, limit: Int = Int.max) throws -> [ReferralRow] {
        try reading { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Every referral of the list in its order, handed to `body` one at a time as it is read (exports).
    public func eachReferral(_ query: ReferralQuery, _ body: (ReferralRow) throws -> Void) throws {
        try reading { db in try query.each(db, body) }
    }

    public func countReferrals(_ query: ReferralQuery) throws -> Int {
        try reading { db in try query.count(db) }
    }

    // MARK: Figures

    /// The people of a period split by target group, by sex and by age group: reached (first
    /// contact in the period) and supported (used a referred service in the period). A person is
    /// counted once in each group they are in; groups overlap, sexes and age groups do not.
    public func supportSplits(from: Formats.Day, to: Formats.Day) throws -> [SupportSplit] {
        let splits: [(SupportSplit.Dimension, String, Msg, String)] =
            TargetGroup.allCases.map { (.targetGroup, $0.rawValue, $0.label, $0.sqlMatch) }
            + Sex.allCases.map { (.sex, $0.rawValue, $0.label, "c.sex = '\($0.rawValue)'") }
            + AgeGroup.allCases.map { (.ageGroup, $0.rawValue, $0.label, "c.age_group = '\($0.rawValue)'") }
        // Every split in one pass over the period's people: one for those reached, one for those supported.
        let sums = splits.map { "COALESCE(SUM(\($0.3)), 0)" }.joined(separator: ", ")
        return try reading { db in
            let reached = try Row.fetchOne(db, sql: """
                SELECT \(sums) FROM support_case c WHERE c.id IN (SELECT id FROM (\(SupportFigures.newlyReached)))
                """, arguments: [from, to])
            let supported = try Row.fetchOne(db, sql: """
                SELECT \(sums) FROM support_case c WHERE c.id IN (SELECT r.case_id FROM referral r WHERE r.used_date BETWEEN ? AND ?)
                """, arguments: [from, to])
            return splits.enumerated().map { i, split in
                SupportSplit(by: split.0, code: split.1, label: split.2, reached: reached?[i] ?? 0, supported: supported?[i] ?? 0)
            }
        }
    }

    /// What the reports need for a period, counted from codes and facts only.
    /// `scope` `.percentages` counts the access rate only.
    public func supportFigures(from: Formats.Day, to: Formats.Day, scope: FigureScope = .report) throws -> SupportFigures {
        try reading { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [from, to]) ?? 0 }
            // The year's plan sets the access target (WardCaseReports' `AnnualPlan`), else the setting.
            let planned = try Int.fetchOne(db, sql: "SELECT value FROM plan_target WHERE year = ? AND figure_id = 'support.access'", arguments: [to.year])
            var f = SupportFigures(from: from, to: to, targetPercent: try planned ?? Self.setting(db, .accessTarget))
            if scope == .report {
                f.reached = try count("SELECT COUNT(*) FROM (\(SupportFigures.newlyReached))")
                f.screened = try count("SELECT COUNT(DISTINCT case_id) FROM screening WHERE date BETWEEN ? AND ?")
                // Referred means actually sent to the provider, not only proposed.
                f.referred = try count("SELECT COUNT(DISTINCT case_id) FROM referral WHERE referred_date BETWEEN ? AND ?")
                f.usedService = try count("SELECT COUNT(DISTINCT case_id) FROM referral WHERE used_date BETWEEN ? AND ?")
                // Every service has its line, counted over the referrals active in the period only.
                for s in Service.allCases { f.byService[s] = (0, 0) }
                for (column, used) in [("referred_date", false), ("used_date", true)] {
                    for row in try Row.fetchAll(db, sql: "SELECT service, COUNT(DISTINCT case_id) FROM referral WHERE \(column) BETWEEN ? AND ? GROUP BY service",
                                                arguments: [from, to]) {
                        guard let s = Service(rawValue: row[0]), var n = f.byService[s] else { continue }
                        if used { n.used = row[1] } else { n.referred = row[1] }
                        f.byService[s] = n
                    }
                }
            }
            let eligible = SupportFigures.eligibleCases
            // Both in one pass over the cases.
            if let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(e.first_used <= :to), 0) FROM (\(eligible)) e
                """, arguments: ["to": to]) {
                f.eligible = row[0]
                f.withAccess = row[1]
            }
            return f
        }
    }
}

/// One entry of a case's timeline.
/// What a case worker sees of a case once its seals are opened.
public struct OpenedCase: Equatable, Sendable {
    public var identity: Identity
    public var notes: String
    public var timeline: [TimelineEntry]
}

public struct TimelineEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case opened(ContactSource)
        /// Named on a police list (its dispatch number); the notes say what it says of the sanction.
        case policeList(String)
        case status(CaseStatus, CloseReason?)
        case contact(ContactKind)
        case screening(Set<Service>)
        case consent(Bool, Set<Service>, String)
        case referral(Service, ReferralStatus)
    }
    public var date: Formats.Day
    public var kind: Kind
    /// Opened notes (case workers with the key), else empty.
    public var notes: String
    /// There are notes, but they stay sealed for this person or session.
    public var sealed: Bool
    public var author: String
}

/// What the case list asks for.
public struct CaseQuery: Equatable, Sendable {
    public var status: CaseStatus?
    /// Part of the code ("0042"), or of who the person is when `identityMatches` is given.
    public var code = ""
    /// The cases whose identity matched `code` (`IdentitySearch.matching`), for someone with the key.
    public var identityMatches: [Int64]?
    /// Only the cases in this target group (a minor by age group as well).
    public var targetGroup: TargetGroup?
    public init(status: CaseStatus? = nil, targetGroup: TargetGroup? = nil) { self.status = status; self.targetGroup = targetGroup }

    private func whereClause() -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        if let status { parts.append("c.status = ?"); _ = args.append(contentsOf: [status]) }
        if let targetGroup { parts.append(targetGroup.sqlMatch) }
        if !code.isEmpty, let ids = identityMatches {
            parts.append("(c.code LIKE ? OR c.id IN (SELECT value FROM json_each(?)))")
            _ = args.append(contentsOf: ["%" + code.uppercased() + "%", "[" + ids.map(String.init).joined(separator: ",") + "]"])
        } else if !code.isEmpty {
            parts.append("c.code LIKE ?"); _ = args.append(contentsOf: ["%" + code.uppercased() + "%"])
        }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }

    func count(_ db: Database) throws -> Int {
        let (clause, args) = whereClause()
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM support_case c \(clause)", arguments: args) ?? 0
    }

    /// The window is chosen on the case table alone; the per-case figures are counted for its rows only.
    func rows(_ db: Database, offset: Int, limit: Int) throws -> [CaseRow] {
        var (clause, args) = whereClause()
        _ = args.append(contentsOf: [limit, offset])
        let order = "CASE c.status WHEN 'open' THEN 0 WHEN 'on_hold' THEN 1 ELSE 2 END, c.code DESC"
        return try Row.fetchAll(db, sql: """
            SELECT c.*, (SELECT COUNT(*) FROM referral r WHERE r.case_id = c.id) AS referrals,
                (SELECT MIN(r.follow_up) FROM referral r WHERE r.case_id = c.id AND r.status IN ('proposed','referred','received')) AS next_follow_up,
                (SELECT MAX(s.date) FROM screening s WHERE s.case_id = c.id) AS last_screening
            FROM (SELECT c.* FROM support_case c \(clause) ORDER BY \(order) LIMIT ? OFFSET ?) c
            ORDER BY \(order)
            """, arguments: args).map {
            CaseRow(supportCase: try SupportCase(row: $0), referrals: $0["referrals"], nextFollowUp: $0["next_follow_up"],
                    lastScreening: $0["last_screening"])
        }
    }
}

public struct CaseRow: Equatable, Sendable {
    public var supportCase: SupportCase
    public var referrals: Int
    public var nextFollowUp: Formats.Day?
    public var lastScreening: Formats.Day?
}

/// What the referral lists ask for.
public struct ReferralQuery: Equatable, Sendable {
    public enum View: String, CaseIterable, Sendable {
        case all, awaitingFollowUp, overdue
        public var label: Msg {
            switch self { case .all: .viewAllReferrals; case .awaitingFollowUp: .viewAwaitingFollowUp; case .overdue: .viewOverdueFollowUps }
        }
    }
    public var view: View = .all
    public var status: ReferralStatus?
    public var service: Service?
    public var providerId: Int64?
    public var caseId: Int64?
    public var today: Formats.Day
    public init(view: View = .all, today: Formats.Day) { self.view = view; self.today = today }

    private func whereClause() -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        func add(_ sql: String, _ values: [(any DatabaseValueConvertible)?] = []) {
            parts.append(sql)
            _ = args.append(contentsOf: StatementArguments(values))
        }
        let waiting = "r.status IN ('proposed','referred','received') AND r.follow_up IS NOT NULL"
        switch view {
        case .all: break
        case .awaitingFollowUp: add(waiting)
        case .overdue: add("\(waiting) AND r.follow_up < ?", [today])
        }
        if let status { add("r.status = ?", [status]) }
        if let service { add("r.service = ?", [service]) }
        if let providerId { add("r.provider_id = ?", [providerId]) }
        if let caseId { add("r.case_id = ?", [caseId]) }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }

    func count(_ db: Database) throws -> Int {
        let (clause, args) = whereClause()
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM referral r \(clause)", arguments: args) ?? 0
    }

    func rows(_ db: Database, offset: Int, limit: Int) throws -> [ReferralRow] {
        var (clause, args) = whereClause()
        _ = args.append(contentsOf: [limit, offset])
        return try Row.fetchAll(db, sql: "\(Self.select) \(clause) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: args).map(row)
    }

    /// Every referral of the list in its order, from one cursor, each handed to `body` before the
    /// next is read (exports).
    func each(_ db: Database, _ body: (ReferralRow) throws -> Void) throws {
        let (clause, args) = whereClause()
        let rows = try Row.fetchCursor(db, sql: "\(Self.select) \(clause) ORDER BY \(order)", arguments: args)
        while let r = try rows.next() { try body(try row(r)) }
    }

    /// A referral's columns in `Referral.columns` order, then its case's code and provider's name, read by position.
    private static let select = "SELECT " + Referral.columns.map { "r." + $0 }.joined(separator: ", ") + """
        , c.code AS case_code, p.name AS provider_name FROM referral r
        JOIN support_case c ON c.id = r.case_id LEFT JOIN provider p ON p.id = r.provider_id
        """
    private var order: String { view == .all ? "r.proposed_date DESC, r.id DESC" : "r.follow_up ASC, r.id" }

    private func row(_ r: Row) throws -> ReferralRow {
        let n = Referral.columns.count
        return ReferralRow(referral: try Referral(row: r, at: 0), caseCode: r[n] ?? "", providerName: r[n + 1] ?? "", today: today)
    }
}

public struct ReferralRow: Equatable, Sendable {
    public var referral: Referral
    public var caseCode: String
    public var providerName: String
    public var today: Formats.Day
    public var overdue: Bool { referral.followUpOverdue(today: today) }
}

/// People of a period in one target group, sex or age group (`supportSplits`).
public struct SupportSplit: Equatable, Sendable {
    public enum Dimension: Sendable, CaseIterable { case targetGroup, sex, ageGroup }
    public var by: Dimension
    /// The group's, sex's or age group's code ("trafficking_returnee", "female", "18_24").
    public var code: String
    public var label: Msg
    public var reached: Int
    public var supported: Int
}

/// Where one case stands for the access rate: it counts once a screening found a need, and is
/// reached once the person used a service.
public enum AccessStanding: Equatable, Sendable {
    case notScreened, noNeed, waiting, reached(Formats.Day)
}

/// The support figures of a period.
/// How much of a period's figures to count: the whole report, or its percentages only (the
/// overview's gauges), each counted as the report counts it.
public enum FigureScope: Sendable { case report, percentages }

public struct SupportFigures: Equatable, Sendable {
    /// Eligible for the access rate (bind `:to`): known by the end of the period, and the latest
    /// screening by then found a need. Selects `c.id`, `c.code` and `c.first_used` (the first day
    /// the person used a service). The case's own latest screening (Derived.swift) answers for
    /// every case not screened again since `:to`; only those are looked up.
    /// The people newly reached in a period (bind `?1` the first day, `?2` the last): `id`,
    /// `code` and `reached_on`, the day of the first contact; for a person a police list opened
    /// a case for, the day the ward first met them (a contact or a screening), so that a list
    /// received counts nobody as reached until someone goes to see them.
    package static let newlyReached = """
        SELECT c.id, c.code, c.first_contact AS reached_on FROM support_case c
        WHERE c.first_contact BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM police_list_entry e WHERE e.case_id = c.id AND e.opened = 1)
        UNION ALL
        SELECT c.id, c.code, m.met FROM (
            SELECT e.case_id, MIN(x.d) AS met FROM police_list_entry e
            JOIN (SELECT case_id, date AS d FROM case_contact UNION ALL SELECT case_id, date FROM screening) x ON x.case_id = e.case_id
            WHERE e.opened = 1 GROUP BY e.case_id) m
        JOIN support_case c ON c.id = m.case_id WHERE m.met BETWEEN ?1 AND ?2
        """

    package static let eligibleCases = """
        SELECT c.id, c.code, c.first_used FROM support_case c INDEXED BY case_access WHERE c.first_contact <= :to AND c.screened_on IS NOT NULL AND (
            CASE WHEN c.screened_on <= :to THEN c.needs_now ELSE COALESCE((
                SELECT s.needs <> '' FROM screening s WHERE s.case_id = c.id AND s.date <= :to ORDER BY s.date DESC, s.id DESC LIMIT 1
            ), 0) END)
        """

    public var from: Formats.Day
    public var to: Formats.Day
    public var targetPercent: Int
    /// People first contacted in the period (`newlyReached`).
    public var reached = 0
    public var screened = 0
    public var referred = 0
    /// People who used at least one service in the period.
    public var usedService = 0
    public var byService: [Service: (referred: Int, used: Int)] = [:]
    /// People who need support (their latest screening found a need) by the end of the period...
    public var eligible = 0
    /// ...and of them, those who have used a service.
    public var withAccess = 0

    public static func == (a: SupportFigures, b: SupportFigures) -> Bool {
        a.from == b.from && a.to == b.to && a.reached == b.reached && a.screened == b.screened && a.referred == b.referred
            && a.usedService == b.usedService && a.eligible == b.eligible && a.withAccess == b.withAccess
            && a.byService.mapValues { [$0.referred, $0.used] } == b.byService.mapValues { [$0.referred, $0.used] }
    }

    /// The access rate, rounded down; nil when nobody is eligible yet (not 0%).
    public var accessPercent: Int? { Formats.percent(Int64(withAccess), of: Int64(eligible)).map(Int.init) }
    public var meetsTarget: Bool { eligible > 0 && withAccess * 100 >= targetPercent * eligible }
}
