import Foundation
import Imago
import Testing
import TestSupport

/// `NDArray`'s `.npy` reader and writer against files written by NumPy 2.4 (`numpy.lib.format.write_array`).
@Suite struct NpyTests {
    /// The values gen_keras.py stored: `np.arange(24).reshape(2, 3, 4)` transformed per dtype.
    static func expected(_ dtype: String) -> [Double] {
        (0..<24).map { i -> Double in
            let v = Double(i)
            switch dtype {
            case "float32": return v * 1.5
            case "float64": return v / 3.0
            case "uint8": return v * 10
            case "uint16": return v * 2000
            default: return v * -100000
            }
        }
    }

    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func readsNumpyFilesAndRefusesBadOnes() throws {
        var checked = 0
        for c in KerasFixtures.cases("npy") {
            let file = c["file"] as! String
            let path = KerasFixtures.path(file)
            if (c["expect"] as! String) == "error" {
                #expect(throws: ImageError.self, "\(file) must be refused") { _ = try NDArray(npyPath: path) }
                checked += 1
                continue
            }
            let array = try NDArray(npyPath: path)
            #expect(array.shape == c["shape"] as! [Int], "\(file)")
            #expect(array.dtype.rawValue == c["dtype"] as! String, "\(file)")
            if let dtype = c["dtype"] as? String, array.shape == [2, 3, 4] {
                #expect(array.doubles() == Self.expected(dtype), "\(file)")
                // Writing the same array gives NumPy's bytes for format 1.0.
                if c["version"] as! Int == 1 {
                    #expect(array.npyBytes() == TestPaths.bytes(path), "\(file): written bytes differ from numpy.save")
                }
            }
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func writesWhatTheIndependentReaderReads() throws {
        let array = try NDArray(shape: [3, 2], elements: [Float(1), 2, 3, 4, 5, -6.5])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("imago-npy-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try array.writeNpy(to: path)
        let read = try NpyArray(path: path)
        #expect(read.dtype == "<f4")
        #expect(read.shape == [3, 2])
        #expect(read.doubles == [1, 2, 3, 4, 5, -6.5])
        #expect(TestPaths.bytes(path).count % 64 == 24, "header padded to 64 bytes, then 24 data bytes")
    }

    /// A batch written past the page cache: numpy reads the same array (the header padded so that the elements start
    /// at byte 4096), and the elements are the bytes an ordinary write gives.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestPaths.python), "the reference venv's Python"))
    func aBatchWrittenPastThePageCacheIsWhatNumpyReads() throws {
        let count = 3 * 97 * 89 * 31
        let elements = (0..<count).map { Float($0 % 1009) * 0.25 - 7 }
        let array = try NDArray(shape: [3, 97, 89, 31], elements: elements)
        let folder = NSTemporaryDirectory() + "imago-npy-uncached-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try array.writeNpy(to: folder + "/direct.npy", durability: .atomic, bypassingPageCache: true)
        try array.writeNpy(to: folder + "/cached.npy", durability: .atomic)
        let direct = TestPaths.bytes(folder + "/direct.npy"), cached = TestPaths.bytes(folder + "/cached.npy")
        #expect(direct.count == 4096 + count * 4)
        #expect(direct.dropFirst(4096).elementsEqual(cached.dropFirst(cached.count - count * 4)))
        let script = """
            import numpy as np, sys
            a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
            expected = (np.arange(a.size) % 1009).astype(np.float32) * np.float32(0.25) - np.float32(7)
            print(a.shape, a.dtype, np.array_equal(a, b), np.array_equal(a.ravel(), expected))
            """
        let run = runToolCapturing(TestPaths.python, ["-c", script, folder + "/direct.npy", folder + "/cached.npy"])
        #expect(run?.status == 0)
        #expect(run?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "(3, 97, 89, 31) float32 True True")
    }

    @Test func hostileHeadersAreTypedErrors() {
        let prefix: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let bodies = ["", "{", "{'descr': '<f4'", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                      "{'descr': 5}", "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (), }",
                      "{'descr': '<f4', 'fortran_order': False, 'shape': (1" + String(repeating: "0", count: 40) + ",), }"]
        for body in bodies {
            let header = Array(body.utf8)
            let bytes = prefix + [UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
            #expect(throws: ImageError.self, "header \(body)") { _ = try NDArray(npyBytes: bytes) }
        }
        #expect(throws: ImageError.self) { _ = try NDArray(npyBytes: prefix + [0xFF, 0xFF]) }
    }
}
