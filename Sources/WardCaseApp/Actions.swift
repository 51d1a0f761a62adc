import TerminalKit
import WardCaseCore
import WardCaseReports

/// Every user action the app knows, by name. The key map, footer and help overlay are all
/// built from `Action` declarations, so a key is declared in exactly one place.
public enum ActionID: String, Sendable {
    // Global
    case nextSection, previousSection, section0, section1, section2, section3, section4, help, back, quit, palette
    case accounts, audit, switchUser, settings, backupNow, checkData
    // Accounts and audit screens
    case newAccount, edit, setPassword, toggleActive, filterForm
    // Establishments
    case newRecord, editRecord, quickFilter, export, importFile, applyImport, toggleClearEmpty, importHistory, undoImport, archive
    // Lists
    case up, down, pageUp, pageDown, home, end, open, filter, clearFilter, sortNext, sortReverse
    // Ids of their own where a key means something else than its usual action
    case pick, customPeriod, supportFigures
    // Filter input
    case filterDone
    // Forms
    case save, cancel, nextField, previousField
    // Inspections
    case cycleView, tips, hotspots, plans, coverage, cancelPlanned
    case submit, approve, returnRecord, nextAwaiting, amend, followUp, exportRecord, addViolation, removeViolation, violations
    case logVisitHere, toggleMark, sanctions, roster, editTeam, rosterMembers, programmeStaff, activityHere
    // Support
    case unlock, referrals, providers, consent, screening, contact, newReferral, caseStatus, cycleGroup, policeLists
    // Reports
    case activities, setNumber, finalise, markSent, newVersion, obligations, presetPlan001, presetPlan004, annualPlan
}

/// One action: its keys, a short footer label, a help sentence, and whether the footer shows it.
public struct Action: Sendable {
    public var id: ActionID
    public var keys: [Key]
    public var label: Msg
    public var help: Msg
    public var inFooter: Bool
    /// The permission the signed-in person needs; without it the action says why not.
    public var permission: Permission?

    public init(_ id: ActionID, _ keys: [Key], label: Msg, help: Msg, footer: Bool = false, permission: Permission? = nil) {
        self.id = id; self.keys = keys; self.label = label; self.help = help; self.inFooter = footer
        self.permission = permission
    }

    /// "↑/k" — how the keys are written in the footer and the help overlay.
    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// Actions shared by every screen of one kind, declared once.
enum Actions {
    /// Work on every screen, even while the user types into a field.
    static let always: [Action] = [
        Action(.help, [.function(1)], label: .actHelp, help: .helpHelp),
        Action(.palette, [.ctrl("p")], label: .actPalette, help: .helpPalette),
        Action(.quit, [.ctrl("c")], label: .actQuit, help: .helpCtrlC),
    ]

    /// Work wherever the screen is not taking typed text.
    /// On the idle lock: a different person signs in fully (their own password); Esc comes back here.
    static let signInOther = Action(.switchUser, [.function(2)], label: .actSignInOther, help: .helpSignInOther, footer: true)

    static let global: [Action] = [
        Action(.nextSection, [.tab], label: .actNextSection, help: .helpNextSection),
        Action(.previousSection, [.backTab], label: .actPreviousSection, help: .helpPreviousSection),
        Action(.section0, [.char("0")], label: .tabOverview, help: .helpSection0),
        Action(.section1, [.char("1")], label: .tabEstablishments, help: .helpSection1),
        Action(.section2, [.char("2")], label: .tabInspections, help: .helpSection2),
        Action(.section3, [.char("3")], label: .tabSupport, help: .helpSection3),
        Action(.section4, [.char("4")], label: .tabReports, help: .helpSection4),
        Action(.audit, [.char("a")], label: .actAudit, help: .helpAudit, permission: .viewAudit),
        Action(.accounts, [.char("u")], label: .actAccounts, help: .helpAccounts, permission: .manageAccounts),
        Action(.settings, [.char("c")], label: .actSettings, help: .helpSettings, permission: .manageSettings),
        Action(.backupNow, [.char("B")], label: .actBackupNow, help: .helpBackupNow, permission: .manageSettings),
        Action(.checkData, [.char("K")], label: .actCheckData, help: .helpCheckData, permission: .manageSettings),
        Action(.switchUser, [.function(2)], label: .actSwitchUser, help: .helpSwitchUser, footer: true),
        Action(.help, [.char("?")], label: .actHelp, help: .helpHelp, footer: true),
        Action(.palette, [.char(":")], label: .actPalette, help: .helpPalette),
        Action(.back, [.char("q")], label: .actBackQuit, help: .helpBack, footer: true),
    ]

    static let movement: [Action] = [
        Action(.up, [.up, .char("k")], label: .actUp, help: .helpUp),
        Action(.down, [.down, .char("j")], label: .actDown, help: .helpDown),
        Action(.pageUp, [.pageUp], label: .actPageUp, help: .helpPageUp),
        Action(.pageDown, [.pageDown], label: .actPageDown, help: .helpPageDown),
        Action(.home, [.home], label: .actHome, help: .helpHome),
        Action(.end, [.end], label: .actEnd, help: .helpEnd),
    ]

    /// Lists that sort by a column (added to what every list has: movement, Enter, the filter).
    static let sorting: [Action] = [
        Action(.sortNext, [.char("s")], label: .actSort, help: .helpSort),
        Action(.sortReverse, [.char("r")], label: .actSortReverse, help: .helpSortReverse),
    ]

    static let establishments: [Action] = [
        Action(.quickFilter, [.char("f")], label: .actQuickFilter, help: .helpQuickFilter, footer: true),
        Action(.newRecord, [.char("n")], label: .actNew, help: .helpNewEstablishment, footer: true, permission: .registerEstablishments),
        Action(.editRecord, [.char("e")], label: .actEditRecord, help: .helpEditEstablishment, permission: .registerEstablishments),
        Action(.export, [.char("x")], label: .actExport, help: .helpExport),
        Action(.importFile, [.char("i")], label: .actImport, help: .helpImport, permission: .registerEstablishments),
        Action(.importHistory, [.char("I")], label: .actImportHistory, help: .helpImportHistory),
        Action(.archive, [.char("d")], label: .actArchive, help: .helpArchive, permission: .registerEstablishments),
    ]

    /// An import's preview: leave it, or scroll its lines.
    static let preview: [Action] = [
        Action(.cancel, [.escape, .char("q")], label: .actCancel, help: .helpCancel, footer: true),
        Action(.down, [.down, .char("j"), .pageDown], label: .actDown, help: .helpDown),
        Action(.up, [.up, .char("k"), .pageUp], label: .actUp, help: .helpUp),
    ]

    static let importHistory: [Action] = [
        Action(.undoImport, [.char("u")], label: .actUndoImport, help: .helpUndoImport, footer: true, permission: .registerEstablishments),
    ]

    static let filterInput: [Action] = [
        Action(.filterDone, [.enter, .down, .up], label: .actFilterDone, help: .helpFilterDone, footer: true),
        Action(.clearFilter, [.escape], label: .actClearFilter, help: .helpClearFilter, footer: true),
    ]

    static let form: [Action] = [
        Action(.save, [.ctrl("s"), .function(10)], label: .actSave, help: .helpSave, footer: true),
        Action(.cancel, [.escape], label: .actCancel, help: .helpCancel, footer: true),
        Action(.nextField, [.tab], label: .actNextField, help: .helpNextField, footer: true),
        Action(.previousField, [.backTab], label: .actPreviousField, help: .helpPreviousField),
    ]

    static let accounts: [Action] = movement + [
        Action(.newAccount, [.char("n")], label: .actNewAccount, help: .helpNewAccount, footer: true, permission: .manageAccounts),
        Action(.edit, [.enter], label: .actEdit, help: .helpEditAccount, footer: true, permission: .manageAccounts),
        Action(.setPassword, [.char("p")], label: .actSetPassword, help: .helpSetPassword, footer: true, permission: .manageAccounts),
        Action(.toggleActive, [.char("d")], label: .actToggleActive, help: .helpToggleActive, permission: .manageAccounts),
    ]

    static let audit: [Action] = movement + [
        Action(.filterForm, [.char("f")], label: .actFilterForm, help: .helpFilterForm, footer: true),
        Action(.export, [.char("x")], label: .actExport, help: .helpExportAudit, footer: true),
        Action(.clearFilter, [.escape], label: .actClearFilter, help: .helpClearFilter),
        Action(.open, [.enter], label: .actOpen, help: .helpOpen, footer: true),
    ]

    static let detail: [Action] = [
        Action(.back, [.char("q"), .escape], label: .actBack, help: .helpBackDetail, footer: true),
    ]

    static let scrolling: [Action] = [
        Action(.down, [.down, .char("j")], label: .actDown, help: .helpScrollDown),
        Action(.up, [.up, .char("k")], label: .actUp, help: .helpScrollUp),
        Action(.pageDown, [.pageDown], label: .actPageDown, help: .helpScrollDown),
        Action(.pageUp, [.pageUp], label: .actPageUp, help: .helpScrollUp),
    ]

    /// A list that takes typed text as its filter from the start: only arrows move.
    static let picker: [Action] = [
        Action(.up, [.up], label: .actUp, help: .helpUp),
        Action(.down, [.down], label: .actDown, help: .helpDown),
        Action(.pageUp, [.pageUp], label: .actPageUp, help: .helpPageUp),
        Action(.pageDown, [.pageDown], label: .actPageDown, help: .helpPageDown),
        Action(.pick, [.enter], label: .actPick, help: .helpPick, footer: true),
        Action(.cancel, [.escape], label: .actCancel, help: .helpCancel, footer: true),
    ]

    static let visits: [Action] = [
        Action(.cycleView, [.char("v")], label: .actView, help: .helpVisitView, footer: true),
        Action(.filterForm, [.char("f")], label: .actFilterMore, help: .helpVisitFilter, footer: true),
        Action(.newRecord, [.char("n")], label: .actNewVisit, help: .helpNewVisit, footer: true, permission: .logVisits),
        Action(.tips, [.char("t")], label: .actTips, help: .helpTips, footer: true),
        Action(.hotspots, [.char("h")], label: .actHotspots, help: .helpHotspots, footer: true),
        Action(.plans, [.char("p")], label: .actPlans, help: .helpPlans, footer: true),
        Action(.coverage, [.char("g")], label: .actCoverage, help: .helpCoverage),
        Action(.roster, [.char("o")], label: .actRoster, help: .helpRoster),
        Action(.export, [.char("x")], label: .actExport, help: .helpExportVisits),
        Action(.cancelPlanned, [.char("d")], label: .actCancelPlanned, help: .helpCancelPlanned, permission: .planInspections),
    ]

    /// A plan's visits: no views, but the planned ones can be taken off.
    static let planVisits: [Action] = [
        Action(.export, [.char("x")], label: .actExport, help: .helpExportVisits, footer: true),
        Action(.cancelPlanned, [.char("d")], label: .actCancelPlanned, help: .helpCancelPlanned, footer: true, permission: .planInspections),
    ]

    static let visitEditing: [Action] = [
        Action(.editRecord, [.char("e")], label: .actEditRecord, help: .helpEditVisit, footer: true, permission: .logVisits),
        Action(.addViolation, [.char("v")], label: .actAddViolation, help: .helpAddViolation, footer: true, permission: .logVisits),
        Action(.violations, [.char("d")], label: .actViolations, help: .helpViolations, footer: true, permission: .logVisits),
        Action(.submit, [.char("s")], label: .actSubmit, help: .helpSubmit, footer: true, permission: .logVisits),
    ]

    static let visitReview: [Action] = [
        Action(.approve, [.char("p")], label: .actApprove, help: .helpApprove, footer: true, permission: .approveVisits),
        Action(.returnRecord, [.char("t")], label: .actReturn, help: .helpReturn, footer: true, permission: .approveVisits),
    ]

    /// On a draft's list of violations.
    static let violationLines: [Action] = [
        Action(.open, [.enter], label: .actEdit, help: .helpEditViolation, footer: true, permission: .logVisits),
        Action(.removeViolation, [.char("d"), .delete], label: .actRemoveViolation, help: .helpRemoveViolation, footer: true, permission: .logVisits),
    ]

    /// For a leader going through the records waiting for them, whatever this one's state.
    static let visitNextAwaiting = Action(.nextAwaiting, [.char("n")], label: .actNextAwaiting, help: .helpNextAwaiting, footer: true,
                                          permission: .approveVisits)

    static let visitApproved: [Action] = [
        Action(.amend, [.char("m")], label: .actAmend, help: .helpAmend, footer: true, permission: .logVisits),
        Action(.sanctions, [.char("d")], label: .actSanctions, help: .helpSanctions, footer: true, permission: .logVisits),
    ]

    /// On the standing team's roster.
    static let roster: [Action] = [
        Action(.open, [.enter], label: .actEdit, help: .helpEditRosterMember, footer: true, permission: .planInspections),
        Action(.newRecord, [.char("n")], label: .actNewRosterMember, help: .helpNewRosterMember, footer: true, permission: .planInspections),
        Action(.editTeam, [.char("e")], label: .actEditTeam, help: .helpEditTeam, footer: true, permission: .planInspections),
    ]

    /// In the visit form: the standing team's members serving on the visit's day, into the members field.
    static let rosterMembers = Action(.rosterMembers, [.ctrl("t")], label: .actRosterMembers, help: .helpRosterMembers, footer: true)

    /// On an approved record's fined violations.
    static let sanctionLines: [Action] = [
        Action(.open, [.enter], label: .actEdit, help: .helpEditSanction, footer: true, permission: .logVisits),
    ]

    static let visitFollowUp: [Action] = [
        Action(.followUp, [.char("h")], label: .actFollowUp, help: .helpFollowUp, footer: true, permission: .logVisits),
    ]

    static let visitRecordFile: [Action] = [
        Action(.exportRecord, [.char("w")], label: .actExportRecord, help: .helpExportRecord, footer: true),
    ]

    static let tips: [Action] = [
        Action(.cycleView, [.char("v")], label: .actView, help: .helpTipView, footer: true),
        Action(.newRecord, [.char("n")], label: .actNewTip, help: .helpNewTip, footer: true, permission: .logTipOffs),
        Action(.export, [.char("x")], label: .actExport, help: .helpExportTips),
    ]

    static let hotspots: [Action] = [
        Action(.newRecord, [.char("n")], label: .actNewHotspot, help: .helpNewHotspot, footer: true, permission: .logVisits),
        Action(.logVisitHere, [.char("l")], label: .actLogVisitHere, help: .helpLogVisitHere, footer: true, permission: .logVisits),
        Action(.export, [.char("x")], label: .actExport, help: .helpExportHotspots),
    ]

    static let plans: [Action] = [
        Action(.newRecord, [.char("n")], label: .actNewPlan, help: .helpNewPlan, footer: true, permission: .planInspections),
    ]

    static let planPicker: [Action] = movement + [
        Action(.toggleMark, [.char(" ")], label: .actMark, help: .helpMark, footer: true),
        Action(.save, [.ctrl("s"), .function(10)], label: .actCreatePlan, help: .helpCreatePlan, footer: true, permission: .planInspections),
        Action(.cancel, [.escape], label: .actCancel, help: .helpCancel, footer: true),
    ]

    static let cases: [Action] = [
        Action(.cycleView, [.char("v")], label: .actCaseStatusView, help: .helpCaseStatusView, footer: true),
        Action(.cycleGroup, [.char("o")], label: .actGroupView, help: .helpGroupView),
        Action(.newRecord, [.char("n")], label: .actNewCase, help: .helpNewCase, footer: true, permission: .manageCases),
        Action(.unlock, [.char("m")], label: .actUnlock, help: .helpUnlock, footer: true, permission: .viewIdentities),
        Action(.referrals, [.char("r")], label: .actReferrals, help: .helpReferrals, footer: true),
        Action(.providers, [.char("p")], label: .actProviders, help: .helpProviders, footer: true),
        Action(.supportFigures, [.char("g")], label: .actSupportFigures, help: .helpSupportFigures),
        Action(.policeLists, [.char("d")], label: .actPoliceLists, help: .helpPoliceLists),
    ]

    static let policeLists: [Action] = [
        Action(.importFile, [.char("i")], label: .actImport, help: .helpImportPoliceList, footer: true, permission: .manageCases),
    ]

    static let supportFiguresView = Action(.cycleView, [.char("v")], label: .actView, help: .helpSupportFiguresView, footer: true)

    static let caseDetail: [Action] = [
        Action(.editRecord, [.char("e")], label: .actEditRecord, help: .helpEditCase, footer: true, permission: .manageCases),
        Action(.consent, [.char("c")], label: .actConsent, help: .helpConsent, footer: true, permission: .manageCases),
        Action(.screening, [.char("n")], label: .actScreening, help: .helpScreening, footer: true, permission: .manageCases),
        Action(.contact, [.char("l")], label: .actContact, help: .helpContact, permission: .manageCases),
        Action(.newReferral, [.char("r")], label: .actNewReferral, help: .helpNewReferral, footer: true, permission: .manageCases),
        Action(.referrals, [.char("t")], label: .actCaseReferrals, help: .helpCaseReferrals, footer: true),
        Action(.caseStatus, [.char("s")], label: .actCaseStatus, help: .helpCaseStatus, permission: .manageCases),
        Action(.unlock, [.char("m")], label: .actUnlock, help: .helpUnlock, permission: .viewIdentities),
        Action(.exportRecord, [.char("x")], label: .actExportCase, help: .helpExportCase, permission: .viewIdentities),
    ]

    static let referrals: [Action] = [
        Action(.cycleView, [.char("v")], label: .actView, help: .helpReferralView, footer: true),
        Action(.filterForm, [.char("f")], label: .actFilterMore, help: .helpReferralFilter, footer: true),
    ]

    static let providers: [Action] = [
        Action(.newRecord, [.char("n")], label: .actNewProvider, help: .helpNewProvider, footer: true, permission: .manageCases),
        Action(.open, [.enter], label: .actEdit, help: .helpEditProvider, footer: true, permission: .manageCases),
    ]

    static let overview: [Action] = movement + [
        Action(.open, [.enter], label: .actOpen, help: .helpOpenDue, footer: true),
    ]

    static let reportList: [Action] = [
        Action(.open, [.enter], label: .actOpen, help: .helpOpenReport, footer: true),
        Action(.customPeriod, [.char("n")], label: .actCustomPeriod, help: .helpCustomPeriod, footer: true),
        Action(.activities, [.char("h")], label: .actActivities, help: .helpActivities, footer: true),
        // Set once a year or once ever: in the help (?) and the palette, not the footer.
        Action(.obligations, [.char("o")], label: .actObligations, help: .helpObligations, permission: .draftReports),
        Action(.annualPlan, [.char("p")], label: .actAnnualPlan, help: .helpAnnualPlan, permission: .draftReports),
    ]

    /// From the admin's settings: the reporting regime.
    static let settingsObligations = Action(.obligations, [.function(6)], label: .actObligations, help: .helpObligations, footer: true,
                                            permission: .manageSettings)

    static let obligations: [Action] = [
        Action(.presetPlan001, [.function(7)], label: .actPresetPlan001, help: .helpPresetPlan001, footer: true),
        Action(.presetPlan004, [.function(8)], label: .actPresetPlan004, help: .helpPresetPlan004, footer: true),
    ]

    static let reportDraft: [Action] = [
        Action(.finalise, [.char("f")], label: .actFinalise, help: .helpFinalise, footer: true, permission: .draftReports),
        Action(.setNumber, [.char("s")], label: .actSetNumber, help: .helpSetNumber, permission: .draftReports),
    ]

    static let reportFinal: [Action] = [
        Action(.markSent, [.char("g")], label: .actMarkSent, help: .helpMarkSent, footer: true, permission: .exportReports),
        Action(.newVersion, [.char("v")], label: .actNewVersion, help: .helpNewVersion, permission: .draftReports),
    ]

    static let reportFiles: [Action] = [
        Action(.export, [.char("x")], label: .actExport, help: .helpExportReport, footer: true, permission: .exportReports),
    ]

    /// Typing goes to the text; only these keys are not text.
    static let editor: [Action] = [
        Action(.cancel, [.escape], label: .actBack, help: .helpEditorBack, footer: true),
    ]

    static let activities: [Action] = [
        Action(.newRecord, [.char("n")], label: .actNewActivity, help: .helpNewActivity, footer: true, permission: .draftReports),
        Action(.programmeStaff, [.char("s")], label: .actProgrammeStaff, help: .helpProgrammeStaff, footer: true, permission: .draftReports),
    ]

    /// Moves a table's selection for the movement actions; false for any other action.
    static func move(_ id: ActionID, _ table: inout TableState, count: Int, page: Int) -> Bool {
        switch id {
        case .up: table.move(by: -1, count: count, page: page)
        case .down: table.move(by: 1, count: count, page: page)
        case .pageUp: table.move(by: -page, count: count, page: page)
        case .pageDown: table.move(by: page, count: count, page: page)
        case .home: table.select(0, count: count, page: page)
        case .end: table.select(count - 1, count: count, page: page)
        default: return false
        }
        return true
    }

    static func find(_ key: Key, in actions: [Action]) -> Action? {
        actions.first { $0.keys.contains(key) }
    }
}
