"""Every page of every registered admin answers every persona as the access policy says.

The models come from the admin registry itself, and each expected answer is computed from
exceptions.access: a model registered later is covered here without anyone listing it, and a
change of policy changes the expectations with it. Per model and persona: the index entry, the
list, the add form, and per object its change, history and delete pages, the actions offered,
and every action posted with rows the persona may not act on (which must change nothing).
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from exceptions import access
from exceptions.catalogue import HIGH_RISK_ORDER, JOB_ERROR, UNMAPPED_TAX
from exceptions.models import ExceptionTicket, TicketType
from tests.admin.conftest import PERSONAS, make_ticket

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


@pytest.fixture
def world(records, store, personas):
    """At least one row of every registered model; one ticket per team."""
    for code in (UNMAPPED_TAX, HIGH_RISK_ORDER, JOB_ERROR):
        make_ticket(store, ticket_type=TicketType.objects.get(code=code), title=f"{code} case")
    AccessAttempt.objects.create(username="someone", ip_address="203.0.113.9", user_agent="x",
                                 http_accept="*/*", path_info="/admin/login/", get_data="",
                                 post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(username="someone", ip_address="203.0.113.9",
                                    user_agent="x", http_accept="*/*", path_info="/admin/login/")
    return records


def objects_of(model):
    """The rows to try the object pages on: every ticket (one per team), else the first row."""
    if not model._meta.managed:
        return []
    if model is ExceptionTicket:
        return list(ExceptionTicket.objects.order_by("team"))
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"the world fixture needs a row of {model._meta.label_lower}"
    return [first]


def url(model, page, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def declared_actions(model_admin) -> dict:
    """Every action the admin declares (the site's delete_selected included), by name."""
    declared = dict(admin.site.actions)
    for action in model_admin.actions or ():
        func = action if callable(action) else getattr(model_admin, action)
        declared[getattr(func, "__name__", action)] = func
    return declared


def may_run(user, func, target) -> bool:
    """An action named in the policy needs that grant; Django's own say which permission
    they need (delete_selected: delete); any other needs change permission."""
    if hasattr(func, "policy_action"):
        return access.can_run_action(user, func.policy_action, target)
    needed = getattr(func, "allowed_permissions", None) or ("change",)
    return all(access.allows(user, verb, target) for verb in needed)


def snapshot(model, objs):
    return list(model._default_manager.filter(pk__in=[o.pk for o in objs]).order_by("pk")
                .values())


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY,
                         ids=[m._meta.label_lower for m, _ in REGISTRY])
def test_each_page_answers_each_persona_as_the_policy_says(
    model, model_admin, world, personas, signed_in
):
    wrong = []

    def check(persona, what, got, *wanted):
        if got not in wanted:
            wrong.append(f"{persona}: {what} answered {got}, the policy says {wanted}")

    for persona in PERSONAS:
        user = personas[persona]
        browser = signed_in(user)
        may_view = access.allows(user, "view", model)

        index = browser.get(reverse("admin:index"))
        listed = {m["admin_url"] for app in index.context["app_list"] for m in app["models"]}
        shown = url(model, "changelist") in listed
        check(persona, "index entry", shown, any(access.allows(user, v, model)
                                                 for v in access.VERBS))

        changelist = browser.get(url(model, "changelist"))
        check(persona, "changelist", changelist.status_code, 200 if may_view else 403)
        if changelist.status_code == 200 and changelist.context and "cl" in changelist.context:
            form = changelist.context["action_form"]
            choices = form.fields["action"].choices if form else []
            offered = {value for value, _ in choices if value}
            expected = {name for name, func in declared_actions(model_admin).items()
                        if may_run(user, func, model)}
            check(persona, "actions offered", offered, expected)

        check(persona, "add", browser.get(url(model, "add")).status_code,
              200 if access.allows(user, "add", model) else 403)

        for obj in objects_of(model):
            label = f"#{obj.pk}"
            sees = may_view and access.allows(user, "view", obj)
            out_of_scope = 403 if not may_view else 404
            check(persona, f"change {label}", browser.get(url(model, "change", obj.pk))
                  .status_code, 200 if sees else out_of_scope)
            check(persona, f"history {label}", browser.get(url(model, "history", obj.pk))
                  .status_code, *((200,) if sees else (403, 404)))
            check(persona, f"delete {label}", browser.get(url(model, "delete", obj.pk))
                  .status_code, (200 if access.allows(user, "delete", obj) else 403)
                  if sees else out_of_scope)

        for name, func in declared_actions(model_admin).items():
            refused = [o for o in objects_of(model) if not may_run(user, func, o)]
            if not refused:
                continue
            before = snapshot(model, refused)
            browser.post(url(model, "changelist"), {
                "action": name, ACTION_CHECKBOX_NAME: [o.pk for o in refused], "post": "yes",
                "index": 0,
            })
            if snapshot(model, refused) != before:
                wrong.append(f"{persona}: action {name} changed rows it may not act on")

    assert not wrong, "\n".join(wrong)
