import Foundation

// libFuzzer's entry point for ClassifyKit's `FuzzTargets`, compiled together with ClassifyKit's
// sources by `Scripts/fuzz` (the target named by CLASSIFY_FUZZ_TARGET).

/// The target this process fuzzes.
let fuzzTarget: String = {
    let name = ProcessInfo.processInfo.environment["CLASSIFY_FUZZ_TARGET"] ?? ""
    guard FuzzTargets.names.contains(name) else {
        FileHandle.standardError.write(Data("CLASSIFY_FUZZ_TARGET must be one of \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return name
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTargets.run(fuzzTarget, bytes)
    return 0
}
