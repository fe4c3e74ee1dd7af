import FileSystem

/// Why something could not be written: raised by the file-system layer, named here for a
/// program that uses the library (`ConvertError.output`).
public typealias WriteError = FileSystem.WriteError
