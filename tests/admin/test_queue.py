"""Each team's queue: where a person lands, what comes first, the counts, filters and search,
and a page whose number of queries does not grow with the number of tickets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exceptions.catalogue import HIGH_RISK_ORDER, TAX_DRIFT, UNKNOWN_SKU, UNMAPPED_LOCATION
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import Connection
from tests.admin.conftest import PASSWORD, make_ticket

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:exceptions_exceptionticket_changelist")
OPEN_QUEUE = QUEUE + "?status__exact=open"


def ticket_of(store, code, title, **fields):
    return make_ticket(store, ticket_type=TicketType.objects.get(code=code), title=title,
                       **fields)


def listed(response) -> list[int]:
    return [t.pk for t in response.context["cl"].result_list]


@pytest.mark.parametrize("persona", ["finance_user", "cx_user", "ops_user",
                                     "integration_admin_user", "governance_user", "superuser"])
def test_signing_in_lands_on_the_persons_queue(client, request, persona):
    user = request.getfixturevalue(persona)

    response = client.post(reverse("admin:login"), {"username": user.username,
                                                    "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == OPEN_QUEUE
    assert client.get(reverse("admin:index")).status_code == 200  # the index stays


def test_signing_in_to_a_page_goes_to_that_page(client, finance_user):
    wanted = reverse("admin:mappings_taxcodemapping_changelist")

    response = client.post(reverse("admin:login") + f"?next={wanted}",
                           {"username": finance_user.username, "password": PASSWORD,
                            "next": wanted})

    assert response["Location"] == wanted


def test_view_site_leads_to_the_queue(signed_in, cx_user):
    html = signed_in(cx_user).get(reverse("admin:index")).text

    assert f'<a href="{OPEN_QUEUE}">My queue</a>' in html.replace("&amp;", "&")


def test_breached_windows_come_first_then_by_due_time_then_snoozed_and_resolved(
    signed_in, ops_user, store
):
    later = ticket_of(store, UNKNOWN_SKU, "due in 6 h", due_in_hours=6)
    breached = ticket_of(store, UNKNOWN_SKU, "due 2 h ago", due_in_hours=-2)
    sooner = ticket_of(store, UNKNOWN_SKU, "due in 1 h", due_in_hours=1)
    long_breached = ticket_of(store, UNMAPPED_LOCATION, "due 9 h ago", due_in_hours=-9)
    snoozed = ticket_of(store, UNKNOWN_SKU, "snoozed", due_in_hours=-20,
                        status=ExceptionTicket.Status.SNOOZED)
    done = ticket_of(store, UNKNOWN_SKU, "resolved", due_in_hours=-30,
                     status=ExceptionTicket.Status.RESOLVED)

    response = signed_in(ops_user).get(QUEUE)

    assert listed(response) == [long_breached.pk, breached.pk, sooner.pk, later.pk, snoozed.pk,
                                done.pk]


def test_the_counts_by_type_come_from_one_query_of_the_persons_open_tickets(
    signed_in, ops_user, store
):
    ticket_of(store, UNKNOWN_SKU, "a", due_in_hours=-1)
    ticket_of(store, UNKNOWN_SKU, "b")
    ticket_of(store, UNMAPPED_LOCATION, "c")
    ticket_of(store, UNKNOWN_SKU, "done", status=ExceptionTicket.Status.RESOLVED)
    ticket_of(store, TAX_DRIFT, "finance's")

    response = signed_in(ops_user).get(OPEN_QUEUE)

    counts = {row["ticket_type__title"]: (row["n"], row["late"])
              for row in response.context["type_counts"]}
    assert counts == {"Unknown SKU": (2, 1), "Unmapped Shopify location": (1, 0)}
    assert "<strong>2</strong> Unknown SKU" in response.text


def test_filters_by_store_type_status_severity_assignee_age_and_team(
    signed_in, finance_ops_user, ops_user, store, netsuite_account
):
    other_store = Connection.objects.create(
        name="Second store", kind=Connection.Kind.SHOPIFY, shop_domain="second.myshopify.com",
        base_url="https://second.myshopify.com",
    )
    mine = ticket_of(store, UNKNOWN_SKU, "mine", assigned_to=finance_ops_user)
    olgas = ticket_of(store, UNMAPPED_LOCATION, "olga's", assigned_to=ops_user)
    elsewhere = ticket_of(other_store, UNKNOWN_SKU, "elsewhere")
    tax = ticket_of(store, TAX_DRIFT, "drift")
    old = ticket_of(store, UNKNOWN_SKU, "old", status=ExceptionTicket.Status.RESOLVED)
    ExceptionTicket.objects.filter(pk=old.pk).update(
        first_seen=timezone.now() - timedelta(days=9))
    browser = signed_in(finance_ops_user)

    def pks(query):
        response = browser.get(f"{QUEUE}?{query}")
        assert response.status_code == 200, query
        return set(listed(response))

    assert pks(f"store__id__exact={other_store.pk}") == {elsewhere.pk}
    unknown_sku = TicketType.objects.get(code=UNKNOWN_SKU).pk
    assert pks(f"ticket_type__id__exact={unknown_sku}") == {mine.pk, elsewhere.pk, old.pk}
    assert pks("status__exact=resolved") == {old.pk}
    assert pks("severity__exact=high") == {mine.pk, olgas.pk, elsewhere.pk, tax.pk, old.pk}
    assert pks("assignee=me") == {mine.pk}
    assert pks(f"assignee={ops_user.pk}") == {olgas.pk}
    assert pks("assignee=nobody") == {elsewhere.pk, tax.pk, old.pk}
    assert pks("age=older") == {old.pk}
    assert pks("age=day") == {mine.pk, olgas.pk, elsewhere.pk, tax.pk}
    assert pks("team=finance") == {tax.pk}
    assert pks("team=cx") == {mine.pk, olgas.pk, elsewhere.pk, tax.pk, old.pk}  # not theirs


@pytest.mark.parametrize(("query", "found"), [
    ("#1043", True), ("1043", True), ("450789469", True), ("jane.doe@mail.example.com", True),
    ("IPOD2008PINK", True), ("5512", True), ("shopify-order-450789469", True),
    ("order #1001", True),  # the label of a job held by the ticket
    ("IPOD2008BLUE", False),
])
def test_search_by_order_customer_sku_and_netsuite_ids(signed_in, ops_user, store, parked_job,
                                                       query, found):
    ticket = ticket_of(
        store, UNKNOWN_SKU, "SKU IPOD2008PINK is not mapped", jobs=[parked_job],
        order_name="#1043", order_id="450789469", customer_email="jane.doe@mail.example.com",
        sku="IPOD2008PINK", netsuite_id="5512", external_id="shopify-order-450789469",
        amount=Decimal("199.00"), currency="USD",
    )

    response = signed_in(ops_user).get(QUEUE, {"q": query})

    assert listed(response) == ([ticket.pk] if found else [])


def test_the_team_column_shows_only_to_people_of_several_teams(signed_in, ops_user,
                                                                finance_ops_user, store):
    ticket_of(store, UNKNOWN_SKU, "one")

    assert "column-team" not in signed_in(ops_user).get(QUEUE).text
    assert "column-team" in signed_in(finance_ops_user).get(QUEUE).text


def _many(store, n):
    types = [TicketType.objects.get(code=c) for c in (UNKNOWN_SKU, UNMAPPED_LOCATION)]
    for i in range(n):
        ticket = make_ticket(store, ticket_type=types[i % 2], title=f"ticket {i}",
                             due_in_hours=i - n // 2, order_name=f"#{2000 + i}",
                             sku=f"SKU-{i}", amount=Decimal("10.00"), currency="USD")
        ticket.jobs.clear()


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_page_costs_the_same_queries_for_5_and_50_tickets(
    signed_in, ops_user, store, django_assert_max_num_queries, n
):
    _many(store, n)
    browser = signed_in(ops_user)
    browser.get(QUEUE)  # warm: the session and content types

    with django_assert_max_num_queries(12):
        response = browser.get(OPEN_QUEUE)

    assert len(listed(response)) == n


def test_other_teams_tickets_are_neither_listed_nor_counted(signed_in, finance_user, store):
    ticket_of(store, UNKNOWN_SKU, "ops'")
    ticket_of(store, HIGH_RISK_ORDER, "cx's")
    drift = ticket_of(store, TAX_DRIFT, "finance's")

    response = signed_in(finance_user).get(QUEUE)

    assert listed(response) == [drift.pk]
    assert [row["ticket_type__title"] for row in response.context["type_counts"]] == [
        "Tax rate differs from NetSuite"]
