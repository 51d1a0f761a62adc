import Crypto
import Foundation
import WardCaseCore
import GRDB

// `wardcase report bundle` and `wardcase report combine`: a ward's finalised figures as a signed
// JSON file, so that a city or province can add ward reports up without retyping them.
//
// The file is one JSON object: every field below plus "signature", an Ed25519 signature (base64)
// over the canonical JSON of every other field (keys sorted, no whitespace, "/" not escaped,
// null written out). The ward's signing key is made on first use and kept sealed under the
// signing passphrase (the ward's seal: whoever sends the reports holds it); its public half
// travels in the bundle. The signature shows that nothing was changed after signing; that the
// key is the ward's, the receiver knows from its keyring (Keyring.swift): the fingerprint the
// ward read out to it (`wardcase report key`), trusted with `wardcase keys trust`.

/// Why a bundle cannot be made, read or combined: one sentence each, in the user's language.
public enum BundleError: Error, Equatable, Sendable {
    case reportNotFound
    /// Only a final (or sent) report is bundled.
    case notFinal(period: String, version: Int)
    /// The database has no ward name yet.
    case noWard
    /// The stored signing key cannot be read.
    case brokenKey
    case noBundles
    case notABundle
    case unsupportedVersion(Int)
    /// The signature does not verify: the file was changed after signing.
    case altered(ward: String)
    case otherPeriod(ward: String, found: String, expected: String)
    case sameWardTwice(String)
    /// The receiver's keyring does not trust this key for this ward.
    case untrustedKey(ward: String, fingerprint: String)
    /// The ward is trusted with another key: it signs with a new one.
    case newKey(ward: String, fingerprint: String, trusted: String)
    case revokedKey(ward: String, fingerprint: String)

    public func message(_ l: Localizer) -> String {
        switch self {
        case .reportNotFound: l.t(.bundleReportNotFound)
        case .notFinal(let period, let version): l.t(.bundleNotFinal, period, version)
        case .noWard: l.t(.bundleNoWard)
        case .brokenKey: l.t(.bundleBrokenKey)
        case .noBundles: l.t(.bundleNone)
        case .notABundle: l.t(.bundleNotABundle)
        case .unsupportedVersion(let v): l.t(.bundleUnsupportedVersion, v, ReportBundle.formatVersion)
        case .altered(let ward): l.t(.bundleAltered, ward)
        case .otherPeriod(let ward, let found, let expected): l.t(.bundleOtherPeriod, ward, found, expected)
        case .sameWardTwice(let ward): l.t(.bundleSameWard, ward)
        case .untrustedKey(let ward, let fp): l.t(.bundleUntrustedKey, ward, fp)
        case .newKey(let ward, let fp, let trusted): l.t(.bundleNewKey, ward, fp, trusted)
        case .revokedKey(let ward, let fp): l.t(.bundleRevokedKey, ward, fp)
        }
    }
}

/// One figure as it travels in a bundle.
public struct BundleFigure: Equatable, Sendable, Codable {
    public var id: String
    /// The string-table key of the section it is in.
    public var section: String
    /// The string-table key of the label, or nil when the label is data (type and service names).
    public var labelKey: String?
    /// The label in Vietnamese, so that the file reads without wardcase.
    public var label: String
    /// nil = not available (never 0 in its place).
    public var value: Int64?
    public var unit: FigureUnit
    public var target: Int64?
    /// A breakdown of the figure before it.
    public var detail: Bool

    public init(id: String, section: String, labelKey: String?, label: String, value: Int64?, unit: FigureUnit, target: Int64?, detail: Bool) {
        self.id = id; self.section = section; self.labelKey = labelKey; self.label = label
        self.value = value; self.unit = unit; self.target = target; self.detail = detail
    }

    /// The label in the reader's language where it is a string-table key, else as written.
    public func labelText(_ l: Localizer) -> String { labelKey.flatMap(l.text(forKey:)) ?? label }
    public func sectionText(_ l: Localizer) -> String { l.text(forKey: section) ?? section }

    enum CodingKeys: String, CodingKey {
        case id, section, label, value, unit, target, detail
        case labelKey = "label_key"
    }

    // Not-available values and absent targets are written as null, not left out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(section, forKey: .section)
        try c.encode(labelKey, forKey: .labelKey)
        try c.encode(label, forKey: .label)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(target, forKey: .target)
        try c.encode(detail, forKey: .detail)
    }
}

/// A verified bundle: one ward's finalised report for one period.
public struct ReportBundle: Equatable, Sendable {
    public static let format = "wardcase-report-bundle"
    /// 2: the figures the reporting regime added, and the days counted (`data_from`, `data_to`).
    public static let formatVersion = 2
    /// Bundles of these versions are read and combined; what only the newer have is not summed
    /// across wards that lack it.
    public static let readableVersions = 1...2
    /// Where wardcase before version 11 of the database kept the key in plain text (base64 of
    /// the raw private key); it is sealed and removed from there the first time it signs again.
    static let plainSigningKeySetting = "report_signing_key"

    public var ward: String
    public var province: String
    public var period: ReportPeriod
    public var reportVersion: Int
    public var reportNumber: String
    public var finalisedAt: String
    public var figures: [BundleFigure]
    /// base64 of the raw Ed25519 public key.
    public var publicKey: String
    public var signature: String

    /// A readable form of the public key for comparing by eye or over the phone.
    public var keyFingerprint: String { Self.fingerprint(publicKey) }

    public func value(_ id: String) -> Int64? { figures.first { $0.id == id }?.value }

    /// The first 128 bits of the key's SHA-256 in eight groups of four hex digits: short enough to
    /// read out, long enough that nobody can make another key with the same fingerprint.
    static func fingerprint(_ publicKey: String) -> String {
        let digest = SHA256.hash(data: Data(base64Encoded: publicKey) ?? Data(publicKey.utf8))
        return Keyring.grouped(digest.prefix(16).map { String(format: "%02X", $0) }.joined())
    }

    // MARK: Making

    /// The signed bundle of a final or sent report, as pretty-printed UTF-8 JSON, for whoever
    /// drafts or sends the ward's reports (signing speaks for the ward). Labels are written in
    /// Vietnamese (`labels`, or the installed Vietnamese tables).
    public static func bundle(store: WardStore, reportId: Int64, labels: Localizer? = nil, passphrase: String, by account: Account) throws -> Data {
        guard let report = try store.report(id: reportId) else { throw BundleError.reportNotFound }
        guard report.status != .draft else { throw BundleError.notFinal(period: report.period.code, version: report.version) }
        guard let ward = try store.ward() else { throw BundleError.noWard }
        let l = try labels ?? Localizer.load(.vi, resources: ResourceLocator.directory())
        let figures = try store.figures(of: report)
        let key = try store.reportSigningKey(passphrase: passphrase, by: account)
        var body = Body(format: format, formatVersion: formatVersion, ward: ward.name, province: ward.province,
                        period: WirePeriod(report.period), reportVersion: report.version, reportNumber: report.number,
                        finalisedAt: report.finalisedAt ?? "", figures: [],
                        publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                        dataFrom: figures.dataFrom?.iso, dataTo: figures.dataTo?.iso)
        body.figures = figures.sections.flatMap { section in
            section.figures.map { f in
                BundleFigure(id: f.id, section: section.title, labelKey: f.labelIsKey ? f.label : nil, label: f.labelText(l),
                             value: f.value, unit: f.unit, target: f.target, detail: f.detail)
            }
        }
        let signature = try key.signature(for: try canonical(body))
        let file = File(body: body, signature: signature.base64EncodedString())
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(file) + Data("\n".utf8)
    }

    // MARK: Reading

    /// Reads a bundle and checks its signature; refuses anything that is not a whole, unchanged bundle.
    public static func verify(_ data: Data) throws -> ReportBundle {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch { throw BundleError.notABundle }
        let b = file.body
        guard b.format == format else { throw BundleError.notABundle }
        guard readableVersions.contains(b.formatVersion) else { throw BundleError.unsupportedVersion(b.formatVersion) }
        guard let keyData = Data(base64Encoded: b.publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
              let signature = Data(base64Encoded: file.signature),
              key.isValidSignature(signature, for: try canonical(b))
        else { throw BundleError.altered(ward: b.ward) }
        // Signed, so what follows only guards against a bundle made by something else than wardcase.
        guard let period = b.period.period else { throw BundleError.notABundle }
        return ReportBundle(ward: b.ward, province: b.province, period: period, reportVersion: b.reportVersion,
                            reportNumber: b.reportNumber, finalisedAt: b.finalisedAt, figures: b.figures,
                            publicKey: b.publicKey, signature: file.signature)
    }

    // MARK: Combining

    /// Percentages that can be recomputed from summed figures: part / whole.
    static let percentParts: [String: (part: String, whole: String)] = [
        "visits.coverage": ("visits.inspected", "est.managed"), "est.classified_share": ("est.classified", "est.managed"),
        "est.workers_health_share": ("est.workers_health_checked", "est.workers"),
        "est.workers_reached_share": ("est.workers_reached", "est.workers"),
    ]

    /// Adds up the bundles of several wards for one period (the first bundle's, or `period`).
    /// Counts and money add up; a percentage is recomputed from the summed parts where that is
    /// possible (coverage = inspected / managed) and is otherwise not available: never an average
    /// of percentages. A figure some ward does not have (not available) makes the sum not
    /// available; a breakdown line a ward leaves out (no establishments of that type) counts as 0.
    /// Only bundles signed with the key `keyring` trusts for their ward are added up.
    public static func combine(_ bundles: [Data], period: ReportPeriod? = nil, keyring: Keyring) throws -> CombinedFigures {
        let read = try bundles.map(verify)
        guard let first = read.first else { throw BundleError.noBundles }
        let expected = period ?? first.period
        var seenWards = Set<String>(), seenKeys = Set<String>()
        for b in read {
            try keyring.check(b)
            if b.period != expected { throw BundleError.otherPeriod(ward: b.ward, found: b.period.code, expected: expected.code) }
            let wardKey = Keyring.folded(b.ward) + "|" + Keyring.folded(b.province)
            if !seenWards.insert(wardKey).inserted || !seenKeys.insert(b.publicKey).inserted { throw BundleError.sameWardTwice(b.ward) }
        }
        // The trusted wards that sent nothing for the period, so that the office can ask for them.
        let silent = keyring.entries.filter { e in e.isActive && !read.contains { Keyring.same(e, ward: $0.ward, province: $0.province) } }

        // Every figure id once, in report order; a line only some wards have goes after the one before it.
        var order: [String] = []
        for b in read {
            var at = -1
            for f in b.figures {
                if let i = order.firstIndex(of: f.id) { at = i; continue }
                at += 1
                order.insert(f.id, at: at)
            }
        }
        var figures: [CombinedFigure] = order.map { id in
            let present = read.compactMap { b in b.figures.first { $0.id == id } }
            let f = present[0]
            let targets = Set(present.map(\.target))
            var c = CombinedFigure(figure: f, wards: present.count)
            // Each ward's own line, in the order of `wards`; a breakdown line it leaves out is 0.
            c.byWard = read.map { b in b.figures.first { $0.id == id }.map(\.value) ?? (f.detail ? 0 : nil) }
            c.value = nil
            c.target = targets.count == 1 ? f.target : nil
            let sameUnit = present.allSatisfy { $0.unit == f.unit }
            let complete = present.count == read.count || f.detail
            if sameUnit, complete, f.unit != .percent, present.allSatisfy({ $0.value != nil }) {
                c.value = present.reduce(0) { $0 + ($1.value ?? 0) }
            }
            return c
        }
        for i in figures.indices where figures[i].unit == .percent {
            guard let parts = percentParts[figures[i].id],
                  let part = figures.first(where: { $0.id == parts.part })?.value,
                  let whole = figures.first(where: { $0.id == parts.whole })?.value, whole > 0
            else { continue }
            figures[i].value = Formats.percent(part, of: whole)
        }
        return CombinedFigures(period: expected,
                               wards: read.map { CombinedWard(name: $0.ward, province: $0.province, reportVersion: $0.reportVersion,
                                                              reportNumber: $0.reportNumber, finalisedAt: $0.finalisedAt,
                                                              keyFingerprint: $0.keyFingerprint) },
                               figures: figures, missing: silent.map(\.place))
    }

    // MARK: Wire form

    /// Everything but the signature: what is signed.
    struct Body: Codable {
        var format: String
        var formatVersion: Int
        var ward: String
        var province: String
        var period: WirePeriod
        var reportVersion: Int
        var reportNumber: String
        var finalisedAt: String
        var figures: [BundleFigure]
        var publicKey: String
        /// The days the figures count (version 2; ISO dates).
        var dataFrom: String?
        var dataTo: String?

        enum CodingKeys: String, CodingKey {
            case format, ward, province, period, figures
            case formatVersion = "format_version", reportVersion = "report_version", reportNumber = "report_number"
            case finalisedAt = "finalised_at", publicKey = "public_key", dataFrom = "data_from", dataTo = "data_to"
        }
    }

    /// The file: the body's fields and "signature" side by side in one object.
    struct File: Codable {
        var body: Body
        var signature: String
        enum K: String, CodingKey { case signature }
        init(body: Body, signature: String) { self.body = body; self.signature = signature }
        init(from decoder: Decoder) throws {
            body = try Body(from: decoder)
            signature = try decoder.container(keyedBy: K.self).decode(String.self, forKey: .signature)
        }
        func encode(to encoder: Encoder) throws {
            try body.encode(to: encoder)
            var c = encoder.container(keyedBy: K.self)
            try c.encode(signature, forKey: .signature)
        }
    }

    /// The bytes that are signed: sorted keys, no whitespace.
    static func canonical(_ body: Body) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(body)
    }
}

/// A period as written in bundles and combined files: its code, kind and ISO first and last day.
public struct WirePeriod: Codable, Equatable, Sendable {
    public var code: String
    public var kind: String
    public var start: String
    public var end: String

    public init(_ p: ReportPeriod) { code = p.code; kind = p.kind.rawValue; start = p.start.iso; end = p.end.iso }

    /// The period, when every part agrees with the others.
    public var period: ReportPeriod? {
        guard let k = ReportKind(rawValue: kind), let a = Formats.Day(iso: start), let b = Formats.Day(iso: end), a <= b,
              a.iso == start, b.iso == end else { return nil }
        let p = ReportPeriod(kind: k, start: a, end: b)
        return p.code == code ? p : nil
    }
}

/// One ward that went into a combination.
public struct CombinedWard: Equatable, Sendable, Codable {
    public var name: String
    public var province: String
    public var reportVersion: Int
    public var reportNumber: String
    public var finalisedAt: String
    public var keyFingerprint: String

    /// "Phường Láng, Hà Nội: phiên bản 2, hoàn thành 05/11/2026, khóa ký …": the line a combined
    /// report gives each ward.
    public func line(_ l: Localizer) -> String {
        let finished = Timestamp.parse(finalisedAt).map { Formats.Day.today($0).vietnamese } ?? finalisedAt
        return l.t(.rcliCombineWard, name, province, reportVersion, finished, keyFingerprint)
    }

    enum CodingKeys: String, CodingKey {
        case name, province
        case reportVersion = "report_version", reportNumber = "report_number", finalisedAt = "finalised_at", keyFingerprint = "key_fingerprint"
    }
}

/// One summed figure: the line as the bundles have it, and how many of the wards had it.
@dynamicMemberLookup
public struct CombinedFigure: Equatable, Sendable, Encodable {
    public var figure: BundleFigure
    public var wards: Int
    /// Each ward's value, in the order of `CombinedFigures.wards`; nil = not available there.
    public var byWard: [Int64?] = []

    public subscript<T>(dynamicMember path: WritableKeyPath<BundleFigure, T>) -> T {
        get { figure[keyPath: path] }
        set { figure[keyPath: path] = newValue }
    }

    public func labelText(_ l: Localizer) -> String { figure.labelText(l) }
    public func sectionText(_ l: Localizer) -> String { figure.sectionText(l) }

    enum CodingKeys: String, CodingKey { case wards, byWard = "by_ward" }

    /// The bundle figure's fields, then `wards` and `by_ward`, in one object.
    public func encode(to encoder: Encoder) throws {
        try figure.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(wards, forKey: .wards)
        try c.encode(byWard, forKey: .byWard)
    }
}

/// The figures of several wards for one period, added up.
public struct CombinedFigures: Equatable, Sendable, Encodable {
    public var period: ReportPeriod
    public var wards: [CombinedWard]
    public var figures: [CombinedFigure]
    /// Trusted wards with no bundle among those combined ("Phường Láng, Hà Nội").
    public var missing: [String] = []

    public func value(_ id: String) -> Int64? { figures.first { $0.id == id }?.value }

    enum CodingKeys: String, CodingKey { case period, wards, figures, missing }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(WirePeriod(period), forKey: .period)
        try c.encode(wards, forKey: .wards)
        try c.encode(figures, forKey: .figures)
        try c.encode(missing, forKey: .missing)
    }
}

