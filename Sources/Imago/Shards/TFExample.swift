/// A `tf.train.Example` protocol buffer: named features, each a list of byte strings, floats or 64-bit integers,
/// encoded exactly as TensorFlow's `example.proto` / `feature.proto` define them (packed numeric lists, map entries
/// in key order so the encoding is deterministic).
public struct TFExample: Sendable, Equatable {
    /// One feature's values (`tf.train.Feature`'s `kind`).
    public enum Feature: Sendable, Equatable {
        /// `bytes_list`: raw byte strings (`tf.string` in a feature spec).
        case bytes([[UInt8]])
        /// `float_list`: 32-bit floats (`tf.float32`).
        case floats([Float])
        /// `int64_list`: 64-bit integers (`tf.int64`).
        case int64s([Int64])
    }

    /// The features by name.
    public var features: [String: Feature]

    /// An example holding `features`.
    public init(features: [String: Feature] = [:]) {
        self.features = features
    }

    /// The serialized message (what `tf.io.parse_single_example` parses).
    public func serialized() -> [UInt8] {
        var featuresMessage = ProtobufWriter()
        for name in sortedNames(features.keys) {
            featuresMessage.lengthDelimited(field: 1, Self.entry(name, features[name]!))
        }
        var example = ProtobufWriter()
        example.lengthDelimited(field: 1, featuresMessage.bytes)
        return example.bytes
    }

    /// The serialized message of these features plus a `bytes_list` feature `name` holding one value of `length`
    /// bytes, split around that value: `head + value + tail` is ``serialized()`` with `features[name] = .bytes([value])`.
    /// A large value (an image tensor) is then written from where it is, never copied into the message.
    public func serialized(withBytesFeature name: String, ofLength length: Int) -> (head: [UInt8], tail: [UInt8]) {
        var before = ProtobufWriter(), after = ProtobufWriter()
        for key in sortedNames(features.keys.filter { $0 != name }) {
            let precedes = key.utf8.lexicographicallyPrecedes(name.utf8)
            if precedes { before.lengthDelimited(field: 1, Self.entry(key, features[key]!)) } else { after.lengthDelimited(field: 1, Self.entry(key, features[key]!)) }
        }
        // Feature { bytes_list (1): BytesList { value (1): <length bytes> } }, each message's prefix on its own.
        var list = ProtobufWriter()
        list.header(field: 1, length: length)
        let listSize = list.bytes.count + length
        var feature = ProtobufWriter()
        feature.header(field: 1, length: listSize)
        let featureSize = feature.bytes.count + listSize
        var entry = ProtobufWriter()
        entry.lengthDelimited(field: 1, Array(name.utf8))
        entry.header(field: 2, length: featureSize)
        let entrySize = entry.bytes.count + featureSize
        var features = ProtobufWriter()
        features.header(field: 1, length: entrySize)
        let featuresSize = before.bytes.count + features.bytes.count + entrySize + after.bytes.count
        var head = ProtobufWriter()
        head.header(field: 1, length: featuresSize)
        return (head.bytes + before.bytes + features.bytes + entry.bytes + feature.bytes + list.bytes, after.bytes)
    }

    /// Names in the order of the deterministic encoding (by UTF-8 bytes).
    private func sortedNames(_ names: some Sequence<String>) -> [String] {
        names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// One `map<string, Feature>` entry.
    private static func entry(_ name: String, _ feature: Feature) -> [UInt8] {
        var entry = ProtobufWriter()
        entry.lengthDelimited(field: 1, Array(name.utf8))
        entry.lengthDelimited(field: 2, encode(feature))
        return entry.bytes
    }

    /// A `tf.train.Feature` message.
    private static func encode(_ feature: Feature) -> [UInt8] {
        var list = ProtobufWriter()
        var message = ProtobufWriter()
        switch feature {
        case .bytes(let values):
            for value in values { list.lengthDelimited(field: 1, value) }
            message.lengthDelimited(field: 1, list.bytes)
        case .floats(let values):
            var packed: [UInt8] = []
            packed.reserveCapacity(values.count * 4)
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { packed.append(contentsOf: $0) } }
            if !values.isEmpty { list.lengthDelimited(field: 1, packed) }
            message.lengthDelimited(field: 2, list.bytes)
        case .int64s(let values):
            var packed = ProtobufWriter()
            for value in values { packed.varint(UInt64(bitPattern: value)) }
            if !values.isEmpty { list.lengthDelimited(field: 1, packed.bytes) }
            message.lengthDelimited(field: 3, list.bytes)
        }
        return message.bytes
    }
}

/// The two protocol-buffer wire encodings an Example needs: varints and length-delimited fields.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    /// A base-128 varint, low group first.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Field `field` with wire type 2: tag, length, payload.
    mutating func lengthDelimited(field: Int, _ payload: [UInt8]) {
        header(field: field, length: payload.count)
        bytes.append(contentsOf: payload)
    }

    /// The tag and length of a wire-type-2 field whose `length` payload bytes follow.
    mutating func header(field: Int, length: Int) {
        varint(UInt64(field) << 3 | 2)
        varint(UInt64(length))
    }
}
