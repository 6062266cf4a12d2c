"""Links to a record in NetSuite's and Shopify's own screens."""

from integrations.record_urls import netsuite_record_url, shopify_order_url


def test_a_sales_order_and_a_customer_open_on_the_accounts_host():
    assert netsuite_record_url("123456_SB1", "salesOrder", "5512") == (
        "https://123456-sb1.app.netsuite.com/app/accounting/transactions/salesord.nl?id=5512")
    assert netsuite_record_url("TSTDRV1234", "customer", "88") == (
        "https://tstdrv1234.app.netsuite.com/app/common/entity/custjob.nl?id=88")


def test_no_link_without_an_account_a_known_record_type_or_an_internal_id():
    assert netsuite_record_url("", "salesOrder", "5512") is None
    assert netsuite_record_url("123456.evil.example/x", "salesOrder", "5512") is None
    assert netsuite_record_url("123456", "somethingElse", "5512") is None
    assert netsuite_record_url("123456", "salesOrder", "") is None


def test_an_order_opens_in_the_stores_shopify_admin():
    assert shopify_order_url("demo-store.myshopify.com", "450789469") == (
        "https://admin.shopify.com/store/demo-store/orders/450789469")
    assert shopify_order_url("shop.example.com", "450789469") is None
    assert shopify_order_url("demo-store.myshopify.com", "abc") is None
