"""The admin side of exceptions.access: every hook the admin calls asks the policy.

`PolicyAdmin` goes in front of a ModelAdmin (the control panel's site puts it in front of
every admin it registers, the libraries' included); `PolicyInline` in front of an inline.
They decide nothing themselves:

- lists, object pages, history, autocomplete, raw-id popups, bulk actions and exports all
  start from `get_queryset`, which keeps only the rows the user may see;
- an object outside that scope is a 404 (never "exists, but not yours");
- the `has_*_permission` hooks, the actions offered, the choices of related fields and the
  filters that may be typed into a URL follow the policy;
- every URL of the admin (extra pages included) first needs the model's view permission.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, include

from . import access


def policy_action(name: str, *, description: str):
    """An admin action the policy grants by `name` (see access.POLICY `actions`)."""

    def decorate(func):
        func = admin.action(description=description)(func)
        func.policy_action = name
        return func

    return decorate


def action_allowed(user, model, func) -> bool:
    """An action named in the policy needs that grant; Django's own (delete_selected) says
    which permission it needs; an action that says nothing needs change permission."""
    name = getattr(func, "policy_action", None)
    if name is not None:
        return access.can_run_action(user, name, model)
    needed = getattr(func, "allowed_permissions", None) or ("change",)
    return all(access.allows(user, verb, model) for verb in needed)


def guarded(view, may_view):
    """Wrap a view: a signed-in user who may not view the model gets 403. Anonymous requests
    go through to the view, which sends them to the login page (or checks its own token)."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        if request.user.is_authenticated and not may_view(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return inner


def guarded_include(urls_module, model_label: str):
    """`include()` of a library's views that check only is_staff (django-rq's dashboard):
    each of them first needs view permission on `model_label`."""

    def may_view(request):
        return access.can_view_model(request.user, model_label)

    patterns = [
        URLPattern(p.pattern, guarded(p.callback, may_view), p.default_args, p.name)
        for p in urls_module.urlpatterns
    ]
    return include((patterns, getattr(urls_module, "app_name", None)))


class PolicyAdmin:
    def _may(self, request, verb: str, obj=None) -> bool:
        return access.allows(request.user, verb, self.model if obj is None else obj)

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} {object_id!s:.40} here.")
        obj._viewer = request.user  # for the page's display methods, which get no request
        return obj

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        return access.scope(request.user, found), duplicates

    def has_module_permission(self, request):
        return any(self._may(request, verb) for verb in access.VERBS)

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj)

    def has_add_permission(self, request):
        return self._may(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)

    def get_actions(self, request):
        offered = super().get_actions(request)
        return {name: action for name, action in offered.items()
                if action_allowed(request.user, self.model, action[0])}

    def lookup_allowed(self, lookup, value, request=None):
        raw = access.raw_fields(self.model)
        if raw and lookup.split("__", 1)[0] in raw and not (
            request is not None and access.sees_raw_payloads(request.user)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _scoped(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scoped(super().formfield_for_manytomany(db_field, request, **kwargs), request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted old version after checking view permission only.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        def may_view(request):
            return self.has_view_or_change_permission(request)

        return [
            URLPattern(p.pattern, guarded(p.callback, may_view), p.default_args, p.name)
            if isinstance(p, URLPattern) else p
            for p in super().get_urls()
        ]


class PolicyInline:
    """An inline's rows follow the policy of its own model."""

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return access.allows(request.user, "view", self.model)

    def has_add_permission(self, request, obj):
        return access.allows(request.user, "add", self.model)

    def has_change_permission(self, request, obj=None):
        return access.allows(request.user, "change", self.model)

    def has_delete_permission(self, request, obj=None):
        return access.allows(request.user, "delete", self.model)


def _scoped(formfield, request):
    if formfield is not None and hasattr(formfield, "queryset"):
        formfield.queryset = access.scope(request.user, formfield.queryset)
    return formfield
