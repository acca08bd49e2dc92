// swift-tools-version: 6.0
// TIFF and WebP decode/encode speed: Imago beside the same libtiff/libwebp calls from C and Pillow 13. Run ./run.sh.
import PackageDescription

let package = Package(
    name: "TIFFWebPBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "TIFFWebPBench",
            dependencies: [
                .product(name: "TIFFCodec", package: "Imago"),
                .product(name: "WebPCodec", package: "Imago"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
