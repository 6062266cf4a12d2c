"""The record of work: connections, the webhook inbox, sync jobs and the links they make."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .encryption import EncryptedJSONField


def flow_choices():
    """The flows that exist (integrations.flows), read when the choices are first needed."""
    from .flows import flow_choices as registered

    return registered()


class Connection(models.Model):
    """A Shopify store or a NetSuite account, with its encrypted credentials and health."""

    class Kind(models.TextChoices):
        SHOPIFY = "shopify", "Shopify store"
        NETSUITE = "netsuite", "NetSuite account"

    class Health(models.TextChoices):
        UNKNOWN = "unknown", "Not yet used"
        HEALTHY = "healthy", "Healthy"
        DEGRADED = "degraded", "Degraded (transient errors)"
        PAUSED = "paused", "Paused (credentials rejected)"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    shop_domain = models.CharField(
        max_length=255, unique=True, null=True, blank=True,
        help_text="Shopify only: the shop domain (e.g. my-store.myshopify.com), "
        "as sent in X-Shopify-Shop-Domain.",
    )
    account_id = models.CharField(
        max_length=64, blank=True,
        help_text="NetSuite only: the account id, e.g. 123456 or 123456_SB1 (the OAuth realm).",
    )
    base_url = models.URLField(
        help_text="API root: https://my-store.myshopify.com, or for NetSuite "
        "https://123456.suitetalk.api.netsuite.com as shown under Company URLs.",
    )
    api_version = models.CharField(max_length=16, blank=True, default="2026-01")
    netsuite = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="stores",
        limit_choices_to={"kind": "netsuite"},
        help_text="Shopify only: the NetSuite account this store's orders are written to.",
    )
    concurrency_limit = models.PositiveSmallIntegerField(
        default=5, help_text="NetSuite only: our share of the account's concurrent request pool.",
    )
    credentials = EncryptedJSONField(blank=True, default=dict, editable=False)
    previous_webhook_secret_valid_until = models.DateTimeField(
        null=True, blank=True,
        help_text="Shopify only: until then the previous webhook secret is still accepted.",
    )
    credentials_expire_at = models.DateTimeField(null=True, blank=True)
    restlet_url = models.URLField(
        max_length=500, blank=True,
        help_text="NetSuite only, legacy-tax accounts: the external URL of the deployed "
        "record-upsert RESTlet (https://<account>.restlets.api.netsuite.com/app/site/hosting/"
        "restlet.nl?script=…&deploy=…).",
    )
    time_zone = models.CharField(
        max_length=64, blank=True,
        help_text="NetSuite only: the company time zone (Setup → Company → Company "
        "Information), used when the account cannot report it itself.",
    )
    capabilities = models.JSONField(
        default=dict, blank=True, editable=False,
        help_text="NetSuite only: what the account can do, as last read from it.",
    )
    capabilities_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    capabilities_error = models.TextField(blank=True, editable=False)
    is_active = models.BooleanField(default=True)
    health = models.CharField(max_length=16, choices=Health.choices, default=Health.UNKNOWN)
    health_detail = models.TextField(blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    signature_failures = models.PositiveIntegerField(
        default=0, help_text="Webhook deliveries refused for a bad signature.",
    )
    last_signature_failure_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=[
            "credentials", "health", "health_detail", "last_success_at", "last_error_at",
            "signature_failures", "last_signature_failure_at", "capabilities",
            "capabilities_read_at", "capabilities_error",
        ]
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="shopify") | models.Q(shop_domain__isnull=False),
                name="shopify_connection_has_domain",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_paused(self) -> bool:
        return self.health == self.Health.PAUSED

    @property
    def account_capabilities(self):
        """NetSuite only: the capabilities last read from the account, or None."""
        from .netsuite.capabilities import AccountCapabilities

        return AccountCapabilities.from_json(self.capabilities, self.capabilities_read_at)


class WebhookEvent(models.Model):
    """One accepted (or rejected) Shopify delivery, kept raw, exactly as it arrived."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    connection = models.ForeignKey(
        Connection, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    shop_domain = models.CharField(max_length=255)
    topic = models.CharField(max_length=64)
    event_id = models.CharField(max_length=128, unique=True)
    webhook_id = models.CharField(max_length=128, blank=True)
    api_version = models.CharField(max_length=16, blank=True)
    triggered_at = models.DateTimeField(null=True, blank=True)
    headers = models.JSONField(default=dict, help_text="Allow-listed X-Shopify-* headers.")
    body = models.TextField(help_text="The raw body, byte for byte as signed (UTF-8).")
    resource_id = models.CharField(max_length=32, blank=True, db_index=True)
    resource_updated_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    rejection_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    deliveries = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_delivery_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["shop_domain", "topic", "resource_id"]),
            # A store's last delivery and its traffic by hour (monitoring).
            models.Index(fields=["connection", "received_at"]),
        ]

    def __str__(self):
        return f"{self.topic} {self.resource_id or self.event_id}"


class SyncJob(models.Model):
    """One unit of work. The row exists before any I/O; RQ only runs it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Succeeded"
        SKIPPED = "skipped", "Skipped (stale or superseded)"
        PARKED = "parked", "Parked (needs a person)"
        PAUSED = "paused", "Paused (connection credentials)"
        FAILED = "failed", "Failed (retries exhausted)"

    class ErrorClass(models.TextChoices):
        NONE = "", "—"
        TRANSIENT = "transient", "Transient"
        AUTH = "auth", "Authentication"
        DATA = "data", "Data"
        UNKNOWN_OUTCOME = "unknown_outcome", "Unknown outcome (timed out)"
        BUG = "bug", "Unexpected error"

    UNFINISHED = (Status.PENDING, Status.RUNNING, Status.RETRYING)

    flow = models.CharField(max_length=32, choices=flow_choices)
    idempotency_key = models.CharField(max_length=255, unique=True)
    connection = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="jobs")
    event = models.ForeignKey(
        WebhookEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    object_id = models.CharField(max_length=64, db_index=True, help_text="Shopify object id.")
    object_label = models.CharField(max_length=120, blank=True, help_text="e.g. order #1001")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_retry_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    error_class = models.CharField(
        max_length=16, choices=ErrorClass.choices, default=ErrorClass.NONE, blank=True
    )
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_retry_at"])]

    def __str__(self):
        return f"{self.flow} {self.object_label or self.object_id} ({self.status})"


class SyncLink(models.Model):
    """A Shopify object and the NetSuite record it became."""

    connection = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="links")
    shopify_type = models.CharField(max_length=32)
    shopify_id = models.CharField(max_length=64)
    netsuite_type = models.CharField(max_length=32)
    netsuite_id = models.CharField(max_length=32, blank=True)
    netsuite_status = models.CharField(
        max_length=32, blank=True,
        help_text="The record's status in NetSuite as the job last saw it (sales orders: "
        "A pending approval, B pending fulfillment…).",
    )
    external_id = models.CharField(max_length=128)
    source_updated_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Shopify updated_at of the version written; older updates never overwrite it.",
    )
    last_job = models.ForeignKey(
        SyncJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_synced_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "shopify_type", "shopify_id"], name="one_link_per_object"
            ),
        ]

    def __str__(self):
        return f"{self.shopify_type} {self.shopify_id} → {self.netsuite_type} {self.netsuite_id}"


class FlowCursor(models.Model):
    """Where a polling flow resumes: the position it last read up to, per connection."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="cursors")
    flow = models.CharField(max_length=32, choices=flow_choices)
    name = models.CharField(max_length=64)
    position = models.CharField(
        max_length=255, blank=True,
        help_text="Opaque to everyone but its flow: a timestamp, an id or a token.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["connection", "flow", "name"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "flow", "name"],
                                    name="one_cursor_per_flow_and_name"),
        ]

    def __str__(self):
        return f"{self.flow} {self.name} @ {self.position or '(start)'}"


class JobAttempt(models.Model):
    """One run of a sync job, written when the run ends (integrations.outcomes), never edited.

    `SyncJob.attempts` counts the runs; these rows say how each one went. A run put off
    because another job was writing the same object is kept as *deferred*: it is not an
    attempt, so it carries the number of the attempt still to come.
    """

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Will be retried"
        PARKED = "parked", "Parked (needs a person)"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (stale or superseded)"
        PAUSED = "paused", "Paused (connection credentials)"
        DEFERRED = "deferred", "Deferred (object busy)"

    ERROR_LENGTH = 500

    job = models.ForeignKey(SyncJob, on_delete=models.CASCADE, related_name="attempt_records")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error_class = models.CharField(
        max_length=16, choices=SyncJob.ErrorClass.choices, default=SyncJob.ErrorClass.NONE,
        blank=True,
    )
    error = models.CharField(max_length=ERROR_LENGTH, blank=True,
                             help_text="The start of the error, when the run ended in one.")
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["job", "finished_at", "pk"]
        indexes = [models.Index(fields=["job", "finished_at"])]

    def __str__(self):
        return f"job #{self.job_id} attempt {self.number}: {self.outcome}"


class KnownOrder(models.Model):
    """A Shopify order the inbox has received, with what people look it up by.

    Written by the inbox with each order delivery (integrations.order_directory), from the
    newest version of the order received; the order timeline starts here.
    """

    store = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="known_orders")
    order_id = models.CharField(max_length=32, db_index=True, help_text="Shopify order id.")
    name = models.CharField(max_length=64, blank=True, db_index=True, help_text="e.g. #1001")
    order_number = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    email = models.CharField(max_length=254, blank=True, db_index=True,
                             help_text="The customer's email, lower-cased.")
    customer_id = models.CharField(max_length=32, blank=True, help_text="Shopify customer id.")
    currency = models.CharField(max_length=3, blank=True)
    total_price = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    placed_at = models.DateTimeField(null=True, blank=True)
    order_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Shopify updated_at of the version these values are from."
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "order_id"], name="one_known_order_per_id"),
        ]

    def __str__(self):
        return f"order {self.name or self.order_id}"
