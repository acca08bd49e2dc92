import Foundation
import Imago
import Testing
import TestSupport

/// Many tasks decoding and encoding at once get exactly the serial results: the codecs share no mutable state
/// and each C handle carries its own error handler. Run under ThreadSanitizer by `make sanitize`.
@Suite struct ConcurrencyTests {
    /// One image per codec and pixel format the encoder takes, with structured (not constant) pixels.
    static func sources() throws -> [(FormatID, ImageBuffer)] {
        func image(_ width: Int, _ height: Int, _ format: PixelFormat, seed: Int) throws -> ImageBuffer {
            let count = width * height * format.bytesPerPixel
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31 &+ $0 / 97 &* 7 &+ seed) % 251) }
            return try ImageBuffer(width: width, height: height, format: format, bytes: bytes)
        }
        var out: [(FormatID, ImageBuffer)] = []
        for (index, format) in [PixelFormat.gray8, .rgb8, .rgba8].enumerated() {
            for id in [FormatID.png, .jpeg, .tiff, .webp, "pnm"] {
                if id == .jpeg && format == .rgba8 { continue }
                if id == "pnm" && format == .rgba8 { continue }
                out.append((id, try image(37 + index * 11, 29 + index * 5, format, seed: index)))
            }
        }
        out.append((.png, try image(33, 17, .rgb16, seed: 9)))
        out.append((.tiff, try image(21, 19, .rgb16, seed: 5)))
        return out
    }

    /// What one job produces: encoded bytes and the decode of them.
    struct Outcome: Equatable, Sendable {
        var encoded: [UInt8]
        var decoded: ImageBuffer
        var metadataFormat: PixelFormat
    }

    static func run(_ id: FormatID, _ image: ImageBuffer) throws -> Outcome {
        let encoded = try FormatRegistry.standard.encode(image, as: id)
        let decoded = try FormatRegistry.standard.decode(encoded)
        return Outcome(encoded: encoded, decoded: decoded.image, metadataFormat: decoded.metadata.pixelFormat)
    }

    @Test func concurrentEncodeAndDecodeEqualSerial() async throws {
        let jobs = try Self.sources()
        let serial = try jobs.map { try Self.run($0.0, $0.1) }
        let rounds = 12  // 12 x 15 jobs = 180 encodes and 180 decodes in flight over the cooperative pool
        let results = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for round in 0..<rounds {
                for (index, job) in jobs.enumerated() {
                    let (id, image) = job
                    group.addTask { (index, try Self.run(id, image)) }
                    _ = round
                }
            }
            var collected: [(Int, Outcome)] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == rounds * jobs.count)
        for (index, outcome) in results {
            #expect(outcome == serial[index], "job \(index) (\(jobs[index].0)) differs from its serial result")
        }
    }

    /// Files of every format in the shared corpus, good and broken: the same answer (pixels or error) from any task.
    static let corpusFiles: [String] = {
        let byFormat = Dictionary(grouping: CorpusManifest.entries, by: \.format)
        return ["png", "jpeg", "tiff", "webp"].flatMap { format in
            (byFormat[format] ?? []).sorted { $0.path < $1.path }.enumerated()
                .filter { $0.offset % 8 == 0 }.prefix(40).map(\.element.absolutePath)
        }
    }()

    enum Answer: Equatable, Sendable {
        case pixels(ImageBuffer)
        case error(ImageError.Kind)
    }

    static func answer(_ bytes: [UInt8]) -> Answer {
        do { return .pixels(try FormatRegistry.standard.decode(bytes).image) }
        catch let error as ImageError { return .error(error.kind) }
        catch { return .error(.io) }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    func concurrentCorpusDecodesEqualSerial() async throws {
        let files = Self.corpusFiles.map { TestPaths.bytes($0) }
        let serial = files.map(Self.answer)
        let answers = await withTaskGroup(of: (Int, Answer).self) { group in
            for _ in 0..<2 {
                for (index, bytes) in files.enumerated() { group.addTask { (index, Self.answer(bytes)) } }
            }
            var collected: [(Int, Answer)] = []
            for await answer in group { collected.append(answer) }
            return collected
        }
        #expect(answers.count == files.count * 2 && files.count > 100)
        for (index, answer) in answers {
            #expect(answer == serial[index], "\(Self.corpusFiles[index]) differs from its serial decode")
        }
    }
}
