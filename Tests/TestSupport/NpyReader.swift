import Foundation

/// A minimal, independent reader of NumPy `.npy` files (format 1.0/2.0/3.0, C order), for reference arrays
/// written by the project's Python scripts. Deliberately separate from Imago's own `.npy` code, so that tests
/// do not check that code against itself.
public struct NpyArray: Sendable {
    /// The dtype descriptor, e.g. `|u1`, `<u2`, `<f4`.
    public var dtype: String
    /// The shape.
    public var shape: [Int]
    /// The raw little-endian element bytes.
    public var data: [UInt8]

    /// Reads the file at `path`.
    public init(path: String) throws {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw NSError(domain: "npy", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot read \(path)"])
        }
        let bytes = [UInt8](d)
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw NSError(domain: "npy", code: 2, userInfo: [NSLocalizedDescriptionKey: "not an npy file: \(path)"])
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        func field(_ key: String) -> String {
            guard let r = header.range(of: "'\(key)':") else { return "" }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        let descr = field("descr")
        dtype = String(descr.dropFirst().prefix { $0 != "'" })
        let shapeText = field("shape")
        let inner = shapeText.dropFirst().prefix { $0 != ")" }
        shape = inner.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !field("fortran_order").hasPrefix("True") else {
            throw NSError(domain: "npy", code: 3, userInfo: [NSLocalizedDescriptionKey: "fortran order not supported: \(path)"])
        }
        data = Array(bytes[(headerStart + headerLength)...])
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Elements as Doubles, whatever the dtype.
    public var doubles: [Double] {
        data.withUnsafeBytes { raw -> [Double] in
            switch dtype {
            case "|u1", "<u1": return raw.map { Double($0) }
            case "|b1": return raw.map { Double($0) }
            case "<u2": return (0..<count).map { Double(raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) }
            case "<i4": return (0..<count).map { Double(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
            case "<i8": return (0..<count).map { Double(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            case "<f4": return (0..<count).map { Double(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self)) }
            case "<f8": return (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) }
            default: fatalError("unsupported dtype \(dtype)")
            }
        }
    }
}
