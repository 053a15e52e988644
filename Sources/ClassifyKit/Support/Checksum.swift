/// A fast 64-bit checksum (FNV-1a over 8-byte little-endian words, then the tail bytes) used to
/// detect corrupted or truncated model files. Not cryptographic.
public enum Checksum {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The checksum of `bytes`.
    public static func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = offsetBasis
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            hash = (hash ^ word) &* prime
            hash ^= hash >> 29
            i += 8
        }
        while i < count {
            hash = (hash ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        return hash
    }

    /// `fnv1a64` of a sequence of 8-byte words fed one at a time: after `add`ing words w₁…wₙ,
    /// `value` is the checksum of their little-endian bytes.
    public struct Running: Sendable {
        public private(set) var value = Checksum.offsetBasis

        public init() {}

        public mutating func add(_ word: UInt64) {
            value = (value ^ word) &* Checksum.prime
            value ^= value >> 29
        }
    }

    /// The checksum as 16 lowercase hexadecimal digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
