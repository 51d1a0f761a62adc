import Foundation
import TerminalKit
import WardCaseCore

/// Tài khoản: the admin's list of accounts.
final class AccountsScreen: Screen {
    private let ctx: AppContext
    private var accounts: [Account] = []
    private let source = ArrayTableSource()
    private var table = TableController()
    private var loadError: String?

    init(ctx: AppContext) {
        self.ctx = ctx
        reload()
    }

    var actions: [Action] { Actions.accounts + Actions.detail }

    func dataChanged() { reload() }

    private func reload() {
        do {
            accounts = try ctx.store.accounts(by: try ctx.account())
            loadError = nil
        } catch {
            loadError = ctx.message(for: error)
        }
        let l = ctx.l, now = Date()
        source.rows = accounts.map { a in
            let state = a.stateText(l, at: now)
            return [a.login, a.displayName, a.rolesText(l),
                    state, a.osUser ?? ""]
        }
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        let (head, rest) = area.takeTop(1)
        buf.put(l.t(.accountsTitle) + " · " + l.t(.accountCount, accounts.count), x: head.x, y: head.y, style: Style(bold: true),
                maxWidth: head.width)
        let view = TableView(columns: [
            TableColumn(l.t(.colLogin), minWidth: 12),
            TableColumn(l.t(.colDisplayName), minWidth: 16, weight: 2),
            TableColumn(l.t(.colRoles), minWidth: 14, weight: 3),
            TableColumn(l.t(.colAccountState), minWidth: 14),
            TableColumn(l.t(.colOsUser), minWidth: 8, weight: 1),
        ], emptyText: "")
        table.render(view, into: &buf, area: rest, source: source)
        if let loadError { buf.put(loadError, x: area.x, y: area.maxY - 1, style: .error, maxWidth: area.width) }
    }

    private var selected: Account? { accounts.indices.contains(table.selected) ? accounts[table.selected] : nil }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: accounts.count) { return .none }
        let l = ctx.l
        switch action {
        case .back: return .pop
        case .newAccount: return .push(AccountFormScreen(ctx: ctx, editing: nil))
        case .edit: return selected.map { .push(AccountFormScreen(ctx: ctx, editing: $0)) } ?? .none
        case .setPassword: return selected.map { .push(PasswordFormScreen(ctx: ctx, login: $0.login)) } ?? .none
        case .toggleActive:
            guard let a = selected else { return .none }
            let question = a.active ? l.t(.confirmDisable, a.login) : l.t(.confirmEnable, a.login)
            return .confirm(Dialog.confirm(title: l.t(.actToggleActive), message: question, yes: l.t(.yes), no: l.t(.no))) { [self] in
                do {
                    var changed = a
                    changed.active.toggle()
                    try ctx.store.updateAccount(changed, original: a, by: try ctx.account())
                    reload()
                    return .status(l.t(.accountSaved, a.login), .success)
                } catch {
                    reload()
                    return .status(ctx.message(for: error), .error)
                }
            }
        default: return .none
        }
    }

    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: accounts.count) == .again ? perform(.edit) : .none
    }
}

/// A new account, or changes to one. Saving checks that nobody else changed it meanwhile.
final class AccountFormScreen: FormScreen {
    private let original: Account?

    init(ctx: AppContext, editing: Account?) {
        original = editing
        let l = ctx.l
        var fields: [FormField] = []
        if editing == nil {
            fields.append(FormField(id: "login", label: l.t(.fieldLogin), kind: .text(maxLength: 32), required: true))
        }
        fields.append(FormField(id: "name", label: l.t(.fieldDisplayName), kind: .text(maxLength: 80), required: true,
                                value: editing?.displayName ?? ""))
        if editing == nil {
            fields += [
                FormField(id: "password", label: l.t(.fieldPassword), kind: .secret(maxLength: 128), required: true),
                FormField(id: "password2", label: l.t(.fieldPasswordAgain), kind: .secret(maxLength: 128), required: true),
            ]
        }
        for role in Role.allCases {
            let has = editing?.roles.contains(role) ?? (role == .officer)
            fields.append(FormField(id: "role." + role.rawValue, label: l.t(role.label), kind: .yesNo, value: has ? l.t(.yes) : l.t(.no)))
        }
        if let editing {
            fields.append(FormField(id: "active", label: l.t(.fieldActive), kind: .yesNo, value: editing.active ? l.t(.yes) : l.t(.no)))
        }
        fields.append(FormField(id: "os", label: l.t(.fieldOsUser), kind: .text(maxLength: 32), value: editing?.osUser ?? ""))
        let title = editing.map { l.t(.editAccountTitle, $0.login) } ?? l.t(.newAccountTitle)
        super.init(ctx: ctx, title: title, intro: "", fields: fields, cancellable: true)
    }

    private var roles: Set<Role> { Set(Role.allCases.filter { form["role." + $0.rawValue] == ctx.l.t(.yes) }) }

    /// `account` with what the form says about it.
    private func edited(_ account: Account) -> Account {
        var changed = account
        let os = form["os"].trimmingCharacters(in: .whitespaces)
        changed.displayName = form["name"]
        changed.roles = roles
        changed.active = form["active"] == ctx.l.t(.yes)
        changed.osUser = os.isEmpty ? nil : os
        return changed
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let os = form["os"].trimmingCharacters(in: .whitespaces)
        do {
            if let original {
                return try save { try ctx.store.updateAccount(edited(original), original: original, by: try ctx.account()) }
            }
            if form["password"] != form["password2"] { throw WardError.passwordsDiffer }
            let created = try ctx.store.createAccount(login: form["login"], displayName: form["name"], roles: roles,
                                                      password: form["password"], osUser: os.isEmpty ? nil : os, by: try ctx.account())
            form.markSaved()
            return .status(l.t(.accountSaved, created.login), .success).then(.pop)
        } catch let WardError.conflict(conflict) {
            return askToOverwrite(conflict)
        } catch {
            return show(error, fields: [.fieldDisplayName: "name"])
        }
    }

    private func save(_ body: () throws -> Account) throws -> ScreenOutcome {
        let saved = try body()
        form.markSaved()
        return ScreenOutcome.status(ctx.l.t(.accountSaved, saved.login), .success).then(.pop)
    }

    /// Someone else saved this account since the form opened: show what they changed and ask.
    private func askToOverwrite(_ conflict: Conflict) -> ScreenOutcome {
        let l = ctx.l
        let d = Dialog(title: l.t(.conflictTitle), message: l.t(.conflictAsk, conflict.summary),
                       buttons: [l.t(.overwrite), l.t(.keepTheirs)], selected: 1)
        return .confirm(d) { [self] in
            do {
                guard let original, let latest = try ctx.store.account(login: original.login) else { return .none }
                return try save { try ctx.store.updateAccount(edited(latest), original: latest, by: try ctx.account()) }
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        }
    }
}

/// A new password for an account (admin).
final class PasswordFormScreen: FormScreen {
    private let login: String

    init(ctx: AppContext, login: String) {
        self.login = login
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.passwordTitle, login), intro: "", fields: [
            FormField(id: "password", label: l.t(.fieldPassword), kind: .secret(maxLength: 128), required: true),
            FormField(id: "password2", label: l.t(.fieldPasswordAgain), kind: .secret(maxLength: 128), required: true),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        do {
            if form["password"] != form["password2"] { throw WardError.passwordsDiffer }
            try ctx.store.setPassword(login: login, password: form["password"], by: try ctx.account())
            form.markSaved()
            return ScreenOutcome.status(ctx.l.t(.passwordSaved, login), .success).then(.pop)
        } catch {
            return show(error, fields: [:])
        }
    }
}

/// The demo ward's account chooser: see what each role sees, one key away.
final class DemoSwitchScreen: GateScreen {
    private let ctx: AppContext
    private(set) var passed = false
    private(set) var cancelled = false
    private var accounts: [Account] = []
    private let source = ArrayTableSource()
    private var table = TableController()

    init(ctx: AppContext) {
        self.ctx = ctx
        accounts = ctx.read(or: []) { try ctx.store.demoAccounts() }
        source.rows = accounts.map { a in
            [a.login, a.displayName, a.rolesText(ctx.l)]
        }
    }

    /// Letters typed jump to the first login that starts with them ("va" → vanthu).
    private var typed = ""

    var capturesText: Bool { true }

    var actions: [Action] {
        [Actions.movement[0], Actions.movement[1]].map { a in var a = a; a.keys = a.keys.filter { if case .char = $0 { false } else { true } }; return a }
            + Actions.movement.dropFirst(2) + [
            Action(.open, [.enter], label: .actOpen, help: .helpSwitchUser, footer: true),
            Action(.cancel, [.escape], label: .actCancel, help: .helpCancel, footer: true),
        ]
    }

    func input(_ key: Key) -> ScreenOutcome {
        switch key {
        case .char(let ch):
            let logins = accounts.map(\.login)
            typed += ch.lowercased()
            if !logins.contains(where: { $0.hasPrefix(typed) }) { typed = ch.lowercased() }
            if let i = logins.firstIndex(where: { $0.hasPrefix(typed) }) { table.select(i, count: accounts.count) }
        case .backspace: typed = String(typed.dropLast())
        default: break
        }
        return .none
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(.switchDemoTitle), x: area.x, y: area.y, style: Style(bold: true))
        let hint = TextWidth.wrap(l.t(.demoAccountHint), width: area.width)
        for (i, line) in hint.enumerated() { buf.put(line, x: area.x, y: area.y + 1 + i, style: .muted) }
        let top = area.y + 2 + hint.count
        let view = TableView(columns: [TableColumn(l.t(.colLogin), minWidth: 12), TableColumn(l.t(.colDisplayName), minWidth: 20, weight: 1),
                                       TableColumn(l.t(.colRoles), minWidth: 20, weight: 2)], emptyText: "")
        table.render(view, into: &buf, area: Rect(x: area.x, y: top, width: area.width, height: area.maxY - top), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: accounts.count) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: accounts.count) { return .none }
        switch action {
        case .cancel:
            cancelled = true
            return .pop
        case .open:
            guard accounts.indices.contains(table.selected) else { return .none }
            do {
                guard let chosen = try ctx.store.switchToDemoAccount(accounts[table.selected], osUser: ctx.osUser) else {
                    return .status(ctx.l.t(.signInDisabled), .error)
                }
                ctx.session = chosen
                passed = true
                return .pop
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        default: return .none
        }
    }
}

/// The admin's settings: the ward's identity, the idle lock, the coverage target and tip-off deadlines.
final class SettingsScreen: FormScreen {
    private let original: WardIdentity?
    /// The settings shown as whole numbers of days or percent (the idle lock is shown in minutes;
    /// the reports' deadlines and closing are the regime's, on its own screen: F6).
    private static let numbers: [WardSetting] = WardSetting.allCases.filter {
        ![.idleLockSeconds, .reportMonthDay, .reportQuarterDay, .reportHalfYear, .reportYear, .reportClosing, .reportDueSoonDays].contains($0)
    }

    init(ctx: AppContext) {
        original = ctx.ward
        let l = ctx.l, rules = FieldRules(l: l)
        let minutes = (ctx.read(or: 600) { try ctx.store.idleLockSeconds() }) / 60
        let others = Self.numbers.map { s in
            FormField(id: s.rawValue, label: l.t(s.label), kind: .number,
                      value: String(ctx.read(or: s.defaultValue) { try ctx.store.setting(s) }), validator: rules.number)
        }
        let signer = ctx.read { try ctx.store.reportSigner() } ?? .usual
        super.init(ctx: ctx, title: l.t(.settingsTitle), intro: l.t(.settingsIntro), fields: wardFields(l, original) + [
            FormField(id: "idle", label: l.t(.fieldIdleMinutes), kind: .number, value: String(minutes), validator: rules.number),
        ] + others + [
            FormField(id: "signerTitle", label: l.t(.fieldSignerTitle), kind: .multiline(maxLength: 300, rows: 3), required: true,
                      value: signer.titleLines.joined(separator: "\n")),
            FormField(id: "signerName", label: l.t(.fieldSignerName), kind: .text(maxLength: 120), value: signer.name),
        ], cancellable: true)
    }

    override var actions: [Action] { super.actions + [Actions.settingsObligations] }

    override func perform(_ action: ActionID) -> ScreenOutcome {
        action == .obligations ? .push(ObligationsScreen(ctx: ctx)) : super.perform(action)
    }

    override func submit() -> ScreenOutcome {
        do {
            let ward = try WardIdentity.validated(name: form["ward"], province: form["province"], receivingAgency: form["agency"])
            try ctx.store.setWard(ward, original: original, by: try ctx.account())
            let seconds = (Formats.parseInt(form["idle"]) ?? 10) * 60
            if seconds != (try ctx.store.idleLockSeconds()) { try ctx.store.setSetting(.idleLockSeconds, to: seconds, by: try ctx.account()) }
            for s in Self.numbers {
                let value = Formats.parseInt(form[s.rawValue]) ?? s.defaultValue
                guard s.accepts(value) else {
                    form.setError(WardError.invalidSettingValue(String(value)).message(ctx.l), field: s.rawValue)
                    return .none
                }
                if value != (try ctx.store.setting(s)) { try ctx.store.setSetting(s, to: value, by: try ctx.account()) }
            }
            let signer = ReportSigner(titleLines: form["signerTitle"].split(separator: "\n").map(String.init), name: form["signerName"])
            if signer != (try ctx.store.reportSigner()) { try ctx.store.setReportSigner(signer, by: try ctx.account()) }
            form.markSaved()
            return ScreenOutcome.status(ctx.l.t(.settingsSaved), .success).then(.pop)
        } catch let WardError.conflict(conflict) {
            return .status(WardError.conflict(conflict).message(ctx.l), .error)
        } catch {
            return show(error, fields: wardFieldIds)
        }
    }
}
