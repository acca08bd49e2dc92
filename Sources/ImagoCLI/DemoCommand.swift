import ArgumentParser
import Foundation
import Imago

/// `imago demo [IMAGE]`: the seed tutorial's three Keras examples, run with Imago, printing what Python prints.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the Keras tutorial's three examples (load, to array and back, grayscale save and reload) with Imago.",
        discussion: """
            Without IMAGE, the project's own synthetic 640x427 beach photo is generated (JPEG when the JPEG codec \
            is available) as bondi_beach.jpg in the work folder. Each step shows the Swift call and the values \
            Python prints for the same step.
            """
    )

    @Argument(help: "An image to use instead of the generated beach.")
    var image: String?

    @Option(name: .customLong("work-dir"), help: "Where to write the generated and saved images (default: a new temporary folder).")
    var workDir: String?

    func run() throws {
        let directory = try workDir ?? makeTemporaryDirectory()
        let path = try image ?? writeBeach(in: directory)
        let registry = FormatRegistry.standard
        let saveExtension = registry.format(id: .jpeg)?.encoder != nil ? "jpg" : (registry.format(id: .png)?.encoder != nil ? "png" : "pgm")
        let grayPath = directory + "/bondi_beach_grayscale." + saveExtension

        say("# Example 1: load an image")
        say("let img = try loadImage(\"\(path)\")", "img = load_img('\(path)')")
        let img = try loadImage(path)
        show(img)

        say("\n# Example 2: convert an image to an array and back")
        say("let imgArray = try imageToArray(img)", "img_array = img_to_array(img)")
        let array = try imageToArray(img)
        say("print(imgArray.dtype)", "print(img_array.dtype)")
        print(array.dtype.numpyName)
        say("print(imgArray.shape)", "print(img_array.shape)")
        print(NDArray.describe(array.shape))
        say("let imgPIL = try arrayToImage(imgArray)", "img_pil = array_to_img(img_array)")
        let back = try arrayToImage(array)
        say("print(imgPIL.pillowClassName)", "print(type(img_pil))")
        print(back.pillowClassName)

        say("\n# Example 3: save a grayscale version, reload it")
        say("let gray = try loadImage(path, colorMode: .grayscale)", "img = load_img(path, color_mode='grayscale')")
        let gray = try loadImage(path, colorMode: .grayscale)
        say("let grayArray = try imageToArray(gray)", "img_array = img_to_array(img)")
        let grayArray = try imageToArray(gray)
        say("print(grayArray.dtype, grayArray.shape)", "print(img_array.dtype, img_array.shape)")
        print(grayArray.dtype.numpyName, NDArray.describe(grayArray.shape))
        say("try saveImage(\"\(grayPath)\", grayArray)", "save_img('\(grayPath)', img_array)")
        let warnings = try saveImage(grayPath, grayArray)
        printWarnings(warnings, path: grayPath)
        say("let reloaded = try loadImage(\"\(grayPath)\")", "img = load_img('\(grayPath)')")
        let reloaded = try loadImage(grayPath)
        show(reloaded)
        say("// The saved file is a 1-channel image; loading it with the default colorMode .rgb gives RGB, as in Keras.")
    }

    /// Prints a Swift line, with the Python line it stands for as a comment.
    private func say(_ swift: String, _ python: String? = nil) {
        if let python {
            print(">>> \(swift)    # Python: \(python)")
        } else {
            print(swift)
        }
    }

    /// The four prints of the tutorial's first example.
    private func show(_ img: KerasImage) {
        say("print(img.pillowClassName)", "print(type(img))")
        print(img.pillowClassName)
        say("print(img.formatName ?? \"None\")", "print(img.format)")
        print(img.formatName ?? "None")
        say("print(img.mode)", "print(img.mode)")
        print(img.mode.rawValue)
        say("print(img.size)", "print(img.size)")
        print("(\(img.width), \(img.height))")
    }

    private func writeBeach(in directory: String) throws -> String {
        let registry = FormatRegistry.standard
        let scene = try BeachScene.render()
        for (id, ext) in [(FormatID.jpeg, "jpg"), (.png, "png"), (.pnm, "ppm")] where registry.format(id: id)?.encoder != nil {
            let path = directory + "/bondi_beach." + ext
            try registry.encode(scene, to: path, format: id, options: EncodeOptions(quality: 90))
            return path
        }
        throw ImageError.unsupported("no bundled encoder can write the demo image (JPEG, PNG or PNM)")
    }

    private func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "imago-demo-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
