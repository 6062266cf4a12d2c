"""Who buys and where it ships, as NetSuite bodies: the customer record and address subrecords.

Pure, like the rest of the order translation: built only from the Shopify values and the
store's mappings, no database, no HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass

from integrations.netsuite.capabilities import AccountCapabilities
from integrations.shopify.payloads import Address, Customer

from .mappings import OrderMappings


@dataclass(frozen=True)
class CustomerPlan:
    external_id: str
    body: dict


def customer_plan(customer: Customer, mappings: OrderMappings,
                  account: AccountCapabilities) -> CustomerPlan:
    """The NetSuite customer for a Shopify customer, built only from the Shopify customer."""
    external_id = f"shopify-customer-{customer.id}"
    first, last = customer.first_name[:32], customer.last_name[:32]
    if not first and not last:
        last = (customer.email or f"Shopify customer {customer.id}")[:32]
    address = customer.default_address
    fields = {
        "externalId": external_id,
        "isPerson": True,
        "firstName": first,
        "lastName": last,
        "email": customer.email,
        # NetSuite refuses phone numbers of fewer than seven digits.
        "phone": customer.phone if sum(c.isdigit() for c in customer.phone) >= 7 else "",
        "companyName": address.company[:83] if address else "",
        "subsidiary": {"id": mappings.subsidiary_id},
        # Without Multiple Currencies a customer has no currency field.
        "currency": {"id": mappings.currency_id} if account.multi_currency else "",
    }
    return CustomerPlan(external_id, {k: v for k, v in fields.items() if v != ""})


def address_body(address: Address) -> dict:
    """A Shopify address as a NetSuite address subrecord, empty fields left out."""
    person = address.person
    record = {
        "addressee": address.company or person,
        "attention": person if address.company else "",
        "addr1": address.address1,
        "addr2": address.address2,
        "city": address.city,
        "state": address.province_code or address.province,
        "zip": address.zip,
        # A select field: NetSuite takes the country by its code, {"id": "US"}.
        "country": {"id": address.country_code.upper()} if len(address.country_code) == 2
        else "",
        "addrPhone": address.phone,
    }
    return {k: v for k, v in record.items() if v}
