import Foundation

/// Shows images in a terminal or the system viewer: the engine of `imago show` and ``KerasImage/show(graphics:columns:)``.
public enum TerminalDisplay {
    /// The pixel width assumed per column when the terminal does not report its pixel size.
    public static let assumedPixelsPerColumn = 8

    /// The bytes that draw `image` (any pixel format `loadImage` returns) with `graphics`, fitted to `columns` cells
    /// (and `pixelWidth` pixels for the graphics protocols; 0 = `columns` x ``assumedPixelsPerColumn``).
    /// Images are shrunk with Pillow's BOX filter, never enlarged; alpha is dropped.
    public static func render(_ image: ImageBuffer, graphics: TerminalGraphics, columns: Int, pixelWidth: Int = 0) throws -> String {
        guard columns > 0 else { throw ImageError.invalidArgument("a terminal rendering needs at least one column, not \(columns)") }
        let rgb = try PillowModeConversion.convert(image, to: .rgb).0
        switch graphics {
        case .halfBlocks:
            let size = HalfBlockRenderer.scaledSize(width: rgb.width, height: rgb.height, columns: columns)
            return try HalfBlockRenderer.render(try shrink(rgb, to: size))
        case .sixel, .kitty, .iterm2:
            let limit = pixelWidth > 0 ? pixelWidth : columns * assumedPixelsPerColumn
            let size = HalfBlockRenderer.scaledSize(width: rgb.width, height: rgb.height, columns: limit)
            let fitted = try shrink(rgb, to: size)
            switch graphics {
            case .sixel: return try SixelEncoder.encode(fitted) + "\n"
            case .kitty: return InlineImageProtocols.kitty(png: try PNGEncoder().encode(fitted, options: .default))
            default: return InlineImageProtocols.iterm2(png: try PNGEncoder().encode(fitted, options: .default))
            }
        }
    }

    /// Decodes frame `frame` of a file (0 is the first; animated images and multi-page files have more).
    public static func loadFrame(_ path: String, frame: Int = 0, registry: FormatRegistry = .standard) throws -> ImageBuffer {
        guard frame >= 0 else { throw ImageError.invalidArgument("frame \(frame) must be 0 or more") }
        do {
            return try registry.decode(path: path, options: DecodeOptions(frameIndex: frame)).image
        } catch let error as ImageError {
            throw error.naming(file: path)
        }
    }

    /// Writes `text` to standard output.
    public static func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { try FileIO.writeAll(1, $0, path: "standard output") }
    }

    private static func shrink(_ image: ImageBuffer, to size: (width: Int, height: Int)) throws -> ImageBuffer {
        guard (image.width, image.height) != size else { return image }
        return try Resize(width: size.width, height: size.height, filter: .box).apply(image)
    }
}

extension KerasImage {
    /// The counterpart of PIL's `img.show()`. When standard output is a terminal, draws the image there with the
    /// protocol the terminal announces (``TerminalGraphics/detect(environment:)``, or `graphics`), fitted to its
    /// width (or `columns`). Otherwise opens it in the system viewer as PIL does (``SystemViewer``), so no escape
    /// codes ever go to a pipe or a file.
    public func show(graphics: TerminalGraphics? = nil, columns: Int? = nil) throws {
        guard TerminalDevice.isTerminal() else {
            try SystemViewer.open(try PillowModeConversion.convert(buffer, to: .rgb).0)
            return
        }
        let window = TerminalDevice.windowSize()
        let chosen = graphics ?? TerminalGraphics.detect(environment: ProcessInfo.processInfo.environment)
        try TerminalDisplay.write(try TerminalDisplay.render(buffer, graphics: chosen, columns: columns ?? window?.columns ?? 80,
                                                            pixelWidth: columns == nil ? window?.pixelWidth ?? 0 : 0))
    }
}
