import Foundation
import Imago
import Testing
import TestSupport

/// `preprocessInput` against Keras 3.15.1's `preprocess_input` (numpy backend), bit for bit, on the arrays and
/// pictures of `scripts/fixtures/gen_preprocess.py`: every `imagenet_utils` mode and every `keras.applications`
/// module, float32 and float64, channels last and first, single images and batches, integer inputs.
@Suite struct PreprocessInputTests {
    static let area = "preprocess"
    static let available = FileManager.default.fileExists(atPath: TestPaths.fixture("\(area)/manifest.json"))
    static let missingReason: Comment = "preprocess fixtures missing at \(TestPaths.fixture(area)): run `make fixtures`"

    /// The manifest's case lists (`arrays`, `images`).
    static func cases(_ key: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("\(area)/manifest.json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?[key] as? [[String: Any]] ?? []
    }

    /// Applies a manifest family: an `imagenet_utils` mode or a `keras.applications` module name.
    static func preprocess(_ x: NDArray, family: String, dataFormat: DataFormat) throws -> NDArray {
        if let mode = PreprocessMode(rawValue: family) { return try preprocessInput(x, mode: mode, dataFormat: dataFormat) }
        let application = try #require(KerasApplication(rawValue: family), "unknown family \(family)")
        return try preprocessInput(x, for: application, dataFormat: dataFormat)
    }

    /// Nil when `ours` has Keras's dtype, shape and bytes; otherwise what differs.
    static func difference(_ ours: NDArray, _ keras: NpyArray) -> String? {
        let descriptor = ["float32": "<f4", "float64": "<f8", "uint8": "|u1", "uint16": "<u2", "int32": "<i4"][ours.dtype.rawValue]
        guard descriptor == keras.dtype else { return "dtype \(ours.dtype), Keras \(keras.dtype)" }
        guard ours.shape == keras.shape else { return "shape \(ours.shape), Keras \(keras.shape)" }
        let differing = ours.withUnsafeBytes { bytes in zip(bytes, keras.data).filter { $0 != $1 }.count }
        return differing == 0 ? nil : "\(differing) bytes differ"
    }

    /// Mismatch descriptions of `cases`, each preprocessed from the array `input` gives for it.
    static func mismatches(_ cases: [[String: Any]], input: ([String: Any], DataFormat) throws -> NDArray) throws -> [String] {
        var mismatches: [String] = []
        for c in cases {
            let dataFormat = try #require(DataFormat(rawValue: c["data_format"] as! String))
            let ours = try preprocess(try input(c, dataFormat), family: c["family"] as! String, dataFormat: dataFormat)
            let keras = try NpyArray(path: TestPaths.fixture("\(area)/\(c["output"] as! String)"))
            if let difference = difference(ours, keras) { mismatches.append("\(c["id"] as! String): \(difference)") }
        }
        return mismatches
    }

    @Test(.enabled(if: available, missingReason))
    func randomArraysMatchKerasBitForBit() throws {
        let cases = try Self.cases("arrays")
        #expect(cases.count >= 15 * 19, "expected every input x family, got \(cases.count)")
        let mismatches = try Self.mismatches(cases) { c, _ in
            try NDArray(npyPath: TestPaths.fixture("\(Self.area)/\(c["input"] as! String)"))
        }
        print("preprocess_input on random arrays: \(cases.count - mismatches.count)/\(cases.count) identical to Keras")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test(.enabled(if: available, missingReason))
    func loadedImagesMatchKerasBitForBit() throws {
        let cases = try Self.cases("images")
        #expect(!cases.isEmpty)
        let mismatches = try Self.mismatches(cases) { c, dataFormat in
            let dtype = try #require(NDArray.DType(rawValue: c["dtype"] as! String))
            let image = try loadImage(TestPaths.fixture("\(Self.area)/\(c["file"] as! String)"))
            return try imageToArray(image, dataFormat: dataFormat, dtype: dtype)
        }
        print("preprocess_input on loaded images: \(cases.count - mismatches.count)/\(cases.count) identical to Keras")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test(.enabled(if: available, missingReason))
    func everyModeAndApplicationIsChecked() throws {
        let families = Set(try Self.cases("arrays").map { $0["family"] as! String })
        let ours = Set(PreprocessMode.allCases.map(\.rawValue) + KerasApplication.allCases.map(\.rawValue))
        #expect(families == ours, "Keras-checked families \(families.sorted()), Imago's \(ours.sorted())")
    }

    @Test func fewerThanThreeChannelsIsAnInvalidArgument() throws {
        let gray = try NDArray(shape: [4, 4, 1], elements: [Float](repeating: 7, count: 16))
        for mode in [PreprocessMode.caffe, .torch] {
            #expect(throws: ImageError.self) { try preprocessInput(gray, mode: mode) }
            do {
                _ = try preprocessInput(gray, mode: mode)
            } catch {
                #expect(error.kind == .invalidArgument)
            }
        }
        #expect(throws: ImageError.self) { try preprocessInput(try NDArray(shape: [3, 4], dtype: .float32), mode: .caffe, dataFormat: .channelsFirst) }
        // tf is element-wise: any shape, including one channel.
        let scaled = try preprocessInput(gray, mode: .tf)
        #expect(scaled.elements(as: Float.self).allSatisfy { $0 == Float(7) / Float(127.5) - 1 })
        // Identity families keep the array, dtype included.
        let bytes = try NDArray(shape: [2, 2, 3], elements: [UInt8](repeating: 200, count: 12))
        #expect(try preprocessInput(bytes, for: .efficientnet) == bytes)
    }
}
