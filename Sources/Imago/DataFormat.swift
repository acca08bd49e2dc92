/// Keras's `data_format`: where the channel axis goes in an image array.
public enum DataFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// (height, width, channels), Keras's default.
    case channelsLast = "channels_last"
    /// (channels, height, width).
    case channelsFirst = "channels_first"
}
