import SQLKit

extension SQLQueryString.StringInterpolation {
    /// `LIMIT count`, written into the statement's text rather than bound as a parameter.
    ///
    /// PostgreSQL prices a generic plan with a bound `LIMIT` as if it returned a tenth of the
    /// table, so it never prefers it: a prepared list query was planned afresh on every run,
    /// which was more than half of PostgreSQL's CPU for an order-list page. With the number in
    /// the text the plan is kept after five runs. A page size takes one of a few values, so
    /// this adds few statements to ``PreparedStatements``. Negative counts are written as 0.
    public mutating func appendInterpolation(limit count: Int) {
        appendInterpolation(unsafeRaw: "LIMIT \(max(count, 0))")
    }
}
