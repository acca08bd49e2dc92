import Foundation
@testable import Imago
import Testing
import TestSupport

/// The shard writers against published vectors and the real readers, run at test time: CRC-32C (RFC 3720 and
/// the "123456789" check value), TFRecord framing and `tf.train.Example` (TensorFlow 2.21's writer, reader and
/// protobuf), and ustar (Python's `tarfile`).
struct ShardWriterTests {
    @Test func crc32cMatchesPublishedVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720, appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        // Incremental updates, across the 8-byte slicing boundary, equal one pass.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        var crc = CRC32C()
        for cut in stride(from: 0, to: bytes.count, by: 13) { crc.update(Array(bytes[cut..<min(cut + 13, bytes.count)])) }
        #expect(crc.value == CRC32C.checksum(bytes))
    }

    /// The crc32-instruction path and the table path both equal a bit-at-a-time CRC-32C, for every length around the
    /// 8-byte word and at every alignment.
    @Test func crc32cInstructionAndTablesEqualTheBitwiseDefinition() {
        func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return ~crc
        }
        var random = SeededRandom(seed: 3)
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        for start in 0..<8 {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 300 - start] {
                let slice = bytes[start..<(start + length)]
                let expected = bitwise(slice)
                #expect(CRC32C.checksum(slice) == expected, "\(start)+\(length)")
                #expect(CRC32C.portableChecksum(Array(slice)) == expected, "\(start)+\(length)")
            }
        }
    }

    @Test func tfrecordReaderRefusesTruncatedAndHostileBytesWithTypedErrors() throws {
        let framed = Self.payloads().flatMap(TFRecord.frame)
        #expect(try TFRecord.records(in: framed) == Self.payloads())
        for cut in [1, 11, 12, 15, 16 + 12, framed.count - 1] {
            #expect(throws: ImageError.self, "cut at \(cut)") { try TFRecord.records(in: Array(framed[..<cut])) }
        }
        // A length field claiming 2^63 bytes, with a valid CRC, is refused before anything is allocated.
        let huge = withUnsafeBytes(of: (UInt64(1) << 63).littleEndian, Array.init)
        let hostile = huge + withUnsafeBytes(of: CRC32C.mask(CRC32C.checksum(huge)).littleEndian, Array.init) + [0, 0, 0, 0]
        #expect(throws: ImageError.self) { try TFRecord.records(in: hostile) }
        var random = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? TFRecord.records(in: bytes)
        }
    }

    /// The shard writer's split encoding (head, the value where it is, tail) is the whole message byte for byte, for a
    /// value name sorting first, in the middle and last, and values whose lengths take one, two and three varint bytes.
    @Test func exampleSplitAroundABytesValueIsTheWholeMessage() {
        var random = SeededRandom(seed: 5)
        for length in [0, 1, 127, 128, 300, 20_000] {
            let value = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            for name in ["a", "image", "zz"] {
                var whole = Self.example()
                whole.features[name] = .bytes([value])
                var rest = Self.example()
                rest.features[name] = nil
                let (head, tail) = rest.serialized(withBytesFeature: name, ofLength: length)
                #expect(head + value + tail == whole.serialized(), "\(name), \(length) bytes")
                let data = head + value + tail
                #expect(TFRecord.header(dataLength: data.count) + data + TFRecord.footer(dataCRC: CRC32C.checksum(data)) == TFRecord.frame(data))
            }
        }
    }

    /// Payloads of every framing size class, and an Example with every feature kind.
    static func payloads() -> [[UInt8]] {
        var random = SeededRandom(seed: 17)
        return [[], [0x61], (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }, Self.example().serialized()]
    }

    static func example() -> TFExample {
        TFExample(features: [
            "image": .bytes([[1, 2, 3, 0, 255], []]),
            "shape": .int64s([2, 3, 4]),
            "negative": .int64s([-1, Int64.min, Int64.max, 0, 300]),
            "floats": .floats([0, 1.5, -2.25, .greatestFiniteMagnitude]),
            "empty": .floats([]),
            "path": .bytes([Array("a/ü b.png".utf8)]),
        ])
    }

    static let tensorflowAvailable = PythonReference.available("tensorflow")

    @Test(.enabled(if: tensorflowAvailable, "TensorFlow not importable from \(PythonReference.python)"))
    func tfrecordsAreTensorFlowsBytesAndItsReaderChecksTheCRC() throws {
        let ours = temporaryPath(".tfrecord"), theirs = temporaryPath(".tfrecord"), flipped = temporaryPath(".tfrecord")
        defer { for p in [ours, theirs, flipped] { try? FileManager.default.removeItem(atPath: p) } }
        let payloads = Self.payloads()
        try FileIO.writeAtomically(payloads.flatMap(TFRecord.frame), to: ours)
        var corrupt = try FileIO.read(ours)
        corrupt[16 + 17 + 12 + 500] ^= 0x01  // a data byte of the third record (records 0 and 1 take 16 and 17 bytes)
        try FileIO.writeAtomically(corrupt, to: flipped)

        struct Report: Decodable { var read: [[UInt8]]; var flipped_error: String; var example: [String: [String]]; var reserialized: [UInt8] }
        let script = #"""
import json, sys, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import tensorflow as tf
ours, theirs, flipped, payload_hex = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
payloads = [bytes.fromhex(h) for h in payload_hex]
with tf.io.TFRecordWriter(theirs) as w:
    for p in payloads: w.write(p)
read = [list(r.numpy()) for r in tf.data.TFRecordDataset(ours)]
try:
    for _ in tf.data.TFRecordDataset(flipped): pass
    err = ""
except tf.errors.DataLossError as e:
    err = "DataLossError: " + str(e).splitlines()[0]
ex = tf.train.Example.FromString(bytes(read[-1]))
desc = {}
for k, f in ex.features.feature.items():
    kind = f.WhichOneof("kind")
    vals = getattr(f, kind).value if kind else []
    desc[k] = [kind or ""] + [v.hex() if isinstance(v, bytes) else repr(v) for v in vals]
print(json.dumps({"read": read, "flipped_error": err, "example": desc,
                  "reserialized": list(ex.SerializeToString(deterministic=True))}))
"""#
        let report = try PythonReference.run(script, [ours, theirs, flipped] + payloads.map { $0.map { String(format: "%02x", $0) }.joined() }, as: Report.self)
        #expect(report.read == payloads, "TensorFlow's reader gives back every record")
        #expect(try FileIO.read(theirs) == FileIO.read(ours), "byte for byte what tf.io.TFRecordWriter writes")
        #expect(report.flipped_error.hasPrefix("DataLossError"), "a flipped byte fails TensorFlow's CRC check: \(report.flipped_error)")
        #expect(throws: ImageError.self) { try TFRecord.records(in: corrupt) }
        #expect(try TFRecord.records(in: FileIO.read(ours)) == payloads)
        #expect(report.reserialized == Self.example().serialized(), "protobuf's deterministic serialization")
        #expect(report.example["shape"] == ["int64_list", "2", "3", "4"])
        #expect(report.example["negative"] == ["int64_list", "-1", "-9223372036854775808", "9223372036854775807", "0", "300"])
        #expect(report.example["floats"]?.first == "float_list" && report.example["floats"]?[2] == "1.5")
        #expect(report.example["image"] == ["bytes_list", "01020300ff", ""])
        #expect(report.example["path"] == ["bytes_list", Array("a/ü b.png".utf8).map { String(format: "%02x", $0) }.joined()])
    }

    @Test(.enabled(if: PythonReference.available("tarfile"), "Python not found at \(PythonReference.python)"))
    func tarArchivesAreReadByPythonsTarfile() throws {
        let path = temporaryPath(".tar")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let long = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60) + "/" + String(repeating: "f", count: 90) + ".npy"
        let entries: [(String, [UInt8])] = [
            ("000000000.npy", NDArray(uint8: [1, 2, 3]).npyBytes()),
            ("000000000.cls", Array("7".utf8)),
            ("empty.txt", []),
            ("exactly512.bin", [UInt8](repeating: 0xAB, count: 512)),
            ("513.bin", (0..<513).map { UInt8(truncatingIfNeeded: $0) }),
            (String(repeating: "n", count: 100), [0x41]),
            (long, [0x42, 0x43]),
        ]
        var archive: [UInt8] = []
        for (name, contents) in entries { archive += try TarArchive.entry(name: name, contents: contents, modificationTime: 1_700_000_000) }
        archive += TarArchive.end
        try FileIO.writeAtomically(archive, to: path)
        #expect(archive.count % 512 == 0)

        struct Member: Decodable { var name: String; var size: Int; var regular: Bool; var mtime: Int; var mode: Int; var data: [UInt8] }
        let script = #"""
import json, sys, tarfile
out = []
with tarfile.open(sys.argv[1], mode="r:", errorlevel=2) as t:
    for m in t:
        data = t.extractfile(m).read() if m.isreg() else b""
        out.append({"name": m.name, "size": m.size, "regular": m.isreg(), "mtime": m.mtime, "mode": m.mode, "data": list(data)})
print(json.dumps(out))
"""#
        let members = try PythonReference.run(script, [path], as: [Member].self)
        #expect(members.map(\.name) == entries.map(\.0))
        #expect(members.map(\.data) == entries.map(\.1))
        #expect(members.allSatisfy { $0.regular && $0.mtime == 1_700_000_000 && $0.mode == 0o644 })
        #expect(throws: ImageError.self) { try TarArchive.entry(name: String(repeating: "x", count: 101), contents: []) }
        #expect(throws: ImageError.self) { try TarArchive.entry(name: "", contents: []) }
    }
}

private extension NDArray {
    init(uint8 values: [UInt8]) {
        try! self.init(shape: [values.count], elements: values)
    }
}
