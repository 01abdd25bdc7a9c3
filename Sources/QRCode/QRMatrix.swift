/// The modules of a finished symbol, without the quiet zone: `size` × `size`, each dark or light.
/// Renderers other than the SVG one (a printer, a terminal) read it module by module and add the
/// 4-module light quiet zone around it themselves.
public struct QRMatrix: Sendable, Hashable {
    /// Modules on a side: 21 for version 1, four more for each version after it.
    public let size: Int
    private var modules: [Bool]

    init(size: Int) {
        self.size = size
        modules = [Bool](repeating: false, count: size * size)
    }

    /// Whether the module at `row` (0 at the top) and `column` (0 at the left) is dark.
    public internal(set) subscript(row: Int, column: Int) -> Bool {
        get { modules[index(row, column)] }
        set { modules[index(row, column)] = newValue }
    }

    /// Checks both coordinates: the flat index alone would let a column past the edge wrap into
    /// the next row.
    private func index(_ row: Int, _ column: Int) -> Int {
        precondition((0..<size).contains(row) && (0..<size).contains(column), "(\(row), \(column)) is outside a \(size)×\(size) symbol")
        return row * size + column
    }
}
