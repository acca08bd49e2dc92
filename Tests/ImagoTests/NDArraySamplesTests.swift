import Foundation
import Imago
import Testing
import TestSupport

/// `NDArray(samplesOf:)`, the raw view `imago decode` writes, read back by numpy.
@Suite struct NDArraySamplesTests {
    static let python = TestPaths.packageRoot + "/.venv/bin/python"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "no .venv for numpy"),
          arguments: [PixelFormat.rgba16, .cmyk8, .grayAlphaF32])
    func numpyReadsTheStoredSamples(_ format: PixelFormat) throws {
        let (width, height, channels) = (7, 5, format.channelCount)
        var image = try ImageBuffer(width: width, height: height, format: format)
        // Sample (y, x, c) = (y * 131 + x * 17 + c * 3) % 251, in every sample type.
        for y in 0..<height {
            image.withUnsafeMutableRow(y) { row in
                for x in 0..<width {
                    for c in 0..<channels {
                        let v = (y * 131 + x * 17 + c * 3) % 251, i = x * channels + c
                        switch format.sampleType {
                        case .uint8: row.storeBytes(of: UInt8(v), toByteOffset: i, as: UInt8.self)
                        case .uint16: row.storeBytes(of: UInt16(v * 257), toByteOffset: 2 * i, as: UInt16.self)
                        case .float32: row.storeBytes(of: Float(v) / 250, toByteOffset: 4 * i, as: Float.self)
                        }
                    }
                }
            }
        }
        let path = temporaryPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try NDArray(samplesOf: image).writeNpy(to: path)
        let scale = format.sampleType == .uint16 ? "* 257" : format.sampleType == .float32 ? "/ numpy.float32(250)" : ""
        let script = """
            import numpy
            a = numpy.load('\(path)')
            y, x, c = numpy.indices(a.shape)
            e = ((y * 131 + x * 17 + c * 3) % 251).astype(a.dtype) \(scale)
            print(a.dtype, a.shape, bool((a == e.astype(a.dtype)).all()))
            """
        let result = try #require(runToolCapturing(Self.python, ["-c", script]))
        let dtype = ["uint8": "uint8", "uint16": "uint16", "float32": "float32"][format.sampleType.rawValue]!
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(dtype) (\(height), \(width), \(channels)) True")
    }
}
