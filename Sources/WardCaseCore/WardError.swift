import Foundation
import GRDB

/// Why a spreadsheet brought for import cannot be read, in terms a clerk can act on.
public enum SpreadsheetProblem: Error, Equatable, Sendable {
    case missing, permissionDenied
    /// A CSV file that is not UTF-8 (or UTF-16 with its mark).
    case notText
    /// A ZIP archive without a workbook in it.
    case notAWorkbook
    /// Missing bytes, a part that does not inflate or fails its checksum, XML that does not parse.
    case damaged
    /// More than an import takes at once (a part unpacking to hundreds of megabytes, millions of cells).
    case tooLarge
    /// A file over the import size limit, refused before it is read.
    case fileTooLarge(megabytes: Int)
    case noSuchSheet(String, available: [String])
}

/// Why a file cannot be restored from.
public enum BackupProblem: Equatable, Sendable {
    case missing, notWardcase
    /// SQLite's own words on what is broken.
    case damaged(String)
}

/// What someone else changed in a record while a form was open on it.
public struct Conflict: Equatable, Sendable {
    public struct Change: Equatable, Sendable {
        public var field: String, was: String, now: String
    }
    public var changes: [Change]

    static func between(_ original: [String: String], _ current: [String: String]) -> Conflict {
        let keys = Set(original.keys).union(current.keys).sorted()
        return Conflict(changes: keys.compactMap { k in
            original[k] == current[k] ? nil : Change(field: k, was: original[k] ?? "", now: current[k] ?? "")
        })
    }

    public var summary: String { changes.map { "\($0.field): \($0.was) → \($0.now)" }.joined(separator: "; ") }
}

/// Errors a user can meet, each with a one-sentence message in the user's language.
public enum WardError: Error, Equatable, Sendable {
    case resourcesMissing(searched: [String])
    case unknownLanguage(String)
    case databaseUnreadable(path: String, reason: String)
    case databaseNewer(path: String)
    case databaseReadOnly(path: String)
    /// Read-only and from an older wardcase: bringing it up to date would be a write.
    case databaseReadOnlyOutdated(path: String)
    case databaseBusy
    case diskFull(path: String)
    case cannotCreateFolder(path: String)
    case required(field: Msg)
    case tooLong(field: Msg, max: Int)
    case notFound
    case conflict(Conflict)
    case invalidLogin
    case passwordTooShort(Int)
    case passwordsDiffer
    case loginTaken(String)
    case unknownAccount(String)
    case noRoles
    case lastAdmin
    case permissionDenied(Permission)
    case notABackup(path: String, BackupProblem)
    case backupFailed(reason: String)
    case unknownSetting(String)
    case invalidRecord([FieldProblem])
    case importNoHeader
    case invalidTypeCode
    /// A residential group the ward's list does not have.
    case unknownGroup(String)
    /// A sanction decision for a violation that is not a fine on an approved record.
    case sanctionNotAllowed
    /// A sanction's dates out of order; the message says which.
    case sanctionInvalid(Msg)
    /// A roster member who left before joining.
    case rosterDates
    case importStrict(Int)
    case importBatchNotFound(Int64)
    case importBatchUndone(Int64)
    /// Records changed again since the import (or used since, for one it added), by name.
    case importUndoBlocked(Int64, [String])
    /// A backup that does not pass `check` once brought to this version.
    case restoreRefused(path: String, [CheckProblem])
    /// A backup of another ward (named), restored only when asked for on purpose.
    case restoreOtherWard(path: String, ward: String)
    /// Records changed by someone else between the import's preview and its apply (their lines).
    case importChangedMeanwhile([Int])
    case unreadableFile(path: String, reason: String)
    case unreadableSpreadsheet(path: String, SpreadsheetProblem)
    case invalidSettingValue(String)
    case invalidVisit([VisitProblem])
    case invalidTip([TipProblem])
    case visitLocked(VisitStatus)
    case visitNotSubmitted
    case ownVisit
    case onlyApprovedAmended
    case amendmentOpen(Int64)
    case periodReversed
    case planEmpty
    case futureDate
    case statusBeforeFound
    case notSignedIn
    case accountDisabled
    case accountLocked(until: Date)
    case firstAccountAdmin
    case wardAlreadySet
    case backupOntoLive(path: String)
    case fileExists(path: String)
    case cannotWriteFile(path: String, reason: String)
    /// A workbook past what a ZIP without Zip64 holds (4 GB).
    case workbookTooLarge(path: String)
    case unknownKeyDerivation(String)
    case invalidChecklistCode
    case wrongPassphrase
    /// A sealed value sits in a record it was not sealed for (moved by hand).
    case sealMisplaced
    case passphraseTooShort(Int)
    case wardKeyExists
    case noWardKey
    /// The ward has a key; this case worker has not set a passphrase of their own.
    case passphraseNotSet
    /// Their passphrase is set; no colleague has given them the ward key yet.
    case keyNotGiven
    case noRecoveryKey
    case wrongRecoveryKey
    /// An informant cannot be recorded before the ward key exists (nothing to seal it to).
    case informantNeedsWardKey
    case passphraseNeeded
    case closeReasonNeeded
    case caseStatusMove(CaseStatus, CaseStatus)
    case statusBeforePrevious
    case noConsent
    case noConsentForService(Service)
    case followUpBeforeReferral
    case caseClosed
    case referralStep(ReferralStatus, ReferralStatus)
    case providerExists(String)
    case referralBeforeFirstContact
    case providerLacksService
    case reportLocked
    case reportNotFinal
    /// The person waiting pressed Esc: the work stopped and wrote nothing.
    case cancelled
    case unknownPeriod(String)
    case noEstablishmentMatches(String)
    case severalEstablishmentsMatch([String])
    /// Generated demo data goes only into a database with no ward, establishment or account yet.
    case databaseNotEmpty(path: String)

    public func message(_ l: Localizer) -> String {
        switch self {
        case .resourcesMissing(let searched):
            // The string tables themselves are missing, so this one sentence is built in.
            return "wardcase: resource files not found (tệp tài nguyên không tìm thấy); looked in: "
                + searched.joined(separator: ", ")
        case .unknownLanguage(let s): return l.t(.errUnknownLanguage, s)
        case .databaseUnreadable(let path, let reason): return l.t(.errDatabaseUnreadable, path, reason)
        case .databaseNewer(let path): return l.t(.errDatabaseNewer, path)
        case .databaseReadOnly(let path): return l.t(.errDatabaseReadOnly, path)
        case .databaseReadOnlyOutdated(let path): return l.t(.errDatabaseReadOnlyOutdated, path)
        case .databaseBusy: return l.t(.errDatabaseBusy)
        case .diskFull(let path): return l.t(.errDiskFull, path)
        case .cannotCreateFolder(let path): return l.t(.errCannotCreateFolder, path)
        case .required(let field): return l.t(.errRequired, l.t(field))
        case .tooLong(let field, let max): return l.t(.errTooLong, l.t(field), max)
        case .notFound: return l.t(.errNotFound)
        case .conflict(let c): return l.t(.errConflict, c.summary)
        case .invalidLogin: return l.t(.errInvalidLogin)
        case .passwordTooShort(let n): return l.t(.errPasswordTooShort, n)
        case .passwordsDiffer: return l.t(.errPasswordsDiffer)
        case .loginTaken(let login): return l.t(.errLoginTaken, login)
        case .unknownAccount(let login): return l.t(.errUnknownAccount, login)
        case .noRoles: return l.t(.errNoRoles)
        case .lastAdmin: return l.t(.errLastAdmin)
        case .permissionDenied(let p):
            return l.t(.errPermissionDenied, Permissions.roles(granting: p).map { l.t($0.label) }.joined(separator: ", "))
        case .notABackup(let path, let problem):
            let reason = switch problem {
            case .missing: l.t(.backupMissing)
            case .notWardcase: l.t(.backupNotWardcase)
            case .damaged(let detail): l.t(.backupDamaged, detail)
            }
            return l.t(.errNotABackup, path, reason)
        case .backupFailed(let reason): return l.t(.errBackupFailed, reason)
        case .unknownSetting(let name): return l.t(.errUnknownSetting, name, WardSetting.allCases.map(\.cliName).joined(separator: ", "))
        case .invalidSettingValue(let v): return l.t(.errInvalidSettingValue, v)
        case .importNoHeader: return l.t(.errImportNoHeader)
        case .invalidTypeCode: return l.t(.errTypeCode)
        case .unknownGroup(let name): return l.t(.errUnknownGroup, name)
        case .sanctionNotAllowed: return l.t(.errSanctionNotAllowed)
        case .sanctionInvalid(let message): return l.t(message)
        case .rosterDates: return l.t(.errRosterDates)
        case .importStrict(let n): return l.t(.errImportStrict, n)
        case .importBatchNotFound(let b): return l.t(.errImportBatchNotFound, b)
        case .importBatchUndone(let b): return l.t(.errImportBatchUndone, b)
        case .importUndoBlocked(let b, let names):
            return l.t(.errImportUndoBlocked, b, names.prefix(10).joined(separator: "; ") + (names.count > 10 ? "; …" : ""))
        case .restoreRefused(let path, let problems):
            return l.t(.errRestoreRefused, path, problems.prefix(3).map { $0.message(l) }.joined(separator: " "))
        case .restoreOtherWard(let path, let ward): return l.t(.errRestoreOtherWard, path, ward)
        case .importChangedMeanwhile(let lines): return l.t(.errImportChangedMeanwhile, lines.map(String.init).joined(separator: ", "))
        case .unreadableFile(let path, let reason): return l.t(.errUnreadableFile, path, reason)
        case .unreadableSpreadsheet(let path, let problem):
            switch problem {
            case .missing: return l.t(.errSpreadsheetMissing, path)
            case .permissionDenied: return l.t(.errSpreadsheetPermission, path)
            case .notText: return l.t(.errSpreadsheetNotText, path)
            case .notAWorkbook: return l.t(.errSpreadsheetNotWorkbook, path)
            case .damaged: return l.t(.errSpreadsheetDamaged, path)
            case .tooLarge: return l.t(.errSpreadsheetTooLarge, path)
            case .fileTooLarge(let mb): return l.t(.errImportFileTooLarge, path, mb)
            case .noSuchSheet(let sheet, let available): return l.t(.errSpreadsheetNoSheet, path, sheet, available.joined(separator: ", "))
            }
        case .invalidVisit(let problems):
            return problems.map { "\(l.t($0.field.label)): \(l.t($0.message))" }.joined(separator: "; ")
        case .invalidTip(let problems):
            return problems.map { "\(l.t($0.field.label)): \(l.t($0.message))" }.joined(separator: "; ")
        case .visitLocked(let status): return l.t(.errVisitLocked, l.t(status.label))
        case .visitNotSubmitted: return l.t(.errVisitNotSubmitted)
        case .ownVisit: return l.t(.errOwnVisit)
        case .onlyApprovedAmended: return l.t(.errOnlyApprovedAmended)
        case .amendmentOpen(let id): return l.t(.errAmendmentOpen, id)
        case .periodReversed: return l.t(.errPeriodReversed)
        case .planEmpty: return l.t(.errPlanEmpty)
        case .futureDate: return l.t(.errFutureDate)
        case .statusBeforeFound: return l.t(.errStatusBeforeFound)
        case .notSignedIn: return l.t(.errNotSignedIn)
        case .accountDisabled: return l.t(.errAccountDisabled)
        case .accountLocked(let until): return l.t(.errAccountLocked, Timestamp.time(until))
        case .firstAccountAdmin: return l.t(.errFirstAccountAdmin)
        case .wardAlreadySet: return l.t(.errWardAlreadySet)
        case .backupOntoLive(let path): return l.t(.errBackupOntoLive, path)
        case .fileExists(let path): return l.t(.errFileExists, path)
        case .cannotWriteFile(let path, let reason): return l.t(.errCannotWriteFile, path, reason)
        case .workbookTooLarge(let path): return l.t(.errWorkbookTooLarge, path)
        case .unknownKeyDerivation(let kdf): return l.t(.errUnknownKeyDerivation, kdf)
        case .invalidChecklistCode: return l.t(.errChecklistCode)
        case .wrongPassphrase: return l.t(.errWrongPassphrase)
        case .sealMisplaced: return l.t(.errSealMisplaced)
        case .passphraseTooShort(let n): return l.t(.errPassphraseTooShort, n)
        case .wardKeyExists: return l.t(.errWardKeyExists)
        case .noWardKey: return l.t(.errNoWardKey)
        case .passphraseNotSet: return l.t(.errPassphraseNotSet)
        case .keyNotGiven: return l.t(.errKeyNotGiven)
        case .noRecoveryKey: return l.t(.errNoRecoveryKey)
        case .wrongRecoveryKey: return l.t(.errWrongRecoveryKey)
        case .informantNeedsWardKey: return l.t(.errInformantNeedsWardKey)
        case .passphraseNeeded: return l.t(.errPassphraseNeeded)
        case .closeReasonNeeded: return l.t(.errCloseReason)
        case .caseStatusMove(let a, let b): return l.t(.errCaseStatusMove, l.t(a.label), l.t(b.label))
        case .statusBeforePrevious: return l.t(.errStatusBeforePrevious)
        case .noConsent: return l.t(.errNoConsent)
        case .noConsentForService(let s): return l.t(.errNoConsentForService, l.t(s.label))
        case .followUpBeforeReferral: return l.t(.errFollowUpBefore)
        case .caseClosed: return l.t(.errCaseClosed)
        case .referralStep(let a, let b): return l.t(.errReferralStep, l.t(a.label), l.t(b.label))
        case .providerExists(let name): return l.t(.errProviderExists, name)
        case .referralBeforeFirstContact: return l.t(.errReferralBeforeFirstContact)
        case .providerLacksService: return l.t(.errProviderLacksService)
        case .reportLocked: return l.t(.errReportLocked)
        case .reportNotFinal: return l.t(.errReportNotFinal)
        case .cancelled: return l.t(.errCancelled)
        case .unknownPeriod(let text): return l.t(.errUnknownPeriod, text)
        case .noEstablishmentMatches(let text): return l.t(.errNoEstablishmentMatches, text)
        case .severalEstablishmentsMatch(let names): return l.t(.errSeveralEstablishments, names.joined(separator: "; "))
        case .databaseNotEmpty(let path): return l.t(.errDatabaseNotEmpty, path)
        case .invalidRecord(let problems):
            return problems.map { "\(l.t($0.field.label)): \($0.text(l))" }.joined(separator: "; ")
        }
    }

    /// Turns SQLite's errors into sentences a ward officer can act on.
    static func from(_ error: Error, path: String) -> Error {
        if error is WardError { return error }
        guard let db = error as? DatabaseError else { return WardError.databaseUnreadable(path: path, reason: "\(error)") }
        switch db.resultCode {
        case .SQLITE_FULL: return WardError.diskFull(path: path)
        case .SQLITE_READONLY: return WardError.databaseReadOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return WardError.databaseBusy
        case .SQLITE_CANTOPEN:
            return WardError.databaseUnreadable(path: path, reason: db.message ?? "cannot open")
        default: return WardError.databaseUnreadable(path: path, reason: db.message ?? "\(db.resultCode)")
        }
    }
}
