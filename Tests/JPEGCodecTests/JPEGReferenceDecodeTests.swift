import Foundation
import ImageKernel
import JPEGCodec
import Testing
import TestSupport

/// jpeg-decoder's own expected decodes (PNG files beside its JPEGs, from other decoders): we agree within 2 levels.
@Suite struct JPEGReferenceDecodeTests {
    static let references: [String] = {
        let root = TestPaths.fixture("jpeg/pngref")
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".npy") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason))
    func referencesExist() {
        #expect(Self.references.count >= 30)
    }

    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason), arguments: references)
    func agreesWithPNGReference(_ path: String) throws {
        let decoded = try JPEGDecoder().decode(TestPaths.bytes(TestPaths.corpusFile(path)), options: .default).image
        let reference = try JPEGFixtures.reference("jpeg/pngref/\(path).npy")
        let ours = decoded.format == .cmyk8 ? Self.pillowCMYKToRGB(decoded.packedBytes()) : decoded.packedBytes()
        #expect(ours.count == reference.data.count, "\(path)")
        let maxDelta = zip(ours, reference.data).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(maxDelta <= 2, "\(path): max delta \(maxDelta)")
    }

    /// Pillow's CMYK -> RGB (keras-semantics §9): `R = clamp(nk - MULDIV255(C, nk))` with `nk = 255 - K`, on plain CMYK.
    static func pillowCMYKToRGB(_ cmyk: [UInt8]) -> [UInt8] {
        func muldiv255(_ a: Int, _ b: Int) -> Int {
            let t = a * b + 128
            return ((t >> 8) + t) >> 8
        }
        var rgb: [UInt8] = []
        rgb.reserveCapacity(cmyk.count / 4 * 3)
        for i in stride(from: 0, to: cmyk.count, by: 4) {
            let nk = 255 - Int(cmyk[i + 3])
            for c in 0..<3 { rgb.append(UInt8(max(0, min(255, nk - muldiv255(Int(cmyk[i + c]), nk))))) }
        }
        return rgb
    }
}
