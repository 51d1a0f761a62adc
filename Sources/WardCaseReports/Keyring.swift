import Foundation
import WardCaseCore

/// The wards a receiving office (city, province) trusts to sign report bundles: for each ward,
/// the fingerprint of its signing key as the ward read it out over the phone or sent it on
/// paper (`wardcase report key`). `report combine` adds up a bundle only when its key is the one
/// trusted for its ward, so that a figure changed and signed again under another key is refused.
/// The keyring is a small JSON file of the office that combines; it needs no ward database.
public struct Keyring: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var ward: String
        /// Empty: the ward of that name in any province.
        public var province: String
        /// As `Keyring.fingerprint` writes it: XXXX-XXXX-… (32 hex digits).
        public var fingerprint: String
        public var trustedAt: String
        public var revokedAt: String?

        public var isActive: Bool { revokedAt == nil }
        /// The ward as a person reads it: "Phường Láng, Hà Nội".
        public var place: String { province.isEmpty ? ward : ward + ", " + province }

        enum CodingKeys: String, CodingKey {
            case ward, province, fingerprint
            case trustedAt = "trusted_at", revokedAt = "revoked_at"
        }
    }

    public static let format = "wardcase-keyring"
    public var format = Keyring.format
    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    /// A fingerprint as typed or read out (any case, spaces or dashes, groups of four), in the one
    /// form it is kept and shown in; nil when it is not 32 hex digits.
    public static func fingerprint(typed: String) -> String? {
        let hex = typed.uppercased().filter { !" -:\t".contains($0) }
        guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
        return grouped(hex)
    }

    static func grouped(_ hex: String) -> String {
        stride(from: 0, to: hex.count, by: 4).map { i in
            String(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: min(i + 4, hex.count))])
        }.joined(separator: "-")
    }

    /// A ward's name or province as compared.
    public static func folded(_ s: String) -> String { WardIdentity.comparable(s) }

    static func same(_ e: Entry, ward: String, province: String) -> Bool {
        folded(e.ward) == folded(ward) && (e.province.isEmpty || province.isEmpty || folded(e.province) == folded(province))
    }

    /// The active entries for a ward.
    public func trusted(ward: String, province: String) -> [Entry] {
        entries.filter { $0.isActive && Self.same($0, ward: ward, province: province) }
    }

    /// Trusts a ward's key. A ward keeps one key at a time: trusting a new one for a ward that
    /// already has another is refused until the old one is revoked (after a phone call, not by habit).
    @discardableResult
    public mutating func trust(ward: String, province: String, fingerprint typed: String, at now: Date) throws -> Entry {
        func tidy(_ s: String) -> String { VietText.clean(s).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let ward = tidy(ward), province = tidy(province)
        guard !ward.isEmpty else { throw KeyringError.wardNeeded }
        guard let fp = Self.fingerprint(typed: typed) else { throw KeyringError.badFingerprint(typed) }
        let current = trusted(ward: ward, province: province)
        if let same = current.first(where: { $0.fingerprint == fp }) { return same }
        if let other = current.first { throw KeyringError.otherKeyTrusted(ward: other.place, fingerprint: other.fingerprint) }
        let entry = Entry(ward: ward, province: province, fingerprint: fp, trustedAt: Timestamp.string(now), revokedAt: nil)
        entries.append(entry)
        return entry
    }

    /// Stops trusting a ward's key (or the one given); returns what was revoked.
    @discardableResult
    public mutating func revoke(ward: String, province: String, fingerprint typed: String?, at now: Date) throws -> [Entry] {
        let fp = try typed.map { t in try Self.fingerprint(typed: t) ?? { throw KeyringError.badFingerprint(t) }() }
        var revoked: [Entry] = []
        for i in entries.indices where entries[i].isActive && Self.same(entries[i], ward: ward, province: province)
            && (fp == nil || entries[i].fingerprint == fp) {
            entries[i].revokedAt = Timestamp.string(now)
            revoked.append(entries[i])
        }
        if revoked.isEmpty { throw KeyringError.notTrusted(ward) }
        return revoked
    }

    /// Refuses a bundle whose key is not the one trusted for its ward, naming the ward and the key.
    public func check(_ b: ReportBundle) throws {
        let fp = b.keyFingerprint
        let current = trusted(ward: b.ward, province: b.province)
        if current.contains(where: { $0.fingerprint == fp }) { return }
        if let other = current.first { throw BundleError.newKey(ward: b.ward, fingerprint: fp, trusted: other.fingerprint) }
        if entries.contains(where: { !$0.isActive && $0.fingerprint == fp }) { throw BundleError.revokedKey(ward: b.ward, fingerprint: fp) }
        throw BundleError.untrustedKey(ward: b.ward, fingerprint: fp)
    }

    // MARK: The file

    /// Reads a keyring file; a file not there yet is an empty keyring.
    public static func load(path: String) throws -> Keyring {
        guard FileManager.default.fileExists(atPath: path) else { return Keyring() }
        guard let data = FileManager.default.contents(atPath: path),
              let ring = try? JSONDecoder().decode(Keyring.self, from: data), ring.format == format
        else { throw KeyringError.unreadable(path) }
        return ring
    }

    public func data() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self) + Data("\n".utf8)
    }

    /// Where the office's keyring is kept unless --keyring or WARDCASE_KEYRING says otherwise.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["WARDCASE_KEYRING"], !path.isEmpty { return path }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/wardcase/trusted-wards.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/wardcase/trusted-wards.json"
    }
}

public enum KeyringError: Error, Equatable, Sendable {
    case wardNeeded
    case badFingerprint(String)
    case otherKeyTrusted(ward: String, fingerprint: String)
    case notTrusted(String)
    case unreadable(String)

    public func message(_ l: Localizer) -> String {
        switch self {
        case .wardNeeded: l.t(.keyringWardNeeded)
        case .badFingerprint(let typed): l.t(.keyringBadFingerprint, typed)
        case .otherKeyTrusted(let ward, let fp): l.t(.keyringOtherKey, ward, fp)
        case .notTrusted(let ward): l.t(.keyringNotTrusted, ward)
        case .unreadable(let path): l.t(.keyringUnreadable, path)
        }
    }
}
