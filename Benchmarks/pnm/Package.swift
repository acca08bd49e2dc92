// swift-tools-version: 6.0
// PNM decode/encode speed: Imago's pure-Swift codec beside Pillow 13 and the Netpbm tools. Run ./run.sh.
import PackageDescription

let package = Package(
    name: "PNMBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "PNMBench",
            dependencies: [.product(name: "PNMCodec", package: "Imago")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
