"""NetSuite's reference lists as last read from each account (integrations.flows.
netsuite_references writes them; the mapping forms pick from them). Read-only in the admin.

A record a read no longer returns keeps its row with `gone_at` set: mappings that still name
it can say what it was, and a form refuses it.
"""

from django.db import models

from .references import Kind, Picked


class NetSuiteRecord(models.Model):
    connection = models.ForeignKey(
        "integrations.Connection", on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": "netsuite"}, verbose_name="NetSuite account",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    internal_id = models.CharField(max_length=32)
    name = models.CharField(max_length=255)
    code = models.CharField(
        max_length=255, blank=True,
        help_text="NetSuite's own identifier beside the name: item name/number, customer ID, "
        "account number, currency code.",
    )
    is_inactive = models.BooleanField("inactive in NetSuite", default=False)
    details = models.JSONField(
        default=dict, blank=True,
        help_text="What only this kind has: a tax code's rate and tax type, an item's type…",
    )
    read_at = models.DateTimeField(help_text="The last read of its list that returned it.")
    gone_at = models.DateTimeField(
        null=True, blank=True, help_text="When a read of its list no longer returned it.",
    )

    class Meta:
        verbose_name = "NetSuite record"
        ordering = ["kind", "name", "internal_id"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "kind", "internal_id"],
                                    name="one_reference_per_account_kind_and_id"),
        ]
        indexes = [models.Index(fields=["connection", "kind", "name"])]

    def __str__(self):
        return self.picked().label

    def picked(self) -> Picked:
        return Picked(kind=self.kind, internal_id=self.internal_id, name=self.name,
                      code=self.code, is_inactive=self.is_inactive, gone_at=self.gone_at,
                      details=dict(self.details or {}))


class ReferenceList(models.Model):
    """One list of one account: when it was last read, and what that read found."""

    connection = models.ForeignKey(
        "integrations.Connection", on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": "netsuite"}, verbose_name="NetSuite account",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    read_at = models.DateTimeField(null=True, blank=True,
                                   help_text="The last complete read of the list.")
    records = models.PositiveIntegerField(default=0, help_text="Records the last read returned.")
    inactive = models.PositiveIntegerField(default=0, help_text="Of those, inactive ones.")
    gone = models.PositiveIntegerField(
        default=0, help_text="Records read before that the last read no longer returned.",
    )
    error = models.TextField(blank=True, help_text="Why the last attempt failed, if it did.")
    error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "NetSuite reference list"
        ordering = ["connection__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "kind"],
                                    name="one_reference_list_per_account_and_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.connection}"
