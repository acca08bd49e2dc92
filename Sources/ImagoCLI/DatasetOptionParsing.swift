import ArgumentParser
import Imago

extension DatasetOptions.LabelMode: ExpressibleByArgument {}

extension ResizeMethod: ExpressibleByArgument {
    /// Keras's names, in any letter case (Keras lower-cases them).
    public init?(argument: String) { self.init(name: argument) }
}

extension DatasetOptions.PixelPath: ExpressibleByArgument {
    /// `tensorflow` (also `tf`), `grain` or `load-img`.
    public init?(argument: String) { self.init(name: argument) }

    /// The values `imago dataset --pixel-path` takes.
    public static var allValueStrings: [String] { ["tensorflow", "grain", "load-img"] }
}

extension ValidationSplit.Subset: ExpressibleByArgument {
    /// `training` or `validation`: `both` gives two datasets, which `imago dataset` does not write into one folder.
    public init?(argument: String) {
        guard argument != Self.both.rawValue else { return nil }
        self.init(rawValue: argument)
    }

    /// The values `imago dataset --subset` takes.
    public static var allValueStrings: [String] { [Self.training.rawValue, Self.validation.rawValue] }
}
