#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An error reading or writing a file, with the path and the operating system's reason.
public struct FileAccessError: Error, CustomStringConvertible, Sendable {
    /// The path that could not be read or written.
    public var path: String
    /// What went wrong, in words a user can act on.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Reading whole files as bytes, and writing files atomically.
public enum FileBytes {
    /// The most bytes `read` takes from standard input, or from a file by default: 4 GiB.
    public static let wholeFileLimit = 4 << 30
    /// Why a pipe, device or socket is refused where a file is read whole.
    static let notRegularReason = "is not a regular file (a pipe, device or socket); give the path of a file"
    /// Why an output path that names a folder, a device or a pipe is refused.
    static let notWritableReason = "is not a regular file; give the path of a file to write"

    /// Reads the whole file at `path` (or standard input for `-`) into memory. Only a regular file
    /// is read (a pipe or a device could be endless), and neither more than `limit` bytes.
    public static func read(_ path: String, limit: Int = wholeFileLimit) throws -> [UInt8] {
        if path == "-" {
            return try readAll(from: fdopen(0, "rb"), path: path, limit: limit)
        }
        let info = try regularFileInfo(path)
        let expected = Int(info.st_size)
        guard expected <= limit else {
            throw FileAccessError(path: path, reason: "is \(expected) bytes, more than the \(limit) this file may have")
        }
        guard let file = fopen(path, "rb") else {
            throw FileAccessError(path: path, reason: systemReason())
        }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: expected)
        let got = expected == 0 ? 0 : bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, expected, file) }
        if got < expected {
            if ferror(file) != 0 { throw FileAccessError(path: path, reason: systemReason()) }
            bytes.removeLast(expected - got)
        }
        return bytes
    }

    /// The first `count` bytes of the regular file at `path` (fewer when it is shorter), read
    /// without reading the rest: for checking a magic number before trusting a file's size.
    public static func readPrefix(_ path: String, count: Int) throws -> [UInt8] {
        if path == "-" { return [] }
        _ = try regularFileInfo(path)
        guard let file = fopen(path, "rb") else {
            throw FileAccessError(path: path, reason: systemReason())
        }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, file) }
        if got < count && ferror(file) != 0 { throw FileAccessError(path: path, reason: systemReason()) }
        return Array(bytes[0..<got])
    }

    /// The status of `path`, which must be a regular file.
    private static func regularFileInfo(_ path: String) throws -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FileAccessError(path: path, reason: systemReason())
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return info
        case S_IFDIR: throw FileAccessError(path: path, reason: "is a directory, expected a file")
        default: throw FileAccessError(path: path, reason: notRegularReason)
        }
    }

    private static func readAll(from file: UnsafeMutablePointer<FILE>, path: String, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, file) }
            if got <= 0 { break }
            guard bytes.count + got <= limit else {
                throw FileAccessError(path: path, reason: "holds more than the \(limit) bytes this input may have")
            }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed
    /// over the destination. A failure leaves no partial file behind.
    public static func writeAtomically(_ bytes: [UInt8], to requestedPath: String) throws {
        // Write through a symbolic link to its target, and never replace a device or a folder.
        var path = requestedPath
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
                path = String(cString: resolved)
                free(resolved)
                _ = stat(path, &info)
            }
            if (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFLNK {
                throw FileAccessError(path: requestedPath, reason: Self.notWritableReason)
            }
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileAccessError(path: path, reason: "the folder \(folder) does not exist; create it first")
        }
        removeStaleTemporaries(of: url.lastPathComponent, in: folder)
        defer { syncFolder(folder) }
        if try writeUnnamed(bytes, into: folder, thenRenameTo: path, temporaryName: url.lastPathComponent) { return }
        let temporary = temporaryPath(of: url.lastPathComponent, in: folder, pid: getpid())
        guard let file = fopen(temporary, "wb") else {
            throw FileAccessError(path: path, reason: "cannot write: \(systemReason())")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
            let reason = systemReason()
            unlink(temporary)
            throw FileAccessError(path: path, reason: "cannot write: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw FileAccessError(path: path, reason: "cannot write: \(reason)")
        }
    }

    /// The temporary name of `name` while process `pid` writes it: `.NAME.PID.tmp` beside it.
    static func temporaryPath(of name: String, in folder: String, pid: pid_t) -> String {
        folder + "/." + name + ".\(pid).tmp"
    }

    /// Removes the temporaries of `name` in `folder` left by writers that no longer run (killed
    /// between naming their file and renaming it).
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = "." + name + ".", suffix = ".tmp"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
            guard let pid = pid_t(entry.dropFirst(prefix.count).dropLast(suffix.count)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }

    /// Flushes `folder`'s entries to disk, so that a rename in it survives a crash.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Linux's flag for a file without a name in a folder (`O_TMPFILE` without `O_DIRECTORY`).
    private static let unnamedFileFlag: Int32 = 0o20000000

    /// Writes `bytes` to a file without a name in `folder` (`O_TMPFILE`), names it beside `path`
    /// and renames it over `path`, so that a process killed while writing leaves nothing behind.
    /// Returns false when the file system cannot make unnamed files.
    private static func writeUnnamed(_ bytes: [UInt8], into folder: String, thenRenameTo path: String, temporaryName: String) throws -> Bool {
        let descriptor = open(folder, unnamedFileFlag | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return false }
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                let reason = systemReason()
                close(descriptor)
                throw FileAccessError(path: path, reason: "cannot write: \(reason)")
            }
            done += wrote
        }
        guard fsync(descriptor) == 0 else {
            let reason = systemReason()
            close(descriptor)
            throw FileAccessError(path: path, reason: "cannot write: \(reason)")
        }
        let temporary = temporaryPath(of: temporaryName, in: folder, pid: getpid())
        unlink(temporary)
        let linked = linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0
        let linkError = errno
        let linkReason = systemReason()
        close(descriptor)
        guard linked else {
            if linkError == ENOENT { return false }  // no /proc: write the usual way
            throw FileAccessError(path: path, reason: "cannot write: \(linkReason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw FileAccessError(path: path, reason: "cannot write: \(reason)")
        }
        return true
    }

    static func systemReason() -> String {
        String(cString: strerror(errno)).lowercased()
    }

    /// The canonical path of an existing file (symbolic links and `..` resolved), or nil.
    public static func canonicalPath(_ path: String) -> String? {
        guard path != "-", let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Throws when `output` names something other than a regular file (a folder, a device, a pipe:
    /// `writeAtomically` would refuse it after the work) or is one of `inputs` (writing would
    /// destroy an input).
    public static func checkOutput(_ output: String, isNotOneOf inputs: [String]) throws {
        guard !output.isEmpty else { throw FileAccessError(path: "-o", reason: "is empty; give the path of the file to write") }
        var info = stat()
        if stat(output, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            throw FileAccessError(path: output, reason: Self.notWritableReason)
        }
        guard let target = canonicalPath(output) else { return }
        for input in inputs where canonicalPath(input) == target {
            throw FileAccessError(path: output, reason: "is also an input; choose another output path")
        }
    }

    /// Whether `path` names an existing regular file.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The size in bytes of the regular file at `path`, or 0 for anything else.
    public static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
    }

    /// Whether `path` is a folder.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
