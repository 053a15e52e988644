import Foundation

/// Finds the model `classify predict` uses when no `-m` is given.
public enum DefaultModel {
    /// Names a model file to use by default.
    public static let environmentVariable = "CLASSIFY_MODEL"
    /// The default model's file name.
    public static let fileName = "default.classify"

    /// The default model's path and how it was found, or nil. Looks, in order, at `$CLASSIFY_MODEL`,
    /// next to the executable, in `../share/classify/` beside it, and in a `Models/` folder of the
    /// executable's enclosing folders or the working directory's (the repository checkout).
    public static func locate(executablePath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String, source: String)? {
        if let path = environment[environmentVariable], !path.isEmpty {
            return (path, "$\(environmentVariable)")
        }
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        let folder = executable.deletingLastPathComponent()
        let candidates = [
            (folder.appendingPathComponent(fileName).path, "next to the executable"),
            (folder.appendingPathComponent("../share/classify/" + fileName).standardizedFileURL.path, "the installed share folder"),
        ]
        for (path, source) in candidates where FileManager.default.fileExists(atPath: path) {
            return (path, source)
        }
        for start in [folder, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var directory = start
            for _ in 0..<8 {
                let path = directory.appendingPathComponent("Models/" + fileName).path
                if FileManager.default.fileExists(atPath: path) { return (path, "the repository's Models folder") }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }
}
