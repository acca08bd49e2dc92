import Foundation
@testable import Imago
import Testing
import TestSupport

/// `LoadOptions.applyOrientation` against Pillow's `ImageOps.exif_transpose` (and Keras's resize after it), computed
/// by `gen_orientation.py` at fixture time; the corpus's orientation JPEGs are included when the corpus is present.
@Suite struct OrientationTests {
    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func uprightPixelsEqualPillowsExifTranspose() throws {
        if !TestPaths.corpusAvailable {
            print("OrientationTests: SKIPPING the corpus's orientation JPEGs: corpus missing at \(TestPaths.corpus)")
        }
        #expect(OrientationFixtures.cases.count >= 61)
        var failures: [String] = []
        for item in OrientationFixtures.cases {
            let image = try loadImage(item.file, options: .upright)
            let reference = try NpyArray(path: OrientationFixtures.path(item.name + ".npy"))
            if let mismatch = reference.mismatch(image.buffer) { failures.append("\(item.name): \(mismatch)") }
        }
        #expect(failures.isEmpty, "\(failures.count) files differ from exif_transpose: \(failures.prefix(10))")
    }

    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func orientationComesBeforeKerasResize() throws {
        var failures: [String] = []
        for item in OrientationFixtures.cases {
            let image = try loadImage(item.file, targetSize: ImageSize(height: item.target[0], width: item.target[1]), interpolation: .bilinear,
                                      options: .upright)
            let reference = try NpyArray(path: OrientationFixtures.path(item.name + ".resized.npy"))
            let difference = KerasFixtures.maxAbsDiff(try imageToArray(image), reference)
            if difference != 0 { failures.append("\(item.name): max difference \(String(describing: difference))") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func metadataSaysUprightAfterwards() throws {
        for item in OrientationFixtures.cases where item.name.hasPrefix("jpeg-le-short-") || item.name.hasPrefix("png-xmp-attr-") {
            let image = try loadImage(item.file, options: .upright)
            let metadata = try #require(image.metadata)
            #expect(metadata.orientation == .topLeft, "\(item.name)")
            #expect(Exif.orientationValue(exif: metadata.exif, xmp: metadata.xmp) == 1, "\(item.name)")
            #expect((metadata.width, metadata.height) == (image.width, image.height), "\(item.name)")
        }
    }

    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func defaultLoadStaysKerasExact() throws {
        // Keras ignores EXIF orientation: every JPEG of a set loads with the stored pixels.
        let cases = OrientationFixtures.cases.filter { $0.name.hasPrefix("jpeg-le-short-") }
        let first = try loadImage(try #require(cases.first).file)
        for item in cases.dropFirst() {
            #expect(try loadImage(item.file).buffer.packedBytes() == first.buffer.packedBytes(), "\(item.name)")
        }
    }

    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func shrinkOnLoadMeetsTheTargetAfterTurning() throws {
        // A 23x17 image turned by 6 is 17x23; a 20x15 (h x w) target must still be met by the shrunk decode.
        let item = try #require(OrientationFixtures.cases.first { $0.name == "jpeg-le-short-6" })
        let image = try loadImage(item.file, targetSize: ImageSize(height: 20, width: 15), interpolation: .bilinear,
                                  options: LoadOptions(shrinkOnLoad: true, applyOrientation: true))
        #expect((image.height, image.width) == (20, 15))
    }

    @Test(.enabled(if: OrientationFixtures.available, OrientationFixtures.missingReason))
    func datasetTurnsImagesUprightBeforeResizing() throws {
        // Generated files are 23x17 (w x h) stored; orientation 6 makes them 17 wide, 23 high. At imageSize (23, 17)
        // the load_img path does not resize, so the element is exactly exif_transpose's pixels.
        let item = try #require(OrientationFixtures.cases.first { $0.name == "png-6" })
        let directory = NSTemporaryDirectory() + "imago-orient-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/a", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: item.file, toPath: directory + "/a/x.png")
        let dataset = try imageDatasetFromDirectory(directory, labelMode: .none, batchSize: nil, imageSize: (23, 17),
                                                    shuffle: false, pixelPath: .loadImg, applyOrientation: true)
        let element = try dataset.image(at: 0)
        #expect(element.shape == [23, 17, 3])
        let reference = try NpyArray(path: OrientationFixtures.path(item.name + ".npy"))
        #expect(KerasFixtures.maxAbsDiff(element, reference) == 0)
        let sideways = try imageDatasetFromDirectory(directory, labelMode: .none, batchSize: nil, imageSize: (23, 17),
                                                     shuffle: false, pixelPath: .loadImg)
        #expect(KerasFixtures.maxAbsDiff(try sideways.image(at: 0), reference) != 0)
    }
}
