import ArgumentParser
import Imago

extension DatasetOptions.LabelMode: ExpressibleByArgument {}

extension DatasetOptions.Interpolation: ExpressibleByArgument {
    /// Keras's names, in any letter case (Keras lower-cases them).
    public init?(argument: String) { self.init(name: argument) }
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
