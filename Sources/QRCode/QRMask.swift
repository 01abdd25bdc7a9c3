/// One of the eight data masks (7.8.2). The encoder XORs the data modules with the pattern that
/// leaves the fewest features a reader could mistake (large blocks, long runs, shapes like a
/// finder pattern, too much dark or light), and records its number in the format information.
public struct QRMask: Sendable, Hashable {
    /// 0 to 7, the mask reference of table 10.
    public let number: Int

    static let all = (0..<8).map(QRMask.init)

    private init(_ number: Int) { self.number = number }

    /// Whether the mask inverts the module at `row`, `column`: the conditions of table 10,
    /// with i the row and j the column.
    func inverts(row i: Int, column j: Int) -> Bool {
        switch number {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }
}
