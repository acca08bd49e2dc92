import Foundation
import Imago
import Testing
import TestSupport

/// The other spellings of `loadImage`: bytes instead of a path, and the tutorial-era `grayscale: true`.
@Suite struct LoadImageSpellingTests {
    static let ppm = KerasFixtures.path("files/rgb.ppm")

    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func bytesGiveTheSameImageAsThePath() throws {
        let fromPath = try loadImage(Self.ppm)
        let fromBytes = try loadImage(data: TestPaths.bytes(Self.ppm))
        #expect(fromPath.buffer == fromBytes.buffer)
        #expect(fromBytes.sourceFormat == .pnm && fromBytes.formatName == "PPM" && fromBytes.mode == .rgb)
    }

    @available(*, deprecated)
    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func grayscaleAliasIsColorModeGrayscale() throws {
        let alias = try loadImage(Self.ppm, grayscale: true)
        let keras = try NpyArray(path: KerasFixtures.path("load/rgb.ppm__grayscale__none__nearest.npy"))
        #expect(alias.mode == .l)
        #expect(KerasFixtures.maxAbsDiff(try imageToArray(alias), keras) == 0)
    }

    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func errorsNameTheFile() {
        let path = KerasFixtures.path("files/text.jpg")
        do {
            _ = try loadImage(path)
            Issue.record("text.jpg loaded")
        } catch let error as ImageError {
            #expect(error.kind == .unknownFormat && error.file == path)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
