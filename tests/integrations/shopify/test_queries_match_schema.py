"""Every document the client sends is one Shopify's published Admin schema (2026-01) accepts."""

import pytest
from graphql import build_schema, parse, validate, validate_schema
from graphql.utilities import get_operation_ast

from integrations.sandbox.shopify import SCHEMA_PATH, admin_schema
from integrations.sandbox.shopify_cost import QueryCost
from integrations.shopify import queries
from integrations.shopify.throttle import estimate_cost


def test_every_document_constant_is_registered():
    constants = {name for name, value in vars(queries).items()
                 if name.isupper() and isinstance(value, str)}

    assert constants == set(queries.DOCUMENTS), "add new documents to queries.DOCUMENTS"


@pytest.mark.parametrize("name", sorted(queries.DOCUMENTS))
def test_document_validates_against_the_published_schema(name):
    errors = validate(admin_schema(), parse(queries.DOCUMENTS[name]))

    assert errors == [], [e.message for e in errors]


def test_a_document_shopify_would_reject_fails_validation():
    # riskLevel belongs to each assessment, not to the OrderRiskSummary.
    wrong = queries.ORDER_RISK.replace("risk {", "risk {\n      riskLevel")

    errors = validate(admin_schema(), parse(wrong))

    assert [e.message for e in errors] == [
        "Cannot query field 'riskLevel' on type 'OrderRiskSummary'."
    ]


def test_order_risk_reads_the_types_the_client_expects():
    schema = admin_schema()

    assert str(schema.get_type("Order").fields["risk"].type) == "OrderRiskSummary!"
    summary = schema.get_type("OrderRiskSummary").fields
    assert str(summary["recommendation"].type) == "OrderRiskRecommendationResult!"
    assert str(summary["assessments"].type) == "[OrderRiskAssessment!]!"
    assert set(schema.get_type("OrderRiskRecommendationResult").values) == {
        "ACCEPT", "INVESTIGATE", "CANCEL", "NONE"}
    assert set(schema.get_type("RiskAssessmentResult").values) == {
        "HIGH", "MEDIUM", "LOW", "NONE", "PENDING"}


@pytest.mark.parametrize("name", sorted(queries.DOCUMENTS))
def test_the_client_estimates_what_the_sandbox_charges(name):
    document = parse(queries.DOCUMENTS[name])
    operation = get_operation_ast(document)

    charged = QueryCost(admin_schema(), document, operation, {})()

    assert estimate_cost(document, {}) == charged


def test_the_published_schema_breaks_only_the_interface_deprecation_rule():
    """The sandbox builds the schema with assume_valid: prove that hides nothing else."""
    schema = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))

    messages = [error.message for error in validate_schema(schema)]

    assert all("must not be deprecated" in message for message in messages), messages
