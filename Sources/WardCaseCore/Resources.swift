import Foundation

/// Finds the Resources folder (string tables, demo data) from any working directory:
/// installed under PREFIX/share/wardcase beside PREFIX/bin, or the source tree during development.
public enum ResourceLocator {
    public static let marker = "strings/vi.json"

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        var candidates: [URL] = []
        if let env = environment["WARDCASE_RESOURCES"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        let exe = executableURL()
        let binDir = exe.deletingLastPathComponent()
        candidates.append(binDir.deletingLastPathComponent().appendingPathComponent("share/wardcase"))
        // Development builds live in <repo>/.build/<config>/: walk up to the repository.
        var dir = binDir
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Resources"))
            dir = dir.deletingLastPathComponent()
        }
        let fm = FileManager.default
        for c in candidates where fm.fileExists(atPath: c.appendingPathComponent(marker).path) {
            return c
        }
        throw WardError.resourcesMissing(searched: candidates.map(\.path))
    }

    static func executableURL() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }
}

/// Where data lives by default: $XDG_DATA_HOME/wardcase (~/.local/share/wardcase).
public enum DataPaths {
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/wardcase"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/wardcase"
    }

    public static func wardDatabase(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/ward.sqlite"
    }

    public static func demoDatabase(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/demo.sqlite"
    }
}
