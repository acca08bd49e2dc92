import Foundation
import Registry

/// What ``ImageDataset/writeShard(_:format:to:jobs:onBatch:)`` wrote.
public struct ShardWriteSummary: Sendable {
    /// The shard written.
    public var shard: Shard
    /// The single-machine batch positions the shard holds.
    public var batches: Range<Int>
    /// The files written, in order.
    public var filePaths: [String]
    /// The files that could not be read (left out, as `imago dataset` leaves them out of the `.npy` batches).
    public var skippedFiles: [SkippedFile]

    /// ``skippedFiles`` as `(path, error)` tuples, the spelling before ``SkippedFile`` existed. Kept for source
    /// compatibility; new code should use ``skippedFiles``.
    @available(*, deprecated, renamed: "skippedFiles")
    public var skipped: [(path: String, error: ImageError)] {
        get { skippedFiles.map { ($0.path, $0.error) } }
        set { skippedFiles = newValue.map { SkippedFile(path: $0.path, error: $0.error) } }
    }
}

extension ImageDataset {
    /// Writes `shard`'s batches (see ``sharded(_:)``) as one file in `format` at `path`, atomically: the file is
    /// produced under a hidden temporary name beside `path` and renamed when complete, so a process killed midway
    /// leaves no file under `path`, and writing the shard again completes the output.
    ///
    /// Unreadable files are left out and listed in the summary; the other elements keep their positions.
    /// - Parameters:
    ///   - shard: which part of the dataset to write (its index and the shard count).
    ///   - format: the container: TFRecord of `tf.train.Example`s or a WebDataset tar.
    ///   - path: the file to write; replaced atomically when it exists.
    ///   - jobs: worker threads decoding images (`nil`: one per core).
    ///   - onBatch: called after each batch is written (for progress).
    /// - Returns: what was written and which files were skipped.
    /// - Throws: `ImageError/Kind/io` when the file cannot be written, `ImageError/Kind/invalidArgument` when a
    ///   batch does not hold its planned files (a path listed twice); unreadable images are not errors.
    public func writeShard(_ shard: Shard, format: ShardFormat, to path: String, jobs: Int? = nil,
                           onBatch: (DatasetBatch) -> Void = { _ in }) throws(ImageError) -> ShardWriteSummary {
        let part = sharded(shard)
        let batches = batchRange(of: shard)
        let firstElement = elementRange(of: shard).lowerBound
        var summary = ShardWriteSummary(shard: shard, batches: batches, filePaths: [], skippedFiles: [])
        let encoder = ShardSampleEncoder(format: format)
        try FileIO.writeAtomically(to: path) { fd throws(ImageError) in
            do {
                try part.batches(jobs: jobs, skipUnreadable: true).forEach { batch in
                    let start = batch.index * (part.batchSize ?? 1)
                    let planned = Array(part.filePaths[start..<Swift.min(start + (part.batchSize ?? 1), part.count)])
                    // The batch holds the planned files minus the skipped ones, in order.
                    let skippedPaths = Set(batch.skippedFiles.map(\.path))
                    let kept = planned.indices.filter { !skippedPaths.contains(planned[$0]) }
                    guard kept.map({ planned[$0] }) == batch.filePaths else {
                        throw ImageError.invalidArgument("batch \(batch.index) does not hold its planned files (a path listed twice?)")
                    }
                    for (row, file) in batch.filePaths.enumerated() {
                        let local = start + kept[row]
                        let sample = ShardSample(
                            batch: batch, row: row, path: file, index: firstElement + local,
                            batchIndex: batches.lowerBound + batch.index, classIndex: part.labels?[local])
                        try encoder.write(sample, to: fd, path: path)
                    }
                    summary.filePaths += batch.filePaths
                    summary.skippedFiles += batch.skippedFiles
                    onBatch(batch)
                }
            } catch let error as ImageError {
                throw error
            } catch {
                throw ImageError(.io, "\(error)", file: path)
            }
            try Self.write(encoder.trailer, to: fd, path: path)
        }
        return summary
    }

    /// Writes every byte of `bytes` to `fd`.
    fileprivate static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws(ImageError) {
        var failure: ImageError?
        bytes.withUnsafeBytes { buffer in
            do throws(ImageError) { try FileIO.writeAll(fd, buffer, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

/// One element of a batch, with its place in the single-machine epoch order.
struct ShardSample {
    var batch: DatasetBatch
    var row: Int
    var path: String
    var index: Int
    var batchIndex: Int
    var classIndex: Int?

    /// The element's shape (the batch's without its first axis).
    var shape: [Int] { Array(batch.images.shape.dropFirst()) }

    /// Calls `body` with the element's bytes where the batch holds them (no copy).
    func withImageBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ImageError) -> R) throws(ImageError) -> R {
        let count = batch.images.shape.first ?? 0
        let size = count > 0 ? batch.images.byteCount / count : 0
        return try batch.images.withUnsafeBytes { (all: UnsafeRawBufferPointer) throws(ImageError) -> R in
            try body(size > 0 ? UnsafeRawBufferPointer(rebasing: all[(row * size)..<((row + 1) * size)]) : UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// The element's label row as the batch holds it: integers (`int`) or floats (`binary`, `categorical`).
    var label: TFExample.Feature? {
        guard let labels = batch.labels, labels.shape.first ?? 0 > row else { return nil }
        let width = labels.count / max(labels.shape[0], 1)
        switch labels.dtype {
        case .int32:
            return .int64s(labels.elements(as: Int32.self)[(row * width)..<((row + 1) * width)].map(Int64.init))
        case .float32:
            return .floats(Array(labels.elements(as: Float.self)[(row * width)..<((row + 1) * width)]))
        default:
            return .floats(labels.doubles()[(row * width)..<((row + 1) * width)].map(Float.init))
        }
    }
}

/// Encodes samples as TFRecord `Example`s or WebDataset tar entries.
struct ShardSampleEncoder {
    let format: ShardFormat

    /// What ends the file (tar's two zero blocks).
    var trailer: [UInt8] { format == .tar ? TarArchive.end : [] }

    /// Writes `sample` to `fd`: its encoded head, the image's bytes straight from the batch (never copied), its tail.
    func write(_ sample: ShardSample, to fd: Int32, path: String) throws(ImageError) {
        try sample.withImageBytes { (image: UnsafeRawBufferPointer) throws(ImageError) in
            let (head, tail) = try parts(sample, image: image)
            try ImageDataset.write(head, to: fd, path: path)
            if image.count > 0 { try FileIO.writeAll(fd, image, path: path) }
            try ImageDataset.write(tail, to: fd, path: path)
        }
    }

    /// What surrounds the image's bytes in the sample's encoding: for TFRecord, the record's length and CRC and the
    /// `Example` up to the `image` value, then the rest of the `Example` and the data CRC (computed over the image
    /// where it is); for tar, the `.npy` entry's header and `.npy` header, then its padding and the `.cls` and
    /// `.json` entries.
    private func parts(_ sample: ShardSample, image: UnsafeRawBufferPointer) throws(ImageError) -> (head: [UInt8], tail: [UInt8]) {
        let shape = sample.shape
        let dtype = sample.batch.images.dtype
        switch format {
        case .tfrecord:
            var features: [String: TFExample.Feature] = [
                "shape": .int64s(shape.map(Int64.init)),
                "dtype": .bytes([Array(dtype.numpyName.utf8)]),
                "path": .bytes([Array(sample.path.utf8)]),
                "index": .int64s([Int64(sample.index)]),
                "batch": .int64s([Int64(sample.batchIndex)]),
            ]
            if let classIndex = sample.classIndex, let label = sample.label {
                features["class_index"] = .int64s([Int64(classIndex)])
                features["label"] = label
            }
            let (exampleHead, exampleTail) = TFExample(features: features).serialized(withBytesFeature: "image", ofLength: image.count)
            var crc = CRC32C()
            crc.update(exampleHead)
            crc.update(image)
            crc.update(exampleTail)
            return (TFRecord.header(dataLength: exampleHead.count + image.count + exampleTail.count) + exampleHead,
                    exampleTail + TFRecord.footer(dataCRC: crc.value))
        case .tar:
            let key = Self.key(sample.index)
            let npyHeader = NpyHeader.encode(shape: shape, dtype: dtype)
            let size = npyHeader.count + image.count
            let head = try TarArchive.header(name: key + ".npy", size: size) + npyHeader
            var tail = TarArchive.padding(after: size)
            if let classIndex = sample.classIndex {
                tail += try TarArchive.entry(name: key + ".cls", contents: Array(String(classIndex).utf8))
            }
            tail += try TarArchive.entry(name: key + ".json", contents: try metadata(sample))
            return (head, tail)
        }
    }

    /// The sample's `.json`: path, index, batch and label.
    private func metadata(_ sample: ShardSample) throws(ImageError) -> [UInt8] {
        var fields: [String: Any] = ["path": sample.path, "index": sample.index, "batch": sample.batchIndex]
        switch sample.label {
        case .int64s(let values)?: fields["label"] = values.count == 1 ? Int(values[0]) as Any : values.map { Int($0) } as Any
        case .floats(let values)?: fields["label"] = values.map(Double.init)
        default: break
        }
        do {
            return [UInt8](try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            throw .invalidArgument("cannot encode the metadata of \(sample.path) as JSON: \(error)")
        }
    }

    /// The nine-digit WebDataset key of an element position.
    static func key(_ index: Int) -> String { ShardFormat.padded(index, digits: 9) }
}
