/// How often a resolver answered from its cache and how often it asked libunbound.
package struct UnboundResolverStatistics: Sendable, Equatable {
    package var cacheHits: Int
    package var queriesSent: Int
    package var cachedAnswers: Int

    package init(cacheHits: Int, queriesSent: Int, cachedAnswers: Int) {
        self.cacheHits = cacheHits
        self.queriesSent = queriesSent
        self.cachedAnswers = cachedAnswers
    }
}
