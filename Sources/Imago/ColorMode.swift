/// Keras's `color_mode`: the channels `loadImage` converts to (Pillow's `convert` rules, applied before any resize).
public enum ColorMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// One channel. Keeps 16-bit gray (`I;16`) at full range; everything else becomes 8-bit `L`.
    case grayscale
    /// Three 8-bit channels. Alpha is dropped without compositing.
    case rgb
    /// Four 8-bit channels; A = 255 where the file has no alpha.
    case rgba
}
