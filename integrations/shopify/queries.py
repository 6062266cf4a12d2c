"""Every GraphQL document the Shopify client sends, as module-level constants.

The tests validate each one against Shopify's published Admin schema (API 2026-01), so a
field Shopify would reject fails the build, not a sync job. Add new documents to
DOCUMENTS.
"""

# Order.risk is OrderRiskSummary!: recommendation is OrderRiskRecommendationResult!
# (ACCEPT | INVESTIGATE | CANCEL | NONE), each assessment's riskLevel is
# RiskAssessmentResult! (HIGH | MEDIUM | LOW | NONE | PENDING).
ORDER_RISK = """
query OrderRisk($id: ID!) {
  order(id: $id) {
    id
    legacyResourceId
    name
    risk {
      recommendation
      assessments {
        riskLevel
        facts {
          description
          sentiment
        }
      }
    }
  }
}
"""

DOCUMENTS = {
    "ORDER_RISK": ORDER_RISK,
}
